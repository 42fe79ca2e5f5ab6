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
  it('mprotect, brk with an address, a two-digit -y fd', () => {
    expect(decode('mprotect(0x7f09fac81000, 4096, PROT_READ|PROT_WRITE) = 0')).toEqual(
      E.right({ kind: 'mprotect', addr: 0x7f09fac81000, length: 4096, prot: 3 }),
    )
    expect(decode('brk(0x55d0c2a3e000) = 0x55d0c2a3e000')).toEqual(E.right({ kind: 'brk', addr: 0x55d0c2a3e000 }))
    expect(decode('mmap(NULL, 8192, PROT_READ, MAP_SHARED, 12</tmp/x>, 0x1000) = 0x7f0000000000')).toEqual(
      E.right({ kind: 'mmap', addr: 0, length: 8192, prot: 1, flags: 1, fd: 12, path: '/tmp/x', offset: 0x1000 }),
    )
    expect(decode('mmap(NULL, 8192, PROT_READ, MAP_SHARED, 12, 0) = 0x7f0000000000')).toMatchObject(
      E.right({ fd: 12, path: undefined }),
    )
  })
  it('mmap: a -y path is unescaped like a string', () => {
    // strace -y writes non-ASCII bytes in octal (UTF-8 here) and `<`, `>` as \74, \76.
    expect(
      decode(String.raw`mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</tmp/caf\303\251\74\76>, 0) = 0x7f0000000000`),
    ).toMatchObject(E.right({ fd: 3, path: '/tmp/café<>' }))
  })
  it('mmap and close of files whose -y paths hold brackets, commas, quotes and comment marks', () => {
    // Real `strace -y` 6.1 lines: only `<`, `>` and `\\` are escaped in a decoration besides `\"`.
    const cases: readonly [string, string][] = [
      [String.raw`3</tmp/esc/a\"b>`, '/tmp/esc/a"b'],
      ['3</tmp/esc/a)b>', '/tmp/esc/a)b'],
      ['3</tmp/esc/a(b>', '/tmp/esc/a(b'],
      ['3</tmp/esc/a,b>', '/tmp/esc/a,b'],
      [String.raw`3</tmp/esc/a\76b>`, '/tmp/esc/a>b'],
      [String.raw`3</tmp/esc/a\\b>`, '/tmp/esc/a\\b'],
      ['3</tmp/esc/*b*/c>', '/tmp/esc/*b*/c'],
    ]
    for (const [fd, path] of cases) {
      expect(decode(`mmap(NULL, 4096, PROT_READ, MAP_SHARED, ${fd}, 0) = 0x7f5021a9a000`)).toMatchObject(
        E.right({ kind: 'mmap', fd: 3, path }),
      )
      expect(decode(`close(${fd})                 = 0`)).toMatchObject(E.right({ kind: 'close', fd: 3 }))
    }
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
  it('names each argument of each layout call in its message', () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd3, 0) = 0x1000', 'mmap: fd "fd3" is not a number'],
      ['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3x, 0) = 0x1000', 'mmap: fd "3x" is not a number'],
      ['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</a>x, 0) = 0x1000', 'mmap: fd "3</a>x" is not a number'],
      ['mmap(NULL, 4096) = -1 EINVAL (Invalid argument)', 'mmap: expected 6 arguments, got 2'],
      ['mmap(abc, 4096, PROT_READ, MAP_PRIVATE, -1, 0) = 0x1000', 'mmap: address "abc" is not a number'],
      ['mmap(NULL, abc, PROT_READ, MAP_PRIVATE, -1, 0) = 0x1000', 'mmap: length "abc" is not a number'],
      [
        'mmap(NULL, 4096, PROT_BOGUS, MAP_PRIVATE, -1, 0) = 0x1000',
        'mmap: prot: unknown flag "PROT_BOGUS" in "PROT_BOGUS"',
      ],
      ['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, abc) = 0x1000', 'mmap: offset "abc" is not a number'],
      ['munmap(0x1000, abc) = 0', 'munmap: length "abc" is not a number'],
      ['mprotect(0x1000, 4096) = 0', 'mprotect: expected 3 arguments, got 2'],
      ['mprotect(abc, 4096, PROT_READ) = 0', 'mprotect: address "abc" is not a number'],
      ['mprotect(0x1000, abc, PROT_READ) = 0', 'mprotect: length "abc" is not a number'],
      ['mprotect(0x1000, 4096, PROT_BOGUS) = 0', 'mprotect: prot: unknown flag "PROT_BOGUS" in "PROT_BOGUS"'],
      ['mremap(abc, 4096, 8192, MREMAP_MAYMOVE) = 0x9000', 'mremap: old address "abc" is not a number'],
      ['mremap(0x1000, abc, 8192, MREMAP_MAYMOVE) = 0x9000', 'mremap: old length "abc" is not a number'],
      ['mremap(0x1000, 4096, abc, MREMAP_MAYMOVE) = 0x9000', 'mremap: new length "abc" is not a number'],
      [
        'mremap(0x1000, 4096, 8192, MREMAP_BOGUS) = 0x9000',
        'mremap: flags: unknown flag "MREMAP_BOGUS" in "MREMAP_BOGUS"',
      ],
      [
        'mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, abc) = 0x9000',
        'mremap: new address "abc" is not a number',
      ],
      ['brk(abc) = 0x1000', 'brk: address "abc" is not a number'],
    ]
    for (const [line, message] of table) expect([line, decode(line)]).toEqual([line, E.left(message)])
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
    expect(decode('execveat(AT_FDCWD, "/bin/ls", ["ls"], 0x7ffd /* 41 vars */, 0) = 0')).toEqual(
      E.right({ kind: 'execve' }),
    )
  })
  it('clone shares the address space when its flags= part names CLONE_VM', () => {
    const table: ReadonlyArray<readonly [string, boolean]> = [
      ['clone(child_stack=0x7f0a, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 5', true],
      ['clone(flags=CLONE_VM|SIGCHLD, child_stack=0x7f0a) = 5', true],
      ['clone(child_stack=NULL, child_tidptr=0x7f0a) = 5', false],
      ['clone(child_stack=NULL, xflags=CLONE_VM) = 5', false],
      ['clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f0a, stack_size=0x9000}, 88) = 5', true],
    ]
    for (const [line, shareVm] of table)
      expect([line, decode(line)]).toEqual([line, E.right({ kind: 'clone', shareVm })])
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
    expect(decode('close(12) = 0')).toEqual(E.right({ kind: 'close', fd: 12 }))
    expect(decode('close() = -1 EBADF (Bad file descriptor)')).toEqual(E.right({ kind: 'other', name: 'close' }))
    // Only a trailing <path> is the -y annotation.
    expect(decode('close(3<x>0) = 0')).toEqual(E.right({ kind: 'other', name: 'close' }))
    expect(decode('wait4(-1, NULL, 0, NULL) = 5')).toEqual(E.right({ kind: 'other', name: 'wait4' }))
  })
  it('open, openat and creat name a file when their path is one whole string', () => {
    const table: ReadonlyArray<readonly [string, unknown]> = [
      ['open("/etc/passwd", O_RDONLY) = 3', { kind: 'open', path: '/etc/passwd' }],
      ['creat("/tmp/x", 0644) = 3', { kind: 'open', path: '/tmp/x' }],
      ['openat(AT_FDCWD</tmp>, "x", O_RDONLY) = 3</tmp/x>', { kind: 'open', path: 'x' }],
      ['open(0x7ffd1234, O_RDONLY) = -1 EFAULT (Bad address)', { kind: 'other', name: 'open' }],
      ['openat(AT_FDCWD, 0x7ffd1234, O_RDONLY) = -1 EFAULT (Bad address)', { kind: 'other', name: 'openat' }],
      ['openat(AT_FDCWD, "/usr/share/locale/de"..., O_RDONLY) = 3', { kind: 'other', name: 'openat' }],
      ['openat(AT_FDCWD, 0x1"/etc/passwd", O_RDONLY) = 3', { kind: 'other', name: 'openat' }],
    ]
    for (const [line, want] of table) expect([line, decode(line)]).toEqual([line, E.right(want)])
  })
  it("a path's escapes, as strace 6.1 prints them, are the bytes of its UTF-8 name", () => {
    const path = (quoted: string) => decode(`openat(AT_FDCWD, ${quoted}, O_RDONLY) = 3`)
    const table: ReadonlyArray<readonly [string, string]> = [
      [String.raw`"/tmp/a\nb\tc\rd\fe\vf\"g\\h<i>j"`, '/tmp/a\nb\tc\rd\fe\vf"g\\h<i>j'],
      [String.raw`"/tmp/caf\303\251"`, '/tmp/café'],
      // One to three octal digits: strace writes three when a digit follows.
      [String.raw`"/tmp/x\1\0017"`, '/tmp/x\x01\x017'],
      [String.raw`"/tmp/\101\60\1018"`, '/tmp/A0A8'],
      // -x writes every byte in hexadecimal.
      [String.raw`"\x2f\x74\x6d\x70\x2f\x63\x61\x66\xc3\xa9"`, '/tmp/café'],
      [String.raw`"/tmp/\x41B"`, '/tmp/AB'],
      [String.raw`"/tmp/\q"`, '/tmp/q'],
      ['""', ''],
    ]
    for (const [quoted, want] of table)
      expect([quoted, path(quoted)]).toEqual([quoted, E.right({ kind: 'open', path: want })])
  })
})
