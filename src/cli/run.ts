/**
 * `memory-set replay`: reads a trace, replays it, and prints what the options
 * ask for. Everything outside (files, streams, the address-space factory) is
 * passed in, so tests run the command without a process.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { compareWithKernel, describeComparison, explainedRanges } from './replay/compare.js'
import { replay, type Replay } from './replay/engine.js'
import type { EmptySpace } from './replay/space.js'
import { defaultSpace, spaceOfPid, stateAt, stepAtLine } from './replay/timeline.js'
import { diffText } from './render/diff.js'
import { explainText } from './render/explain.js'
import { htmlPage } from './render/html.js'
import { jsonAreas, mapsText } from './render/maps.js'
import { computeStats, statsText } from './render/stats.js'
import { stepLine } from './render/steps.js'
import { parseOptions, usage, type Point } from './options.js'
import { parseTrace } from './strace/trace.js'
import type { Readable, Writable } from 'node:stream'

/** What the command may touch. */
export interface Io {
  readonly readFile: (path: string) => string
  readonly writeFile: (path: string, text: string) => void
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  readonly emptySpace: EmptySpace
  /** Whether standard output is a terminal (progress indicator, interactive mode). */
  readonly tty: boolean
  readonly stdin?: Readable
  readonly stdout?: Writable
  /** Show progress on traces with more events than this (50,000). */
  readonly progressAbove?: number
}

/** Runs `memory-set ARGS...`; resolves to the exit code. */
export const run = async (args: readonly string[], io: Io): Promise<number> => {
  const [sub, ...rest] = args
  if (sub === undefined || sub === '-h' || sub === '--help') {
    io.out(usage + '\n')
    return sub === undefined ? 2 : 0
  }
  if (sub !== 'replay') {
    io.err(`memory-set: unknown command ${JSON.stringify(sub)}; the command is "replay" (see --help)\n`)
    return 2
  }
  const parsed = parseOptions(rest)
  if (E.isLeft(parsed)) {
    io.err(`memory-set replay: ${parsed.left}\n`)
    return 2
  }
  if (parsed.right === undefined) {
    io.out(usage + '\n')
    return 0
  }
  const o = parsed.right
  let text: string
  try {
    text = io.readFile(o.trace)
  } catch (e) {
    io.err(`memory-set replay: cannot read ${o.trace}: ${(e as Error).message}\n`)
    return 1
  }
  const trace = parseTrace(text, {
    ...(o.skipBadLines ? { skipBadLines: true } : {}),
    ...(o.fromLine === undefined ? {} : { fromLine: o.fromLine }),
  })
  if (E.isLeft(trace)) {
    io.err(`${o.trace}:${trace.left.line}: ${trace.left.message}\n  ${trace.left.text}\n`)
    return 1
  }
  // A progress indicator for long traces, on stderr so that stdout stays clean.
  const progress = io.tty && trace.right.events.length > (io.progressAbove ?? 50_000)
  const result = replay(trace.right, {
    emptySpace: io.emptySpace,
    ...(o.pids === undefined ? {} : { pids: new Set(o.pids) }),
    ...(o.untilLine === undefined ? {} : { untilLine: o.untilLine }),
    ...(o.skipBadLines ? { skipBadLines: true } : {}),
    ...(progress ? { onProgress: (f: number) => io.err(`\rreplaying ${o.trace}: ${Math.round(f * 100)}%`) } : {}),
  })
  if (progress) io.err('\n')
  if (E.isLeft(result)) {
    io.err(`${o.trace}:${result.left.line}: ${result.left.message}\n  ${result.left.text}\n`)
    return 1
  }
  const r = result.right
  for (const w of r.warnings) io.err(`${o.trace}:${w.line}: warning: ${w.message}\n`)

  const stepOf = (p: Point): number => Math.min(r.steps.length, p.kind === 'step' ? p.n : stepAtLine(r, p.n))
  const point = o.at === undefined ? r.steps.length : stepOf(o.at)
  // Before the first step no pid has a space yet: show the first one (empty or inherited).
  const spaceId = selectSpace(r, o.pids, point) ?? (point === 0 && r.spaces.length > 0 ? 0 : undefined)
  if (spaceId === undefined) {
    const whose = o.pids === undefined ? '' : ` of pid ${o.pids.join(',')}`
    io.err(`memory-set replay: no calls${whose} in ${o.trace}\n`)
    return 1
  }
  const space = stateAt(r, spaceId, point)
  if (space === undefined) {
    io.err('memory-set replay: the trace has no address space\n')
    return 1
  }
  if (o.html !== undefined) {
    io.writeFile(o.html, htmlPage(r, spaceId, point, `memory-set replay ${o.trace}`))
    io.err(`wrote ${o.html}\n`)
  }
  if (o.check !== undefined) {
    let maps: string
    try {
      maps = io.readFile(o.check)
    } catch (e) {
      io.err(`memory-set replay: cannot read ${o.check}: ${(e as Error).message}\n`)
      return 1
    }
    const c = compareWithKernel(space, maps, explainedRanges(r, spaceId, point))
    io.out(describeComparison(c) + '\n')
    return c.onlyKernel.length + c.onlyReplay.length === 0 ? 0 : 3
  }
  if (o.interactive) {
    if (!io.tty || io.stdin === undefined || io.stdout === undefined) {
      io.err('memory-set replay: --interactive needs a terminal\n')
      return 2
    }
    const own = r.steps.slice(0, point).filter((s) => s.spaceId === spaceId).length
    const { interact } = await import('./interactive.js')
    await interact(r, spaceId, own - 1, io.stdin, io.stdout)
    return 0
  }
  if (o.diff !== undefined) {
    const a = stateAt(r, spaceId, stepOf(o.diff[0]))
    const b = stateAt(r, spaceId, stepOf(o.diff[1]))
    if (a !== undefined && b !== undefined) io.out(diffText(r, a, b) + '\n')
    return 0
  }
  if (o.stats) {
    io.out(statsText(computeStats(r, spaceId, point, space)) + '\n')
    return 0
  }
  if (o.explain !== undefined) {
    io.out(explainText(r, spaceId, point, o.explain) + '\n')
    return 0
  }
  if (o.steps) {
    for (const s of r.steps.slice(0, point)) if (s.spaceId === spaceId) io.out(stepLine(s) + '\n')
    return 0
  }
  if (o.html !== undefined) return 0
  if (o.json) io.out(JSON.stringify(jsonAreas(r, space)) + '\n')
  else {
    const text = mapsText(r, space)
    // An empty map prints nothing, as an empty /proc/PID/maps would.
    io.out(text === '' ? '' : text + '\n')
  }
  return 0
}

/** The space shown: --pid's (the first pid's, with process lines), else the traced program's. */
const selectSpace = (r: Replay, pids: readonly number[] | undefined, point: number): number | undefined => {
  if (!r.processLines) return r.spaces.length > 0 ? 0 : undefined
  const first = pids?.[0]
  return first === undefined ? defaultSpace(r, point) : spaceOfPid(r, first, point)
}
