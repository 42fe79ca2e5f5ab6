import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { command, interact, screen, type Move } from '../../src/cli/interactive.js'
import { replayText } from '../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    '',
    'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    'munmap(0x7f0000000000, 4096) = 0',
  ].join('\n'),
)
const steps = r.steps

const lines = {
  first: '#1 line 1: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000 [applied]',
  second:
    '#2 line 3: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000' +
    ' [placed: MAP_FIXED at 0x7f0000010000: the model would place it at 0x7efffffff000]',
  third: '#3 line 4: munmap(0x7f0000000000, 4096) = 0 [applied]',
}
const areas = {
  ro: '7f0000000000-7f0000001000 r--p 00000000 00:00 0',
  rw: '7f0000010000-7f0000011000 rw-p 00000000 00:00 0',
}

it('moves next, previous, to a step, to a line, and searches', () => {
  expect(command(r, steps, -1, 'n')).toEqual({ position: 0 })
  expect(command(r, steps, 0, '')).toEqual({ position: 1 })
  expect(command(r, steps, 2, 'n')).toEqual({ position: 2, message: 'at the last step' })
  expect(command(r, steps, 1, 'p')).toEqual({ position: 0 })
  expect(command(r, steps, -1, 'p')).toEqual({ position: -1, message: 'at the start' })
  expect(command(r, steps, 0, 'g 3')).toEqual({ position: 2 })
  expect(command(r, steps, 0, 'l 3')).toEqual({ position: 1 })
  expect(command(r, steps, 0, 'l 2')).toEqual({ position: 0 })
  expect(command(r, steps, -1, '/munmap')).toEqual({ position: 2 })
  expect(command(r, steps, 2, '/mmap')).toMatchObject({ position: 2, message: expect.stringContaining('not found') })
  expect(command(r, steps, 0, 'q')).toMatchObject({ quit: true })
  expect(command(r, steps, 0, 'what')).toMatchObject({ position: 0, message: expect.stringContaining('commands') })
})

const help = 'commands: n, p, g STEP, l LINE, /TEXT, q'
describe('command', () => {
  it.each<[number, string, Move]>([
    [0, 'q', { position: 0, quit: true }],
    [1, 'quit', { position: 1, quit: true }],
    [1, ' q ', { position: 1, quit: true }],
    [1, 'qq', { position: 1, message: help }],
    [-1, 'next', { position: 0 }],
    [0, ' n\t', { position: 1 }],
    [1, 'n', { position: 2 }],
    [2, '', { position: 2, message: 'at the last step' }],
    [0, 'prev', { position: -1 }],
    [2, 'previous', { position: 1 }],
    [0, 'p', { position: -1 }],
    [-1, 'previous', { position: -1, message: 'at the start' }],
    [0, 'g 1', { position: 0 }],
    [2, 'g 0', { position: 0 }],
    [0, 'go 2', { position: 1 }],
    [0, 'g  3', { position: 2 }],
    [0, 'g 03', { position: 2 }],
    [0, 'g 9', { position: 0, message: 'no step 9 or later in this space' }],
    [0, 'g 12', { position: 0, message: 'no step 12 or later in this space' }],
    [0, 'g3', { position: 0, message: help }],
    [0, 'gg 3', { position: 0, message: help }],
    [0, 'g 3x', { position: 0, message: help }],
    [0, 'g x', { position: 0, message: help }],
    [0, 'xg 3', { position: 0, message: help }],
    [0, 'goo 3', { position: 0, message: help }],
    [2, 'l 0', { position: -1 }],
    [2, 'l 1', { position: 0 }],
    [0, 'line 4', { position: 2 }],
    [0, 'l  3', { position: 1 }],
    [0, 'l 99', { position: 2 }],
    [0, 'l 12', { position: 2 }],
    [0, 'l3', { position: 0, message: help }],
    [0, 'l 3x', { position: 0, message: help }],
    [0, 'xl 3', { position: 0, message: help }],
    [0, 'lines 3', { position: 0, message: help }],
    [-1, '/mmap', { position: 0 }],
    [0, '/mmap', { position: 1 }],
    [0, '/PROT_READ|PROT_WRITE', { position: 1 }],
    [0, '/placed', { position: 1 }],
    [1, '/mmap', { position: 1, message: 'not found after this step: mmap' }],
    [-1, '/brk', { position: -1, message: 'not found after this step: brk' }],
    [0, 'mmap/', { position: 0, message: help }],
  ])('at %j, %j is %j', (position, input, move) => {
    expect(command(r, steps, position, input)).toStrictEqual(move)
  })
})

it('shows the step, what it changed and the map', () => {
  expect(screen(r, steps, 2, 0)).toBe(`${lines.third}\n- ${areas.ro}\n--- map ---\n${areas.rw}`)
  expect(screen(r, steps, 1, 0)).toBe(`${lines.second}\n+ ${areas.rw}\n--- map ---\n${areas.ro}\n${areas.rw}`)
  expect(screen(r, steps, 0, 0)).toBe(`${lines.first}\n+ ${areas.ro}\n--- map ---\n${areas.ro}`)
  expect(screen(r, steps, -1, 0)).toBe('start of the address space\n(no change to the map)\n--- map ---\n')
  // A space the replay does not have: nothing to compare with, or nothing at all.
  expect(screen(r, steps, 0, 9)).toBe(`${lines.first}\n(no change to the map)\n--- map ---\n${areas.ro}`)
  expect(screen(r, steps, -1, 9)).toBe('empty')
})

describe('interact', () => {
  /** Runs the step-through, answering each prompt with the next answer, then closing the input. */
  const session = async (spaceId: number, start: number, answers: string[], of = r) => {
    const input = new PassThrough()
    const output = new PassThrough()
    let shown = ''
    output.on('data', (d: Buffer) => void (shown += d.toString()))
    let finished = false
    const done = interact(of, spaceId, start, input, output).finally(() => void (finished = true))
    // Answer each prompt once it is shown (a line typed before the question is lost).
    const prompts = (): number => shown.split(' > ').length - 1
    for (const [i, line] of answers.entries()) {
      while (prompts() <= i) await new Promise((resolve) => setTimeout(resolve, 5))
      input.write(line + '\n')
    }
    while (prompts() <= answers.length && !finished) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    input.end()
    await done
    // Without readline's cursor moves and carriage returns.
    // eslint-disable-next-line no-control-regex
    return shown.replace(/\u001b\[\d*[A-Z]|\r/g, '')
  }
  const prompt = (n: number, of = 3): string => `[${n}/${of}] n/p/g N/l N//text/q > `

  it('shows a screen after each command, with its message, until the input ends', async () => {
    expect(await session(0, 99, ['n', 'x', 'p'])).toBe(
      [
        lines.third,
        `- ${areas.ro}`,
        '--- map ---',
        areas.rw,
        `${prompt(3)}n`,
        'at the last step',
        lines.third,
        `- ${areas.ro}`,
        '--- map ---',
        areas.rw,
        `${prompt(3)}x`,
        help,
        lines.third,
        `- ${areas.ro}`,
        '--- map ---',
        areas.rw,
        `${prompt(3)}p`,
        lines.second,
        `+ ${areas.rw}`,
        '--- map ---',
        areas.ro,
        areas.rw,
        prompt(2),
      ].join('\n'),
    )
  })

  it('starts before the first step and stops at q', async () => {
    expect(await session(0, -1, ['q'])).toBe(
      ['start of the address space', '(no change to the map)', '--- map ---', '', `${prompt(0)}q`, ''].join('\n'),
    )
  })

  it('steps through the steps of its space only', async () => {
    const forked = replayText(
      [
        '100  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
        '100  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00000a10) = 101',
        '101  munmap(0x7f0000000000, 4096) = 0',
        '100  mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
      ].join('\n'),
    )
    expect(await session(1, 0, ['p', 'q'], forked)).toBe(
      [
        '#3 line 3 pid 101: munmap(0x7f0000000000, 4096) = 0 [applied]',
        `- ${areas.ro}`,
        '--- map ---',
        '',
        `${prompt(1, 1)}p`,
        'start of the address space',
        '(no change to the map)',
        '--- map ---',
        areas.ro,
        `${prompt(0, 1)}q`,
        '',
      ].join('\n'),
    )
  })

  it('closes its interface at q, and no longer reads the input', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    let shown = ''
    output.on('data', (d: Buffer) => void (shown += d.toString()))
    const done = interact(r, 0, 0, input, output)
    while (!shown.includes(' > ')) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(input.listenerCount('keypress')).toBe(1)
    input.write('q\n')
    await done
    expect(input.listenerCount('keypress')).toBe(0)
  })
})
