import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseLine, parseResult, type TraceLine } from '../../../src/cli/strace/line.js'

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

describe('malformed lines', () => {
  it.each([
    ['hello world', 'not a system call'],
    ['mmap(NULL, 4096', 'not closed'],
    ['mmap(NULL, 4096) 0x1000', 'no result'],
    ['--- SIGSEGV {si_signo=SIGSEGV}', 'closing ---'],
  ])('%j is a Left with the line number', (text, message) => {
    const r = parseLine(text, 42)
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'TraceError', line: 42, text })
    expect(E.isLeft(r) && r.left.message).toContain(message)
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
