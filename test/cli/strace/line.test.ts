import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseLine, parseResult, type CallResult, type TraceLine } from '../../../src/cli/strace/line.js'

const value = (v: number, text: string): CallResult => ({ kind: 'value', value: v, text })
const ok = (text: string): TraceLine => {
  const r = parseLine(text, 7)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('prefixes', () => {
  it('reads a call without pid', () => {
    expect(ok('munmap(0x7f09fae3d000, 38759)           = 0')).toMatchObject({
      kind: 'call',
      pid: undefined,
      name: 'munmap',
      args: '0x7f09fae3d000, 38759',
      result: { kind: 'value', value: 0 },
      line: 7,
    })
  })
  it('reads both pid prefixes', () => {
    expect(ok('6637  brk(NULL) = 0x55d478ffc000')).toMatchObject({ pid: 6637, name: 'brk' })
    expect(ok('[pid  6690] brk(NULL) = 0x55d478ffc000')).toMatchObject({ pid: 6690, name: 'brk' })
  })
  it('skips -t, -tt and -ttt timestamps, with or without a pid', () => {
    expect(ok('11:56:52.368628 brk(NULL) = 0x1000')).toMatchObject({ pid: undefined, name: 'brk' })
    expect(ok('11:56:52 brk(NULL) = 0x1000')).toMatchObject({ pid: undefined, name: 'brk' })
    expect(ok('1764500000.123456 brk(NULL) = 0x1000')).toMatchObject({ pid: undefined, name: 'brk' })
    expect(ok('123 11:56:52.368628 brk(NULL) = 0x1000')).toMatchObject({ pid: 123, name: 'brk' })
  })
  it('drops -T durations from the result', () => {
    expect(ok('brk(NULL) = 0x5607ca8c1000 <0.000007>')).toMatchObject({
      result: { kind: 'value', value: 0x5607ca8c1000 },
    })
  })
})

describe('bodies', () => {
  it('reads failed calls', () => {
    expect(ok('mprotect(0x7f09fac28000, 262144, PROT_READ) = -1 ENOMEM (Cannot allocate memory)')).toMatchObject({
      result: { kind: 'error', errno: 'ENOMEM' },
    })
  })
  it('reads calls with no result', () => {
    expect(ok('exit_group(0)                     = ?')).toMatchObject({ result: { kind: 'none' } })
  })
  it('reads unknown syscalls and truncated arrays', () => {
    expect(ok('syscall_0x1c5(0x1, 0x2) = -1 ENOSYS (Function not implemented)')).toMatchObject({
      name: 'syscall_0x1c5',
    })
    expect(ok('execve("/bin/ls", ["ls", "-l"...], 0x7ffd /* 41 vars */) = 0')).toMatchObject({ name: 'execve' })
  })
  it('reads unfinished and resumed halves', () => {
    expect(ok('6638  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>')).toMatchObject({
      kind: 'unfinished',
      name: 'mmap',
      args: 'NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0',
    })
    expect(ok('6638  <... mmap resumed>)               = 0x7fe9ca161000')).toMatchObject({
      kind: 'resumed',
      name: 'mmap',
      rest: ')               = 0x7fe9ca161000',
    })
  })
  it('reads signals, exits and strace notes', () => {
    expect(ok('--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---')).toMatchObject({
      kind: 'signal',
    })
    expect(ok('6680  +++ exited with 0 +++')).toMatchObject({ kind: 'exit', pid: 6680, text: 'exited with 0' })
    expect(ok('+++ killed by SIGKILL +++')).toMatchObject({ kind: 'exit' })
    expect(ok('strace: Process 6692 attached')).toMatchObject({ kind: 'note' })
    expect(ok('')).toMatchObject({ kind: 'note' })
  })
})

describe('whole lines', () => {
  const at7 = { line: 7, pid: undefined }
  it.each<[string, TraceLine]>([
    // Trailing white space and a CRLF line end are not part of the result.
    ['brk(NULL) = 0x1000  \r', { ...at7, kind: 'call', name: 'brk', args: 'NULL', result: value(0x1000, '0x1000') }],
    // strace's note when a traced process changes personality.
    [
      '[ Process PID=6692 runs in 32 bit mode. ]',
      { ...at7, kind: 'note', text: '[ Process PID=6692 runs in 32 bit mode. ]' },
    ],
    [
      '[pid  6680] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6681, si_uid=0, si_status=0} ---',
      {
        line: 7,
        pid: 6680,
        kind: 'signal',
        text: 'SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=6681, si_uid=0, si_status=0}',
      },
    ],
    // strace -p interrupted by ^C inside a call (the note that split the line cut out).
    [
      'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0},  <detached ...>',
      { ...at7, kind: 'note', text: 'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0},  <detached ...>' },
    ],
  ])('%j', (text, expected) => {
    expect(parseLine(text, 7)).toEqual(E.right(expected))
  })
})

describe('malformed lines', () => {
  it.each([
    ['hello world', 'not a system call, signal, exit or resumed line'],
    ['mmap(NULL, 4096', 'the argument list of mmap is not closed'],
    // `<detached ...>` only at the end of the line.
    ['read(0,  <detached ...> x', 'the argument list of read is not closed'],
    ['mmap(NULL, 4096) 0x1000', 'no result after mmap(...): expected " = VALUE"'],
    ['mmap(NULL, 4096) x = 0x1000', 'no result after mmap(...): expected " = VALUE"'],
    ['--- SIGSEGV {si_signo=SIGSEGV}', 'signal line without its closing ---'],
    ['+++ exited with 0', 'exit line without its closing +++'],
  ])('%j is a Left with the line number and what is wrong', (text, message) => {
    expect(parseLine(text, 42)).toEqual(E.left({ _tag: 'TraceError', line: 42, message, text }))
  })
})

it('parseResult reads restarts and results with comments', () => {
  expect(parseResult(' = ? ERESTARTSYS (To be restarted if SA_RESTART is set)')).toMatchObject({
    kind: 'error',
    errno: 'ERESTARTSYS',
  })
  expect(parseResult(' = 3</etc/passwd>')).toMatchObject({ kind: 'value', value: 3 })
  expect(parseResult(' = 0x1 (flags FD_CLOEXEC)')).toMatchObject({ kind: 'value', value: 1 })
  expect(parseResult(' 0x1')).toBeUndefined()
})

describe('parseResult', () => {
  it.each<[string, CallResult | undefined]>([
    // -T durations are dropped from the text, whatever their size.
    [' = 0x7f09fae3d000 <0.000007>', value(0x7f09fae3d000, '0x7f09fae3d000')],
    ['               = 0 <12.500001>', value(0, '0')],
    [
      ' = -1 ENOMEM (Cannot allocate memory) <0.000010>',
      { kind: 'error', errno: 'ENOMEM', text: '-1 ENOMEM (Cannot allocate memory)' },
    ],
    [' = 0<0.000007>', value(0, '0')],
    [' = 0  <0.000007>', value(0, '0')],
    // Only the duration at the end goes.
    [' = 3</tmp/v<1.2>> <0.000009>', value(3, '3</tmp/v<1.2>>')],
    // strace -y: the fd's path, which may look like an error (a file named `-1 EX`).
    [' = 3</tmp/-1 EX>', value(3, '3</tmp/-1 EX>')],
    // Spaces around `=` are optional.
    [' =0', value(0, '0')],
    [' =  0', value(0, '0')],
    // A call whose result could not be read.
    [' = ? <unavailable>', { kind: 'none', text: '? <unavailable>' }],
    // Not results: no `=` first, more than one line, no number.
    [' x = 1', undefined],
    [' = 0\n1', undefined],
    [' = garbage 12', undefined],
  ])('%j', (tail, expected) => {
    expect(parseResult(tail)).toEqual(expected)
  })
})
