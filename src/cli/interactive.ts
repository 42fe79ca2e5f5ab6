/**
 * Stepping through a replay on a terminal: next, previous, jump to a step or
 * a line, search the calls.
 *
 * @packageDocumentation
 */
import { createInterface } from 'node:readline/promises'
import type { Readable, Writable } from 'node:stream'
import type { Replay } from './replay/engine.js'
import { stepAtLine } from './replay/timeline.js'
import { mapsText } from './render/maps.js'
import { diffText } from './render/diff.js'
import { stepLine } from './render/steps.js'

/** The result of one command: the new position, or a message and the same position. */
export interface Move {
  readonly position: number
  readonly message?: string
  readonly quit?: boolean
}

/**
 * Interprets one command at `position` (indexes into `steps`, the steps of
 * the space being shown; -1 is the start of the space).
 */
export const command = (
  r: Replay,
  steps: readonly Replay['steps'][number][],
  position: number,
  input: string,
): Move => {
  const text = input.trim()
  const last = steps.length - 1
  if (text === 'q' || text === 'quit') return { position, quit: true }
  if (text === '' || text === 'n' || text === 'next') {
    return position >= last ? { position, message: 'at the last step' } : { position: position + 1 }
  }
  if (text === 'p' || text === 'prev' || text === 'previous') {
    return position < 0 ? { position, message: 'at the start' } : { position: position - 1 }
  }
  const go = /^g(?:o)?\s+(\d+)$/.exec(text)
  if (go !== null) {
    const n = Number(go[1])
    const i = steps.findIndex((s) => s.number >= n)
    return i < 0 ? { position, message: `no step ${n} or later in this space` } : { position: i }
  }
  const line = /^l(?:ine)?\s+(\d+)$/.exec(text)
  if (line !== null) {
    const upTo = stepAtLine(r, Number(line[1]))
    let i = -1
    for (const [k, s] of steps.entries()) if (s.number <= upTo) i = k
    return { position: i }
  }
  if (text.startsWith('/')) {
    const needle = text.slice(1)
    for (let k = position + 1; k < steps.length; k++) {
      if (stepLine(steps[k] ?? never()).includes(needle)) return { position: k }
    }
    return { position, message: `not found after this step: ${needle}` }
  }
  return { position, message: 'commands: n, p, g STEP, l LINE, /TEXT, q' }
}

const never = (): never => {
  throw new Error('unreachable: index checked by the loop')
}

/** The text shown at `position`: the step, what it changed, and the map. */
export const screen = (
  r: Replay,
  steps: readonly Replay['steps'][number][],
  position: number,
  spaceId: number,
): string => {
  const s = steps[position]
  const before = position <= 0 ? r.spaces[spaceId]?.initial : steps[position - 1]?.space
  const now = s?.space ?? r.spaces[spaceId]?.initial
  if (now === undefined) return 'empty'
  const head = s === undefined ? 'start of the address space' : stepLine(s)
  // At the start (position -1) `before` and `now` are both the initial state: no change.
  const changes = before === undefined ? '' : diffText(r, before, now)
  return `${head}\n${changes === '' ? '(no change to the map)' : changes}\n--- map ---\n${mapsText(r, now)}`
}

/** Runs the step-through until `q` or end of input. */
export const interact = async (
  r: Replay,
  spaceId: number,
  start: number,
  input: Readable,
  output: Writable,
): Promise<void> => {
  const steps = r.steps.filter((s) => s.spaceId === spaceId)
  let position = Math.min(start, steps.length - 1)
  const rl = createInterface({ input, output, terminal: true })
  // End of input (Ctrl-D) closes the interface, but on Node 20 a question still
  // waiting is never settled: wait for whichever comes first.
  const closed = new Promise<undefined>((resolve) => rl.once('close', () => resolve(undefined)))
  try {
    output.write(screen(r, steps, position, spaceId) + '\n')
    for (;;) {
      const prompt = `[${position + 1}/${steps.length}] n/p/g N/l N//text/q > `
      const answer = await Promise.race([rl.question(prompt), closed]).catch(() => undefined)
      if (answer === undefined) return // input closed
      const move = command(r, steps, position, answer)
      if (move.quit === true) return
      position = move.position
      output.write((move.message !== undefined ? move.message + '\n' : '') + screen(r, steps, position, spaceId) + '\n')
    }
  } finally {
    rl.close()
  }
}
