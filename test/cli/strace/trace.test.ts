import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseTrace, type Trace, type TraceCall } from '../../../src/cli/strace/trace.js'

const ok = (text: string, options = {}): Trace => {
  const r = parseTrace(text, options)
  if (E.isLeft(r)) throw new Error(`${r.left.line}: ${r.left.message}`)
  return r.right
}
const calls = (t: Trace): TraceCall[] => t.events.filter((e): e is TraceCall => e.kind === 'call')

describe('joining interrupted calls', () => {
  const text = [
    '101  munmap(0x7f0000001000, 4096 <unfinished ...>',
    '102  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000',
    '101  <... munmap resumed>) = 0',
    '102  wait4(6680,  <unfinished ...>',
    '102  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 6680',
  ].join('\n')

  it('gives one call in completion order that remembers its entry line', () => {
    const c = calls(ok(text))
    expect(c.map((x) => [x.name, x.line, x.entryLine])).toEqual([
      ['mmap', 2, 2],
      ['munmap', 3, 1],
      ['wait4', 5, 4],
    ])
    expect(c[1]?.args).toEqual(['0x7f0000001000', '4096'])
    expect(c[2]?.args).toEqual(['6680', '[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]', '0', 'NULL'])
  })

  it('a call still open when its process exits ends there, with a warning', () => {
    const t = ok('5  futex(0x1, FUTEX_WAIT, 0 <unfinished ...>\n5  +++ exited with 0 +++\n')
    expect(calls(t)[0]).toMatchObject({ name: 'futex', line: 2, entryLine: 1, result: { kind: 'none' } })
  })

  it('a call never resumed is reported', () => {
    const t = ok('5  mmap(NULL, 4096 <unfinished ...>\n')
    expect(t.warnings).toEqual([{ line: 1, message: 'mmap was never resumed' }])
  })
})

describe('errors and skipping', () => {
  const bad = 'brk(NULL) = 0x1000\nthis is not strace\nbrk(0x2000) = 0x2000\n'
  it('the first malformed line is a Left with its number', () => {
    expect(parseTrace(bad)).toMatchObject({ _tag: 'Left', left: { line: 2, text: 'this is not strace' } })
  })
  it('--skip-bad-lines skips it with a warning', () => {
    const t = ok(bad, { skipBadLines: true })
    expect(calls(t)).toHaveLength(2)
    expect(t.warnings).toEqual([{ line: 2, message: expect.stringContaining('skipped') }])
  })
  it('a resumed line without its start is a warning at the first line (--from-line)', () => {
    const t = ok('1  mmap(NULL, 1 <unfinished ...>\n1  <... mmap resumed>) = 0x1000\n', { fromLine: 2 })
    expect(calls(t)).toHaveLength(0)
    expect(t.warnings[0]?.line).toBe(2)
  })
  it('--from-line ignores earlier lines but keeps line numbers', () => {
    expect(calls(ok(bad, { fromLine: 3 })).map((c) => c.line)).toEqual([3])
  })
})

describe('real-world output', () => {
  it('a note printed in the middle of a line is cut out and the line joined', () => {
    const t = ok('[pid  10] munmap(0x7f40de409000, 4096strace: Process 11 attached\n) = 0\n')
    expect(calls(t)[0]).toMatchObject({ name: 'munmap', pid: 10, line: 1, args: ['0x7f40de409000', '4096'] })
  })
  it('unprefixed lines of a -f trace belong to the only live process', () => {
    const t = ok(
      [
        'brk(NULL) = 0x1000',
        'clone3({flags=CLONE_VM|CLONE_THREAD, stack=0x1}, 88) = 11',
        '[pid    11] mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f00',
        '[pid    10] brk(0x2000) = 0x2000',
        '[pid    11] +++ exited with 0 +++',
        'brk(0x3000) = 0x3000',
      ].join('\n'),
    )
    expect(calls(t).map((c) => c.pid)).toEqual([10, 10, 11, 10, 10])
    expect(t.multiProcess).toBe(true)
  })
})
