import * as E from 'fp-ts/lib/Either.js'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { replay } from '../../../src/cli/replay/engine.js'
import { spaceOfPid } from '../../../src/cli/replay/timeline.js'
import { parseTrace } from '../../../src/cli/strace/trace.js'
import { syntheticTrace } from '../../../src/cli/synthetic-trace.js'
import { FakeSpace } from '../../support/fake-space.js'
import { areasOf, replayText } from '../../support/replay.js'

const anon = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0'

describe('a result in the trace is a fact', () => {
  it('the top of the first placed mapping is the mmap base: later placements are the model’s own', () => {
    const r = replayText(
      [`mmap(NULL, 8192, ${anon}) = 0x7f0000010000`, `mmap(NULL, 4096, ${anon}) = 0x7f000000f000`].join('\n'),
    )
    expect(r.steps.map((s) => s.outcome)).toEqual(['applied', 'applied'])
  })
  it('an mmap lands where the kernel put it, forced with MAP_FIXED when the model would place it elsewhere', () => {
    const r = replayText(
      [`mmap(NULL, 8192, ${anon}) = 0x7f0000010000`, `mmap(NULL, 4096, ${anon}) = 0x7f0000100000`].join('\n'),
    )
    expect(areasOf(r)).toEqual(['7f0000010000-7f0000012000 rw-p', '7f0000100000-7f0000101000 rw-p'])
    expect(r.steps[1]).toMatchObject({
      outcome: 'placed',
      note: 'MAP_FIXED at 0x7f0000100000: the model would place it at 0x7f000000f000',
    })
  })
  it('a failed call changes nothing, even when the model would succeed', () => {
    const r = replayText(`mmap(NULL, 8192, ${anon}) = -1 ENOMEM (Cannot allocate memory)\n`)
    expect(areasOf(r)).toEqual([])
    expect(r.steps[0]).toMatchObject({ outcome: 'failed', note: 'the model would have succeeded' })
  })
  it('a failed mprotect that changed memory is followed (kernelState)', () => {
    const r = replayText(
      [
        `mmap(0x7f0000000000, 8192, ${anon.replace('MAP_PRIVATE', 'MAP_PRIVATE|MAP_FIXED')}) = 0x7f0000000000`,
        'mprotect(0x7f0000000000, 16384, PROT_READ) = -1 ENOMEM (Cannot allocate memory)',
      ].join('\n'),
    )
    expect(areasOf(r)).toEqual(['7f0000000000-7f0000002000 r--p'])
    expect(r.steps[1]?.outcome).toBe('kernel-state')
  })
  it('mprotect of memory mapped before tracing began succeeds on the part the replay knows', () => {
    const r = replayText(
      [`mmap(NULL, 8192, ${anon}) = 0x7f0000002000`, 'mprotect(0x7f0000000000, 16384, PROT_READ) = 0'].join('\n'),
    )
    expect(areasOf(r)).toEqual(['7f0000002000-7f0000004000 r--p'])
    expect(r.steps[1]).toMatchObject({ outcome: 'partial', note: expect.stringContaining('8192 of 16384') })
  })
  it('mremap moves to the traced address; an unknown source is forgotten, not invented', () => {
    const r = replayText(
      [
        `mmap(NULL, 8192, ${anon}) = 0x7f0000002000`,
        'mremap(0x7f0000002000, 8192, 16384, MREMAP_MAYMOVE) = 0x7f0000100000',
        'mremap(0x7e0000000000, 8192, 16384, MREMAP_MAYMOVE) = 0x7f0000200000',
      ].join('\n'),
    )
    expect(areasOf(r)).toEqual(['7f0000100000-7f0000104000 rw-p'])
    expect(r.steps.map((s) => s.outcome)).toEqual(['applied', 'placed', 'unmodelled'])
  })
  it('brk grows the heap from the first break the trace reports', () => {
    const r = replayText(['brk(NULL) = 0x555555559000', 'brk(0x55555557a000) = 0x55555557a000'].join('\n'))
    expect(areasOf(r)).toEqual(['555555559000-55555557a000 rw-p'])
    expect(r.steps.map((s) => s.outcome)).toEqual(['applied', 'applied'])
  })
})

describe('other calls', () => {
  it('events, unmodelled calls and other calls are steps that leave the layout alone', () => {
    const r = replayText(
      [
        `mmap(NULL, 8192, ${anon}) = 0x7f0000002000`,
        'madvise(0x7f0000002000, 4096, MADV_DONTNEED) = 0',
        'shmat(5, NULL, 0) = 0x7f0000100000',
        'syscall_0x1c5(0x1) = -1 ENOSYS (Function not implemented)',
        'getpid() = 5',
      ].join('\n'),
    )
    expect(r.steps.map((s) => s.outcome)).toEqual(['applied', 'event', 'unmodelled', 'failed', 'ignored'])
    expect(r.steps[1]?.space).toBe(r.steps[0]?.space)
  })
  it('a call whose arguments cannot be read stops the replay with its line, or is skipped on request', () => {
    const trace = parseTrace(`brk(NULL) = 0x1000\nmunmap(what, 4096) = 0\n`)
    if (E.isLeft(trace)) throw new Error('parse')
    const emptySpace = () => FakeSpace.empty()
    expect(replay(trace.right, { emptySpace })).toMatchObject({ _tag: 'Left', left: { line: 2 } })
    const skipped = replay(trace.right, { emptySpace, skipBadLines: true })
    expect(E.isRight(skipped) && skipped.right.warnings).toEqual([
      { line: 2, message: expect.stringContaining('not a number') },
    ])
  })
})

describe('threads', () => {
  it('an unfinished munmap is applied where another thread’s mmap lands on its pages', () => {
    const r = replayText(
      [
        `101  mmap(NULL, 8192, ${anon}) = 0x7f0000002000`,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `102  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000002000`,
        '101  <... munmap resumed>) = 0',
      ].join('\n'),
    )
    expect(areasOf(r)).toEqual(['7f0000002000-7f0000003000 r--p'])
    expect(r.steps.map((s) => s.outcome)).toEqual(['applied', 'placed', 'early'])
    expect(r.steps[2]?.note).toContain('line 3')
  })
  it('without process lines, --pid selects whose calls act on the space', () => {
    const text = [
      `101  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`,
      `202  mmap(NULL, 4096, ${anon}) = 0x7f0000009000`,
    ].join('\n')
    expect(areasOf(replayText(text))).toHaveLength(2)
    expect(areasOf(replayText(text, { pids: new Set([202]) }))).toEqual(['7f0000009000-7f000000a000 rw-p'])
  })
  it('--until-line applies only calls completed before the line', () => {
    const text = [`mmap(NULL, 4096, ${anon}) = 0x7f0000001000`, 'munmap(0x7f0000001000, 4096) = 0'].join('\n')
    expect(areasOf(replayText(text, { untilLine: 2 }))).toEqual(['7f0000001000-7f0000002000 rw-p'])
  })
})

describe('address spaces from process lines', () => {
  const text = [
    '10  execve("/bin/a", ["a"], 0x1 /* 1 var */) = 0',
    `10  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`,
    '10  clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 11',
    '10  clone3({flags=CLONE_VM|CLONE_THREAD, stack=0x1}, 88) = 12',
    `11  munmap(0x7f0000001000, 4096) = 0`,
    `12  mmap(NULL, 4096, ${anon}) = 0x7f0000005000`,
    '11  execve("/bin/b", ["b"], 0x1 /* 1 var */) = 0',
    `11  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000009000`,
  ].join('\n')
  const r = replayText(text)

  it('a fork copies the parent, a CLONE_VM thread shares it, an execve starts afresh', () => {
    const parent = spaceOfPid(r, 10)
    expect(spaceOfPid(r, 12)).toBe(parent)
    expect(areasOf(r, parent)).toEqual(['7f0000001000-7f0000002000 rw-p', '7f0000005000-7f0000006000 rw-p'])
    const child = spaceOfPid(r, 11)
    expect(child).not.toBe(parent)
    expect(areasOf(r, child)).toEqual(['7f0000009000-7f000000a000 r--p'])
    const forked = spaceOfPid(r, 11, 6)
    expect(r.spaces[forked ?? -1]).toMatchObject({ kind: 'fork', parent })
    expect(areasOf(r, forked)).toEqual([])
  })
})

test.prop([fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 20, max: 400 })], {
  numRuns: 25,
})('a generated multi-threaded trace replays to the areas its generator kept', (seed, threads, calls) => {
  const t = syntheticTrace({ calls, threads, seed, areas: 40 })
  const r = replayText(t.text)
  const pages = (xs: readonly { start: number; end: number; prot: number }[]): string[] =>
    xs.flatMap((a) => Array.from({ length: (a.end - a.start) / 4096 }, (_, i) => `${a.start + i * 4096}:${a.prot}`))
  const last = r.steps[r.steps.length - 1]?.space.vmas() ?? []
  expect(pages(last)).toEqual(pages(t.areas))
  expect(r.steps.filter((s) => s.outcome === 'disagreed' || s.outcome === 'partial')).toEqual([])
})

describe('files', () => {
  it('a path comes from -y or from an earlier open; a reused fd is another file', () => {
    const r = replayText(
      [
        'openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3',
        'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0000010000',
        'close(3) = 0',
        'openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3',
        'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x1000) = 0x7f000000f000',
        'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 4</usr/lib/libc.so.6>, 0) = 0x7f000000e000',
      ].join('\n'),
    )
    const vmas = r.steps[r.steps.length - 1]?.space.vmas() ?? []
    expect(vmas.map((v) => r.files.get(v.fd)?.path)).toEqual(['/usr/lib/libc.so.6', '/etc/passwd', '/etc/hosts'])
    // /etc/passwd at offset 0x1000 right below /etc/hosts at 0: different files never merge.
    expect(vmas).toHaveLength(3)
  })
})

it('a pid no traced clone made shares the first process’s current space', () => {
  const r = replayText(
    [
      '1  execve("/a", ["a"], 0x1 /* 1 var */) = 0',
      '1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000',
      // Not a clone: a result equal to a pid names no child.
      '1  openat(AT_FDCWD, "/a", O_RDONLY) = 7',
      '7  munmap(0x7f0000001000, 4096) = 0',
    ].join('\n'),
  )
  expect(spaceOfPid(r, 7)).toBe(spaceOfPid(r, 1))
  expect(areasOf(r, spaceOfPid(r, 1))).toEqual([])
})

/** Each step as [number, space, outcome, note, touched]. */
const stepsOf = (r: ReturnType<typeof replayText>) =>
  r.steps.map((s) => [s.number, s.spaceId, s.outcome, s.note, s.touched])
const range = (start: number, end: number) => ({ start, end })

describe('whole replays', () => {
  it('an early munmap: the steps, their notes and the ranges each may have changed', () => {
    const r = replayText(
      [
        `101  mmap(NULL, 8192, ${anon}) = 0x7f0000002000`,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `102  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000002000`,
        '101  <... munmap resumed>) = 0',
      ].join('\n'),
    )
    expect(stepsOf(r)).toEqual([
      [1, 0, 'applied', undefined, [range(0x7f0000002000, 0x7f0000004000)]],
      [
        2,
        0,
        'placed',
        'MAP_FIXED at 0x7f0000002000: the model would place it at 0x7f0000003000',
        [range(0x7f0000002000, 0x7f0000004000)],
      ],
      [3, 0, 'early', "applied at line 3, where another thread's result landed on these pages", []],
    ])
    expect(r.assignments).toEqual([
      { pid: 101, spaceId: 0, line: 1 },
      { pid: 102, spaceId: 0, line: 3 },
    ])
  })

  it('process calls, failed calls, notes, a moved break touching everything, and notices before --until-line', () => {
    const r = replayText(
      [
        '1  execve("/usr/local/bin/a", ["a"], 0x1 /* 1 var */) = -1 ENOENT (No such file or directory)',
        '1  execve("/bin/a", ["a"], 0x1 /* 1 var */) = 0',
        '1  brk(NULL) = 0x555555559000',
        '1  brk(0x55555557a000) = 0x55555557a000',
        '1  madvise(0x555555559000, 4096, MADV_DONTNEED) = -1 EINVAL (Invalid argument)',
        '1  shmat(5, NULL, 0) = 0x7f0000100000',
        '1  clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = -1 EAGAIN (Resource temporarily unavailable)',
        // The child's view of a clone names no child.
        '1  clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 0',
        '1  fork() = 7',
        '7  --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---',
        '7  +++ killed by SIGSEGV +++',
        '1  munmap(0x555555559000, 4096) = 0',
      ].join('\n'),
      { untilLine: 11 },
    )
    expect(stepsOf(r)).toEqual([
      [1, 0, 'failed', undefined, []],
      [2, 1, 'process', undefined, []],
      [3, 1, 'applied', undefined, []],
      [4, 1, 'applied', undefined, 'all'],
      [5, 1, 'failed', undefined, []],
      [6, 1, 'unmodelled', 'shmat is not modelled', []],
      [7, 1, 'failed', undefined, []],
      [8, 1, 'process', undefined, []],
      [9, 1, 'process', undefined, []],
    ])
    expect(r.steps[1]?.space).toBe(r.spaces[1]?.initial)
    expect(r.assignments).toEqual([
      { pid: 1, spaceId: 0, line: 1 },
      { pid: 1, spaceId: 1, line: 2 },
      { pid: 7, spaceId: 2, line: 9 },
    ])
    expect(r.spaces.map(({ initial: _, ...s }) => s)).toEqual([
      { id: 0, kind: 'start', pid: 1, line: 1, parent: undefined },
      { id: 1, kind: 'exec', pid: 1, line: 2, parent: undefined },
      { id: 2, kind: 'fork', pid: 7, line: 9, parent: 1 },
    ])
    expect(r.spaces[2]?.initial).toBe(r.steps[8]?.space)
    expect(r.notices).toEqual([
      { kind: 'signal', line: 10, pid: 7, text: 'SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}' },
    ])
    expect([r.processLines, r.lineCount, r.warnings]).toEqual([true, 12, []])
  })
})

describe('calls still running in other threads (applied early where a result lands on their pages)', () => {
  const base = `101  mmap(NULL, 8192, ${anon}) = 0x7f0000002000`
  const ro = 'PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0'
  it.each([
    [
      'not for a failed result',
      [
        base,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `102  mmap(NULL, 4096, ${anon}) = -1 ENOMEM (Cannot allocate memory)`,
        '101  <... munmap resumed>) = 0',
      ],
      ['applied', 'failed', 'applied'],
      [],
    ],
    [
      'not for results only touching its pages, from mmap or mremap',
      [
        base,
        `102  mmap(0x7f0000010000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000010000`,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `103  mmap(NULL, 4096, ${ro}) = 0x7f0000004000`,
        `103  mmap(NULL, 4096, ${ro}) = 0x7f0000001000`,
        '102  mremap(0x7f0000010000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000020000) = 0x7f0000020000',
        '101  <... munmap resumed>) = 0',
      ],
      ['applied', 'applied', 'placed', 'applied', 'applied', 'applied'],
      ['7f0000001000-7f0000002000 r--p', '7f0000004000-7f0000005000 r--p', '7f0000020000-7f0000021000 r--p'],
    ],
    [
      'not for results below its pages, from mmap or mremap; nor an mremap elsewhere',
      [
        base,
        '104  getpid() = 104',
        `102  mmap(0x7f0000010000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000010000`,
        '101  munmap(0x7f0000030000, 4096 <unfinished ...>',
        '104  mremap(0x7f0000002000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000040000 <unfinished ...>',
        '102  mremap(0x7f0000010000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000020000) = 0x7f0000020000',
        `103  mmap(0x7f0000028000, 4096, ${ro.replace('MAP_PRIVATE', 'MAP_PRIVATE|MAP_FIXED')}) = 0x7f0000028000`,
        '101  <... munmap resumed>) = 0',
        '104  <... mremap resumed>) = 0x7f0000040000',
      ],
      ['applied', 'ignored', 'applied', 'applied', 'applied', 'applied', 'applied'],
      [
        '7f0000003000-7f0000004000 rw-p',
        '7f0000020000-7f0000021000 r--p',
        '7f0000028000-7f0000029000 r--p',
        '7f0000040000-7f0000041000 rw-p',
      ],
    ],
    [
      'for an mremap landing on its pages',
      [
        base,
        `102  mmap(0x7f0000010000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000010000`,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        '102  mremap(0x7f0000010000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f0000002000',
        '101  <... munmap resumed>) = 0',
      ],
      ['applied', 'applied', 'placed', 'early'],
      ['7f0000002000-7f0000004000 r--p'],
    ],
    [
      'an mremap that frees pages is applied early too',
      [
        base,
        '101  mremap(0x7f0000002000, 8192, 4096, 0 <unfinished ...>',
        `102  mmap(NULL, 4096, ${ro}) = 0x7f0000003000`,
        '101  <... mremap resumed>) = 0x7f0000002000',
      ],
      ['applied', 'applied', 'early'],
      ['7f0000002000-7f0000003000 rw-p', '7f0000003000-7f0000004000 r--p'],
    ],
    [
      'not a call that failed',
      [
        base,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `102  mmap(NULL, 4096, ${ro}) = 0x7f0000002000`,
        '101  <... munmap resumed>) = -1 EINVAL (Invalid argument)',
      ],
      ['applied', 'placed', 'failed'],
      ['7f0000002000-7f0000003000 r--p', '7f0000003000-7f0000004000 rw-p'],
    ],
    [
      'not a call of the same thread (it runs one call at a time: such a trace is corrupt)',
      [
        base,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `101  mmap(NULL, 4096, ${ro}) = 0x7f0000002000`,
        '101  <... munmap resumed>) = 0',
      ],
      ['applied', 'placed', 'applied'],
      [],
    ],
    [
      'not a call that already completed',
      [
        base,
        '101  munmap(0x7f0000002000, 8192) = 0',
        `101  mmap(NULL, 8192, ${ro}) = 0x7f0000002000`,
        `102  mmap(0x7f0000003000, 4096, ${anon.replace('MAP_PRIVATE', 'MAP_PRIVATE|MAP_FIXED')}) = 0x7f0000003000`,
      ],
      ['applied', 'applied', 'applied', 'applied'],
      ['7f0000002000-7f0000003000 r--p', '7f0000003000-7f0000004000 rw-p'],
    ],
    [
      'in the order the calls were entered, not completed',
      [
        base,
        '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
        '103  getpid() = 103',
        `102  mmap(NULL, 4096, ${ro}) = 0x7f0000002000`,
        '103  munmap(0x7f0000100000, 4096 <unfinished ...>',
        '103  <... munmap resumed>) = 0',
        '101  <... munmap resumed>) = 0',
      ],
      ['applied', 'ignored', 'placed', 'applied', 'early'],
      ['7f0000002000-7f0000003000 r--p'],
    ],
  ])('%s', (_, lines, outcomes, areas) => {
    const r = replayText(lines.join('\n'))
    expect({ outcomes: r.steps.map((s) => s.outcome), areas: areasOf(r) }).toEqual({ outcomes, areas })
  })

  it('not a call of another address space', () => {
    const r = replayText(
      [
        '1  execve("/a", ["a"], 0x1 /* 1 var */) = 0',
        `1  mmap(NULL, 8192, ${anon}) = 0x7f0000002000`,
        '1  fork() = 2',
        '2  munmap(0x7f0000002000, 8192 <unfinished ...>',
        `1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000002000`,
        '2  <... munmap resumed>) = 0',
      ].join('\n'),
    )
    expect(r.steps.map((s) => s.outcome)).toEqual(['process', 'applied', 'process', 'placed', 'applied'])
    expect(areasOf(r, spaceOfPid(r, 1))).toEqual(['7f0000002000-7f0000003000 r--p', '7f0000003000-7f0000004000 rw-p'])
    expect(areasOf(r, spaceOfPid(r, 2))).toEqual([])
  })
})

describe('selection, files, errors and progress', () => {
  it('without process lines, unselected pids’ calls are not even decoded', () => {
    const r = replayText(
      [
        `101  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`,
        '202  munmap(what, 4096) = 0',
        '202  munmap(0x7f0000001000, 4096 <unfinished ...>',
        `101  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`,
        '202  <... munmap resumed>) = 0',
      ].join('\n'),
      { pids: new Set([101]) },
    )
    expect(stepsOf(r).map((s) => s.slice(0, 3))).toEqual([
      [1, 0, 'applied'],
      [2, 0, 'placed'],
    ])
    expect(r.warnings).toEqual([])
  })
  it('with process lines, --pid selects nothing: every pid is replayed', () => {
    const r = replayText(
      ['1  execve("/a", ["a"], 0x1 /* 1 var */) = 0', `2  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`].join('\n'),
      { pids: new Set([1]) },
    )
    expect(stepsOf(r).map((s) => s.slice(0, 3))).toEqual([
      [1, 1, 'process'],
      [2, 1, 'placed'],
    ])
  })
  it('a file mapping at fd 0 declares a file; an anonymous one with an fd does not; a fork inherits the fd table', () => {
    const r = replayText(
      [
        '1  execve("/a", ["a"], 0x1 /* 1 var */) = 0',
        '1  openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3',
        '1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 0, 0) = 0x7f0000010000',
        '1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, 4, 0) = 0x7f000000e000',
        '1  fork() = 2',
        '2  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0000020000',
      ].join('\n'),
    )
    expect([...r.files]).toEqual([
      [1 << 20, { fd: 0, path: undefined }],
      [(1 << 20) + 1, { fd: 3, path: '/etc/hosts' }],
    ])
    const last = r.steps[r.steps.length - 1]?.space.vmas() ?? []
    expect(last.map((v) => [v.start, v.fd])).toEqual([
      [0x7f000000e000, -1],
      [0x7f0000010000, 1 << 20],
      [0x7f0000020000, (1 << 20) + 1],
    ])
  })
  it('a closed fd names no file: a later mapping of the same fd number has no path', () => {
    const r = replayText(
      [
        'openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3',
        'close(3) = 0',
        // fd 3 reused by a call the trace does not show (socket, dup2, ...).
        'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0000010000',
      ].join('\n'),
    )
    expect([...r.files]).toEqual([[1 << 20, { fd: 3, path: undefined }]])
  })
  it('a file mapping without an fd declares no file and gives the model fd -1', () => {
    const r = replayText(
      [
        'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0) = -1 EBADF (Bad file descriptor)',
        // A corrupt trace: the same call succeeding.
        'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f0000010000',
      ].join('\n'),
    )
    expect([...r.files]).toEqual([])
    expect(r.steps[1]?.space.vmas().map((v) => [v.start, v.fd])).toEqual([[0x7f0000010000, -1]])
  })
  it('keeps the warnings of the trace, before its own', () => {
    const trace = parseTrace('munmap(0x7f0000001000, 4096 <unfinished ...>\nmunmap(what, 4096) = 0\n')
    if (E.isLeft(trace)) throw new Error('parse')
    const r = replay(trace.right, { emptySpace: () => FakeSpace.empty(), skipBadLines: true })
    expect(E.isRight(r) && r.right.warnings).toEqual([
      { line: 1, message: 'munmap was never resumed' },
      { line: 2, message: 'skipped: munmap: address "what" is not a number' },
    ])
  })
  it('an unreadable call is an error naming its line, message and text; skipped, it is a warning', () => {
    const trace = parseTrace(`brk(NULL) = 0x1000\nmunmap(what, 4096) = 0\n`)
    if (E.isLeft(trace)) throw new Error('parse')
    const emptySpace = () => FakeSpace.empty()
    expect(replay(trace.right, { emptySpace })).toEqual(
      E.left({
        _tag: 'TraceError',
        line: 2,
        message: 'munmap: address "what" is not a number',
        text: 'munmap(what, 4096)',
      }),
    )
    const skipped = replay(trace.right, { emptySpace, skipBadLines: true })
    expect(E.isRight(skipped) && skipped.right.warnings).toEqual([
      { line: 2, message: 'skipped: munmap: address "what" is not a number' },
    ])
  })
  it('reports progress every 8192 calls and at the end', () => {
    const text = Array.from({ length: 8200 }, () => 'getpid() = 1').join('\n')
    const seen: number[] = []
    replayText(text, { onProgress: (f) => seen.push(f) })
    expect(seen).toEqual([0, 8192 / 8200, 1])
  })
})

it('a clone naming its caller (a corrupt trace) is not followed', () => {
  const r = replayText(
    ['5  clone(child_stack=NULL, flags=SIGCHLD) = 5', `5  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`].join('\n'),
  )
  expect(r.assignments).toEqual([{ pid: 5, spaceId: 0, line: 1 }])
})

it('a result the model disagrees with lists only what the early calls changed', () => {
  const r = replayText(
    [
      `101  mmap(NULL, 8192, ${anon}) = 0x7f0000002000`,
      '101  munmap(0x7f0000002000, 8192 <unfinished ...>',
      // An offset that is not page-aligned: the model refuses the mapping.
      '102  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3</a>, 0x800) = 0x7f0000002000',
      '101  <... munmap resumed>) = 0',
    ].join('\n'),
  )
  expect(stepsOf(r)).toEqual([
    [1, 0, 'applied', undefined, [range(0x7f0000002000, 0x7f0000004000)]],
    [2, 0, 'disagreed', 'EINVAL: bad mmap arguments', [range(0x7f0000002000, 0x7f0000004000)]],
    [3, 0, 'early', "applied at line 3, where another thread's result landed on these pages", []],
  ])
})
