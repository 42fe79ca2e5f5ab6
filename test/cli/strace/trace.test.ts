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

describe('whole traces', () => {
  it('a trace without pids: every event in order, notes left out, lines counted without the last newline', () => {
    const t = ok(
      [
        'brk(NULL) = 0x1000',
        '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---',
        'strace: Process 6692 attached',
        '+++ killed by SIGSEGV (core dumped) +++',
        '',
      ].join('\n'),
    )
    expect(t).toEqual({
      events: [
        {
          kind: 'call',
          line: 1,
          entryLine: 1,
          pid: 0,
          name: 'brk',
          args: ['NULL'],
          result: { kind: 'value', value: 0x1000, text: '0x1000' },
        },
        { kind: 'signal', line: 2, pid: 0, text: 'SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}' },
        { kind: 'exit', line: 4, pid: 0, text: 'killed by SIGSEGV (core dumped)' },
      ],
      warnings: [],
      multiProcess: false,
      lineCount: 4,
    })
  })
  it('the last line needs no newline', () => {
    expect(ok('brk(NULL) = 0x1000')).toMatchObject({ events: [{ name: 'brk' }], lineCount: 1 })
    expect(ok('brk(NULL) = 0x1000\n\n')).toMatchObject({ events: [{ name: 'brk' }], lineCount: 2 })
  })
  it('a trace whose lines all have pids is a multi-process one', () => {
    expect(ok('5  brk(NULL) = 0x1000\n').multiProcess).toBe(true)
  })
})

describe('interrupted calls', () => {
  const five = (lines: string[]): string => lines.map((l) => `5  ${l}`).join('\n')
  it('a signal inside a call does not end it', () => {
    const t = ok(
      five([
        'wait4(-1,  <unfinished ...>',
        '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6, si_uid=0, si_status=0} ---',
        '<... wait4 resumed>NULL, 0, NULL) = 6',
      ]),
    )
    expect(t.events).toEqual([
      {
        kind: 'signal',
        line: 2,
        pid: 5,
        text: 'SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6, si_uid=0, si_status=0}',
      },
      {
        kind: 'call',
        line: 3,
        entryLine: 1,
        pid: 5,
        name: 'wait4',
        args: ['-1', 'NULL', '0', 'NULL'],
        result: { kind: 'value', value: 6, text: '6' },
      },
    ])
    expect(t.warnings).toEqual([])
  })
  it('an exit inside a call ends it there, before the exit, without a warning', () => {
    const t = ok(five(['futex(0x1, FUTEX_WAIT, 0 <unfinished ...>', '+++ exited with 0 +++', 'brk(NULL) = 0x1000']))
    expect(t.events.slice(0, 2)).toEqual([
      {
        kind: 'call',
        line: 2,
        entryLine: 1,
        pid: 5,
        name: 'futex',
        args: ['0x1', 'FUTEX_WAIT', '0'],
        result: { kind: 'none', text: 'never resumed' },
      },
      { kind: 'exit', line: 2, pid: 5, text: 'exited with 0' },
    ])
    expect(t.warnings).toEqual([])
  })
  it('a call still open at the end ends on the last line', () => {
    const t = ok(five(['wait4(-1,  <unfinished ...>', 'brk(NULL) = 0x1000']))
    expect(t.events[1]).toEqual({
      kind: 'call',
      line: 2,
      entryLine: 1,
      pid: 5,
      name: 'wait4',
      args: ['-1', ''],
      result: { kind: 'none', text: 'never resumed' },
    })
    expect(t.warnings).toEqual([{ line: 1, message: 'wait4 was never resumed' }])
  })
  it('a second call entered before the first resumed replaces it, with a warning', () => {
    const t = ok(
      five(['mmap(NULL, 4096 <unfinished ...>', 'munmap(0x1, 4096 <unfinished ...>', '<... munmap resumed>) = 0']),
    )
    expect(calls(t).map((c) => [c.name, c.line, c.entryLine])).toEqual([['munmap', 3, 2]])
    expect(t.warnings).toEqual([{ line: 1, message: 'mmap was never resumed' }])
  })
  it('a call with no arguments resumes at its closing parenthesis', () => {
    const t = ok(five(['getpid( <unfinished ...>', '<... getpid resumed>) = 5']))
    expect(calls(t)).toEqual([
      {
        kind: 'call',
        line: 2,
        entryLine: 1,
        pid: 5,
        name: 'getpid',
        args: [],
        result: { kind: 'value', value: 5, text: '5' },
      },
    ])
  })
})

describe('resumed lines that do not fit', () => {
  const mismatch = '5  mmap(NULL, 4096 <unfinished ...>\n5  <... munmap resumed>) = 0\n'
  const noResult = '5  mmap(NULL <unfinished ...>\n5  <... mmap resumed>, 4096) 0x1000\n'
  const unclosed = '5  mmap( <unfinished ...>\n5  <... mmap resumed> = 5\n'
  it('another call resumed than the one open is a Left', () => {
    expect(parseTrace(mismatch)).toEqual(
      E.left({
        _tag: 'TraceError',
        line: 2,
        message: '<... munmap resumed> without its <unfinished ...> line',
        text: '5  <... munmap resumed>) = 0',
      }),
    )
  })
  it('a resumed call without a result is a Left', () => {
    for (const text of [noResult, unclosed]) {
      expect(parseTrace(text)).toEqual(
        E.left({
          _tag: 'TraceError',
          line: 2,
          message: 'no result after <... mmap resumed>',
          text: text.split('\n')[1],
        }),
      )
    }
  })
  it('--skip-bad-lines skips them with a warning', () => {
    expect(ok(mismatch, { skipBadLines: true })).toMatchObject({
      events: [{ name: 'mmap', result: { kind: 'none' } }],
      warnings: [
        { line: 2, message: 'skipped: <... munmap resumed> without its <unfinished ...> line' },
        { line: 1, message: 'mmap was never resumed' },
      ],
    })
    expect(ok(noResult, { skipBadLines: true })).toEqual({
      events: [],
      warnings: [{ line: 2, message: 'skipped: no result after <... mmap resumed>' }],
      multiProcess: true,
      lineCount: 2,
    })
  })
  it('a resumed line of a process seen for the first time is a warning (strace -p)', () => {
    const t = ok('5  brk(NULL) = 0x1000\n6  <... read resumed>"x", 1) = 1\n')
    expect(t.warnings).toEqual([{ line: 2, message: 'skipped: <... read resumed> without its <unfinished ...> line' }])
    expect(calls(t)).toHaveLength(1)
  })
})

describe('notes printed in the middle of a line', () => {
  it('strace -p detaching inside a call (^C) leaves a note', () => {
    const t = ok(
      'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0}, strace: Process 28674 detached\n <detached ...>\n',
    )
    expect(t).toEqual({ events: [], warnings: [], multiProcess: false, lineCount: 2 })
  })
  it('a whole-line note is not joined to the next line', () => {
    const t = ok('strace: Process 11 attached\n[pid    11] brk(NULL) = 0x1000\n')
    expect(calls(t).map((c) => [c.line, c.pid])).toEqual([[2, 11]])
  })
  it('a note on the last line is not joined to anything', () => {
    const text = '[pid    10] munmap(0x7f40de409000, 4096strace: Process 11 attached'
    expect(parseTrace(`brk(NULL) = 0x1000\n${text}\n`)).toEqual(
      E.left({ _tag: 'TraceError', line: 2, message: 'the argument list of munmap is not closed', text }),
    )
  })
})

describe('unprefixed lines of a -f trace', () => {
  const pids = (lines: string[]): number[] => ok(lines.join('\n')).events.map((e) => e.pid)
  it('clone, fork and vfork make children; other calls returning a pid do not', () => {
    for (const clone of ['clone(child_stack=NULL, flags=SIGCHLD)', 'fork()', 'vfork()', 'clone3({flags=0}, 88)']) {
      expect(
        pids(['getpid() = 10', `${clone} = 11`, '[pid    11] brk(NULL) = 0x1000', '[pid    10] brk(NULL) = 0x1000']),
      ).toEqual([10, 10, 11, 10])
    }
    // Not a clone: pid 11 is the traced program.
    expect(pids(['kclone(0) = 11', '[pid    11] brk(NULL) = 0x1000', '[pid    10] brk(NULL) = 0x1000'])).toEqual([
      11, 11, 10,
    ])
    expect(pids(['clone3x(0) = 11', '[pid    11] brk(NULL) = 0x1000', '[pid    10] brk(NULL) = 0x1000'])).toEqual([
      11, 11, 10,
    ])
  })
  it('after the traced program exits, they belong to the child left', () => {
    expect(
      pids([
        'clone(child_stack=NULL, flags=SIGCHLD) = 11',
        '[pid    11] brk(NULL) = 0x1000',
        '[pid    10] +++ exited with 0 +++',
        'brk(0x2000) = 0x2000',
      ]),
    ).toEqual([10, 11, 10, 11])
  })
  it('while more than one process lives, they belong to the traced program', () => {
    expect(
      pids([
        'clone(child_stack=NULL, flags=SIGCHLD) = 11',
        '[pid    11] brk(NULL) = 0x1000',
        'brk(NULL) = 0x1000',
        '[pid    10] brk(NULL) = 0x1000',
      ]),
    ).toEqual([10, 11, 10, 10])
    expect(
      pids([
        '[pid    10] clone(child_stack=NULL, flags=SIGCHLD) = 11',
        '[pid    10] clone(child_stack=NULL, flags=SIGCHLD) = 12',
        '[pid    11] brk(NULL) = 0x1000',
        '[pid    12] brk(NULL) = 0x1000',
        '[pid    10] +++ exited with 0 +++',
        'brk(0x2000) = 0x2000',
      ]),
    ).toEqual([10, 10, 11, 12, 10, 10])
  })
})
