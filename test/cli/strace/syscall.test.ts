import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeSyscall } from '../../../src/cli/strace/syscall.js'
import { parseTrace, type TraceCall } from '../../../src/cli/strace/trace.js'

const call = (line: string): TraceCall => {
  const t = parseTrace(line)
  if (E.isLeft(t) || t.right.events[0]?.kind !== 'call') throw new Error('not a call')
  return t.right.events[0]
}
const decode = (line: string) => decodeSyscall(call(line))

describe('layout calls', () => {
  it('mmap with a -y file', () => {
    expect(
      decode(
        'mmap(0x7f09fac81000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3</usr/lib/x86_64-linux-gnu/libc.so.6>, 0x26000) = 0x7f09fac81000',
      ),
    ).toEqual(
      E.right({
        kind: 'mmap',
        addr: 0x7f09fac81000,
        length: 1400832,
        prot: 5,
        flags: 0x812,
        fd: 3,
        path: '/usr/lib/x86_64-linux-gnu/libc.so.6',
        offset: 0x26000,
      }),
    )
  })
  it('anonymous mmap, munmap, mprotect, brk', () => {
    expect(decode('mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|0x40000, -1, 0) = 0x1000')).toMatchObject(
      E.right({ kind: 'mmap', addr: 0, fd: -1, path: undefined, flags: 0x40022 }),
    )
    expect(decode('munmap(0x1000, 38759) = 0')).toEqual(E.right({ kind: 'munmap', addr: 0x1000, length: 38759 }))
    expect(decode('pkey_mprotect(0x1000, 4096, PROT_READ, 1) = 0')).toEqual(
      E.right({ kind: 'mprotect', addr: 0x1000, length: 4096, prot: 1 }),
    )
    expect(decode('brk(NULL) = 0x1000')).toEqual(E.right({ kind: 'brk', addr: 0 }))
  })
  it('mremap with and without a new address', () => {
    expect(decode('mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE) = 0x9000')).toEqual(
      E.right({ kind: 'mremap', oldAddr: 0x1000, oldLength: 4096, newLength: 8192, flags: 1, newAddr: 0 }),
    )
    expect(decode('mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x20000) = 0x20000')).toMatchObject(
      E.right({ flags: 3, newAddr: 0x20000 }),
    )
  })
  it('bad arguments are a message naming the call and the argument', () => {
    expect(decode('mmap(NULL, 4096, PROT_READ, MAP_WHATEVER, -1, 0) = 0x1000')).toEqual(
      E.left('mmap: flags: unknown flag "MAP_WHATEVER" in "MAP_WHATEVER"'),
    )
    expect(decode('munmap(0x1000) = 0')).toEqual(E.left('munmap: expected 2 arguments, got 1'))
    expect(decode('munmap(abc, 4096) = 0')).toEqual(E.left('munmap: address "abc" is not a number'))
  })
})

describe('other calls', () => {
  it('process calls', () => {
    expect(
      decode(
        'clone3({flags=CLONE_VM|CLONE_FS|CLONE_THREAD, child_tid=0x7fe9c9f72990, exit_signal=0} => {parent_tid=[6638]}, 88) = 6638',
      ),
    ).toEqual(E.right({ kind: 'clone', shareVm: true }))
    expect(
      decode('clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 5'),
    ).toEqual(E.right({ kind: 'clone', shareVm: false }))
    expect(decode('vfork() = 6680')).toEqual(E.right({ kind: 'clone', shareVm: true }))
    expect(decode('fork() = 6680')).toEqual(E.right({ kind: 'clone', shareVm: false }))
    expect(decode('execve("/bin/ls", ["ls"], 0x7ffd /* 41 vars */) = 0')).toEqual(E.right({ kind: 'execve' }))
  })
  it('events, unmodelled calls and files', () => {
    expect(decode('madvise(0x1000, 4096, MADV_DONTNEED) = 0')).toEqual(E.right({ kind: 'event', name: 'madvise' }))
    expect(decode('mlock(0x1000, 4096) = 0')).toEqual(E.right({ kind: 'event', name: 'mlock' }))
    expect(decode('syscall_0x1c5(0x1, 0x2) = 0')).toEqual(E.right({ kind: 'unmodelled', name: 'syscall_0x1c5' }))
    expect(decode('shmat(5, NULL, 0) = 0x7f0000000000')).toEqual(E.right({ kind: 'unmodelled', name: 'shmat' }))
    expect(decode('openat(AT_FDCWD, "/etc/ld\\x2eso.cache", O_RDONLY|O_CLOEXEC) = 3')).toEqual(
      E.right({ kind: 'open', path: '/etc/ld.so.cache' }),
    )
    expect(decode('close(3</etc/ld.so.cache>) = 0')).toEqual(E.right({ kind: 'close', fd: 3 }))
    expect(decode('wait4(-1, NULL, 0, NULL) = 5')).toEqual(E.right({ kind: 'other', name: 'wait4' }))
  })
})
