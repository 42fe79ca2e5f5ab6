import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  errno,
  type ErrnoCode,
  MAP_FIXED,
  MAP_SHARED,
  MREMAP_DONTUNMAP,
  PROT_EXEC,
  type FileOptions,
  MREMAP_FIXED,
  MREMAP_MAYMOVE,
  PROT_READ,
  PROT_WRITE,
} from '../../src/linux/index.js'
import { A, anonFixed, err, layout, ok, PAGE, range, sharedFixed } from './support/helpers.js'

const RW = PROT_READ | PROT_WRITE
const MOVE_TO = MREMAP_MAYMOVE | MREMAP_FIXED
const BASE = 0x7ffff7fff000

describe('mremap in place', () => {
  const space = anonFixed(AddressSpace.empty({ mmapBase: BASE }), A(0), 4, RW)

  it('shrinks in place (unmapping the tail) and grows in place when the next pages are free', () => {
    const [shrunk, at] = ok(space.mremap(A(0), 4 * PAGE, 2 * PAGE, 0))
    expect(at).toBe(A(0))
    expect(layout(shrunk)).toEqual([range(A(0), A(2), 'rw-p 0')])
    expect(layout(ok(shrunk.mremap(A(0), 2 * PAGE, 6 * PAGE, 0))[0])).toEqual([range(A(0), A(6), 'rw-p 0')])
  })

  it('growing into a mapping: ENOMEM without MREMAP_MAYMOVE, a top-down move with it', () => {
    const blocked = anonFixed(space, A(4), 1, PROT_READ)
    expect(err(blocked.mremap(A(0), 4 * PAGE, 6 * PAGE, 0)).code).toBe('ENOMEM')
    const [moved, to] = ok(blocked.mremap(A(0), 4 * PAGE, 6 * PAGE, MREMAP_MAYMOVE))
    expect(to).toBe(BASE - 6 * PAGE)
    expect(layout(moved)).toEqual([range(A(4), A(5), 'r--p 0'), range(to, BASE, 'rw-p 0')])
  })

  it('same length without flags returns the address and the very same space', () => {
    const [same, at] = ok(space.mremap(A(0), 4 * PAGE, 4 * PAGE, 0))
    expect(at).toBe(A(0))
    expect(same).toBe(space)
  })
})

describe('mremap moves', () => {
  const space = anonFixed(AddressSpace.empty({ mmapBase: BASE }), A(0), 4, RW)

  it('MREMAP_FIXED replaces the destination, and untouched anonymous memory merges where it lands', () => {
    const target = anonFixed(space, A(20), 2, RW)
    const [moved, to] = ok(target.mremap(A(0), 4 * PAGE, 4 * PAGE, MOVE_TO, A(22)))
    expect(to).toBe(A(22))
    expect(layout(moved)).toEqual([range(A(20), A(26), 'rw-p 0')])
  })

  it('a file mapping keeps its offsets when it moves', () => {
    const file = ok(
      AddressSpace.empty()
        .withFile(3, { path: '/f' })
        .mmap(A(0), 4 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 0),
    )[0]
    const [moved] = ok(file.mremap(A(2), 2 * PAGE, 2 * PAGE, MOVE_TO, A(10)))
    expect(layout(moved)).toEqual([range(A(0), A(2), 'r--s 0 /f'), range(A(10), A(12), 'r--s 2000 /f')])
  })

  it('MREMAP_DONTUNMAP leaves the source mapped', () => {
    const [moved, to] = ok(space.mremap(A(0), 4 * PAGE, 4 * PAGE, MOVE_TO | MREMAP_DONTUNMAP, A(10)))
    expect(to).toBe(A(10))
    expect(layout(moved)).toEqual([range(A(0), A(4), 'rw-p 0'), range(A(10), A(14), 'rw-p 0')])
  })

  it('old length 0 duplicates a shared mapping, and is EINVAL for a private one', () => {
    const shared = sharedFixed(AddressSpace.empty({ mmapBase: BASE }), A(0), 2, RW)
    const [dup, to] = ok(shared.mremap(A(0), 0, 2 * PAGE, MREMAP_MAYMOVE))
    expect(layout(dup)).toEqual([
      range(A(0), A(2), 'rw-s 0 /dev/zero (deleted)'),
      range(to, to + 2 * PAGE, 'rw-s 0 /dev/zero (deleted)'),
    ])
    expect(err(space.mremap(A(0), 0, 2 * PAGE, MREMAP_MAYMOVE)).code).toBe('EINVAL')
  })

  it('a fixed move with an unchanged length carries several mappings and keeps the holes between them', () => {
    const several = anonFixed(anonFixed(AddressSpace.empty(), A(0), 2, RW), A(3), 2, PROT_READ)
    const [moved, to] = ok(several.mremap(A(0), 5 * PAGE, 5 * PAGE, MOVE_TO, A(100)))
    expect(to).toBe(A(100))
    expect(layout(moved)).toEqual([range(A(100), A(102), 'rw-p 0'), range(A(103), A(105), 'r--p 0')])
  })
})

describe('mremap errors', () => {
  const space = anonFixed(anonFixed(AddressSpace.empty(), A(0), 2, RW), A(2), 2, PROT_READ)
  it.each([
    ['unknown flags', [A(0), PAGE, PAGE, 8, 0], 'EINVAL'],
    ['unaligned old address', [A(0) + 1, PAGE, PAGE, 0, 0], 'EINVAL'],
    ['new length 0', [A(0), PAGE, 0, 0, 0], 'EINVAL'],
    ['MREMAP_FIXED without MREMAP_MAYMOVE', [A(0), PAGE, PAGE, MREMAP_FIXED, A(50)], 'EINVAL'],
    ['MREMAP_DONTUNMAP resizing', [A(0), PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0], 'EINVAL'],
    ['a destination overlapping the source', [A(0), 2 * PAGE, 2 * PAGE, MOVE_TO, A(1)], 'EINVAL'],
    ['nothing mapped at the old address', [A(50), PAGE, 2 * PAGE, MREMAP_MAYMOVE, 0], 'EFAULT'],
    ['an old range crossing into the next mapping', [A(0), 3 * PAGE, 4 * PAGE, MREMAP_MAYMOVE, 0], 'EFAULT'],
    ['a fixed move starting in a hole', [A(10), PAGE, PAGE, MOVE_TO, A(50)], 'EFAULT'],
  ] as const)('%s: %s', (_what, args, code) => {
    expect(err(space.mremap(...(args as unknown as [number, number, number, number, number]))).code).toBe(code)
  })
})

describe('mremap near the map count limit', () => {
  it('a move within 3 areas of maxMapCount is ENOMEM (Linux keeps room for the splits)', () => {
    let space = AddressSpace.empty({ maxMapCount: 8, mmapBase: BASE })
    for (let i = 0; i < 5; i++) space = anonFixed(space, A(2 * i), 1, i % 2 === 0 ? RW : PROT_READ)
    expect(err(space.mremap(A(0), PAGE, 4 * PAGE, MREMAP_MAYMOVE)).code).toBe('ENOMEM')
    expect(ok(space.mremap(A(0), PAGE, 2 * PAGE, 0))[1]).toBe(A(0)) // growing in place needs no new area
  })
})

const TASK = 0x7ffffffff000
const MIB2 = 0x200000
const hex = (n: number): string => (Number.isInteger(n) ? `0x${n.toString(16)}` : String(n))
/** What `mremap(...args)` fails with: the code and the full message, and no `kernelState`. */
const failure = (args: readonly number[], code: ErrnoCode, text: string) =>
  E.left(errno(code, `mremap(${args.map(hex).join(', ')}): ${text}`))
type Args = readonly [number, number, number, number, number]
/** The layout Linux leaves after `mremap(...args)` fails as `failure(args, code, text)` says, but half done. */
const halfDone = (space: AddressSpace, args: Args, code: ErrnoCode, text: string): string[] => {
  const { kernelState, ...rest } = err(space.mremap(...args))
  expect(E.left(rest)).toEqual(failure(args, code, text))
  return layout(kernelState!)
}
/** A space of its own private anonymous mapping at A(0) (plus `more`) and seeded ones, from `/proc/PID/maps` lines. */
const seeded = (space: AddressSpace, mappings: Parameters<AddressSpace['withMappings']>[0]): AddressSpace =>
  ok(space.withMappings(mappings))

describe('mremap error messages', () => {
  const space = anonFixed(anonFixed(AddressSpace.empty(), A(0), 2, RW), A(2), 2, PROT_READ)
  it.each<readonly [Args, ErrnoCode, string]>([
    [[1.5, PAGE, PAGE, 0, 0], 'EINVAL', 'the arguments must be integers'],
    [[A(0), 1.5, PAGE, 0, 0], 'EINVAL', 'the arguments must be integers'],
    [[A(0), PAGE, 1.5, 0, 0], 'EINVAL', 'the arguments must be integers'],
    [[A(0), PAGE, PAGE, 1.5, 0], 'EINVAL', 'the arguments must be integers'],
    [[A(0), PAGE, PAGE, 0, 1.5], 'EINVAL', 'the arguments must be integers'],
    [[A(0), PAGE, PAGE, 8, 0], 'EINVAL', 'unknown flags 0x8'],
    [[A(0) + 1, PAGE, PAGE, 0, 0], 'EINVAL', 'old address 0x100000000001 is not page-aligned'],
    [[A(0), PAGE, 0, 0, 0], 'EINVAL', 'new length 0'],
    [[A(0), PAGE, TASK + PAGE, MREMAP_MAYMOVE, 0], 'EINVAL', 'new length 0x800000000000 passes the task size'],
    [[A(0), PAGE, PAGE, MOVE_TO, TASK], 'EINVAL', 'new address 0x7ffffffff000 passes the task size'],
    [[A(0), PAGE, PAGE, MOVE_TO, A(50) + 1], 'EINVAL', 'new address 0x100000032001 is not page-aligned'],
    [[A(0), PAGE, PAGE, MREMAP_FIXED, A(50)], 'EINVAL', 'MREMAP_FIXED and MREMAP_DONTUNMAP need MREMAP_MAYMOVE'],
    [[A(0), PAGE, PAGE, MREMAP_DONTUNMAP, A(50)], 'EINVAL', 'MREMAP_FIXED and MREMAP_DONTUNMAP need MREMAP_MAYMOVE'],
    [[A(0), PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0], 'EINVAL', 'MREMAP_DONTUNMAP cannot resize'],
    [[A(0), 2 * PAGE, 2 * PAGE, MOVE_TO, A(1)], 'EINVAL', 'the destination overlaps the source'],
    [[A(1), 2 * PAGE, 2 * PAGE, MOVE_TO, A(0)], 'EINVAL', 'the destination overlaps the source'],
    [[A(50), PAGE, 2 * PAGE, MREMAP_MAYMOVE, 0], 'EFAULT', '0x100000032000 is not mapped'],
    [[A(0), 0, 2 * PAGE, MREMAP_MAYMOVE, 0], 'EINVAL', 'old length 0 duplicates only shared mappings'],
    [
      [A(0), 3 * PAGE, 4 * PAGE, MREMAP_MAYMOVE, 0],
      'EFAULT',
      '[0x100000000000, 0x100000003000) passes the end of its mapping 0x100000002000',
    ],
    [
      [A(0), 2 * PAGE, 3 * PAGE, 0, 0],
      'ENOMEM',
      '[0x100000002000, 0x100000003000) is not free and MREMAP_MAYMOVE is not set',
    ],
    [[A(0), 2 * PAGE, TASK - PAGE, MREMAP_MAYMOVE, 0], 'ENOMEM', 'no free range of 0x7fffffffe000 bytes'],
    [[A(10), PAGE, PAGE, MOVE_TO, A(50)], 'EFAULT', '0x10000000a000 is not mapped'],
    [[A(-1), 2 * PAGE, 2 * PAGE, MOVE_TO, A(50)], 'EFAULT', '0xffffffff000 is not mapped'],
    [[A(0), 4 * PAGE, 4 * PAGE, MOVE_TO, 0], 'EPERM', 'address 0x0 is below the minimum 0x1000'],
  ])('mremap(%j): %s', (args, code, text) => {
    expect(space.mremap(...args)).toEqual(failure(args, code, text))
  })

  it('the bounds themselves are allowed: a new length of the task size, a move to its top or right below the source', () => {
    expect(space.mremap(A(0), 2 * PAGE, TASK, MREMAP_MAYMOVE)).toEqual(
      failure([A(0), 2 * PAGE, TASK, MREMAP_MAYMOVE, 0], 'ENOMEM', 'no free range of 0x7ffffffff000 bytes'),
    )
    const [top, at] = ok(space.mremap(A(0), 2 * PAGE, 2 * PAGE, MOVE_TO, TASK - 2 * PAGE))
    expect(at).toBe(TASK - 2 * PAGE)
    expect(layout(top)).toEqual([range(A(2), A(4), 'r--p 0'), range(TASK - 2 * PAGE, TASK, 'rw-p 0')])
    const [below] = ok(space.mremap(A(2), 2 * PAGE, 2 * PAGE, MOVE_TO, A(0)))
    expect(layout(below)).toEqual([range(A(0), A(2), 'r--p 0')])
  })

  it('a shrinking fixed move keeps the shrink when the destination is refused (EPERM), like Linux', () => {
    const args = [A(0), 2 * PAGE, PAGE, MOVE_TO, 0] as const
    expect(halfDone(space, args, 'EPERM', 'address 0x0 is below the minimum 0x1000')).toEqual([
      range(A(0), A(1), 'rw-p 0'),
      range(A(2), A(4), 'r--p 0'),
    ])
  })
})

describe('mremap of special mappings (VM_DONTEXPAND, VM_PFNMAP)', () => {
  const space = seeded(AddressSpace.empty(), [
    { start: A(0), end: A(1), perms: 'rw-p', vmflags: 'rd wr mr mw me de' },
    { start: A(2), end: A(3), perms: 'r--p', vmflags: 'rd mr mw me pf' },
    { start: A(4), end: A(5), perms: 'rw-p', vmflags: 'rd wr mr mw me' },
  ])
  it.each<readonly [Args, ErrnoCode, string]>([
    [[A(0), PAGE, 2 * PAGE, MREMAP_MAYMOVE, 0], 'EFAULT', 'a special mapping cannot grow'],
    [[A(2), PAGE, 2 * PAGE, MREMAP_MAYMOVE, 0], 'EFAULT', 'a special mapping cannot grow'],
    [[A(0), PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, A(50)], 'EINVAL', 'MREMAP_DONTUNMAP of a special mapping'],
    [[A(2), PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, A(50)], 'EINVAL', 'MREMAP_DONTUNMAP of a special mapping'],
  ])('mremap(%j): %s', (args, code, text) => {
    expect(space.mremap(...args)).toEqual(failure(args, code, text))
  })

  it('they move, and shrink, and an ordinary mapping grows and moves with MREMAP_DONTUNMAP', () => {
    expect(layout(ok(space.mremap(A(0), PAGE, PAGE, MOVE_TO, A(50)))[0])[2]).toBe(range(A(50), A(51), 'rw-p 0'))
    expect(layout(ok(space.mremap(A(2), PAGE, PAGE, MOVE_TO, A(50)))[0])[2]).toBe(range(A(50), A(51), 'r--p 0'))
    expect(ok(space.mremap(A(0), PAGE, PAGE, 0))[1]).toBe(A(0))
    expect(ok(space.mremap(A(4), PAGE, 2 * PAGE, 0))[1]).toBe(A(4))
    expect(ok(space.mremap(A(4), PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, A(50)))[1]).toBe(A(50))
  })

  it('a multi-mapping move stops at a special mapping with MREMAP_DONTUNMAP, keeping the mappings moved before', () => {
    const args = [A(4), 2 * PAGE, 2 * PAGE, MOVE_TO | MREMAP_DONTUNMAP, A(50)] as const
    const several = seeded(space, [{ start: A(5), end: A(6), perms: 'r--p', vmflags: 'rd mr mw me de' }])
    expect(halfDone(several, args, 'EINVAL', 'MREMAP_DONTUNMAP of a special mapping').slice(2)).toEqual([
      range(A(4), A(5), 'rw-p 0'),
      range(A(5), A(6), 'r--p 0'),
      range(A(50), A(51), 'rw-p 0'),
    ])
  })
})

describe('mremap and the commit limit (accounted memory only)', () => {
  const space = anonFixed(anonFixed(AddressSpace.empty({ commitLimit: 4 * PAGE }), A(0), 2, RW), A(10), 2, PROT_READ)

  it('growing accounted memory is charged the growth, and only accounted memory is', () => {
    expect(layout(ok(space.mremap(A(0), 2 * PAGE, 6 * PAGE, 0))[0])[0]).toBe(range(A(0), A(6), 'rw-p 0'))
    expect(space.mremap(A(0), 2 * PAGE, 7 * PAGE, 0)).toEqual(
      failure([A(0), 2 * PAGE, 7 * PAGE, 0, 0], 'ENOMEM', 'growing by 0x5000 bytes passes the commit limit'),
    )
    expect(layout(ok(space.mremap(A(10), 2 * PAGE, 16 * PAGE, 0))[0])[1]).toBe(range(A(10), A(26), 'r--p 0'))
  })

  it('a growing fixed move is charged after the destination is cleared (kept), MREMAP_DONTUNMAP the whole length', () => {
    const target = anonFixed(space, A(20), 1, PROT_READ)
    const args = [A(0), 2 * PAGE, 7 * PAGE, MOVE_TO, A(20)] as const
    expect(halfDone(target, args, 'ENOMEM', '0x7000 bytes passes the commit limit')).toEqual(layout(space))
    expect(layout(ok(target.mremap(A(0), 2 * PAGE, 6 * PAGE, MOVE_TO, A(20)))[0])).toEqual([
      range(A(10), A(12), 'r--p 0'),
      range(A(20), A(26), 'rw-p 0'),
    ])
    const tight = seeded(AddressSpace.empty({ commitLimit: PAGE }), [{ start: A(0), end: A(2), perms: 'rw-p' }])
    const dontUnmap = [A(0), 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, A(20)] as const
    expect(tight.mremap(...dontUnmap)).toEqual(failure(dontUnmap, 'ENOMEM', '0x2000 bytes passes the commit limit'))
  })

  it('a multi-mapping MREMAP_DONTUNMAP move charged past the limit keeps the mappings moved before', () => {
    const two = seeded(anonFixed(AddressSpace.empty({ commitLimit: 2 * PAGE }), A(0), 2, RW), [
      { start: A(3), end: A(6), perms: 'rw-p', touched: false },
    ])
    const args = [A(0), 6 * PAGE, 6 * PAGE, MOVE_TO | MREMAP_DONTUNMAP, A(50)] as const
    expect(halfDone(two, args, 'ENOMEM', '0x3000 bytes passes the commit limit')).toEqual([
      range(A(0), A(2), 'rw-p 0'),
      range(A(3), A(6), 'rw-p 0'),
      range(A(50), A(52), 'rw-p 0'),
    ])
  })
})

describe('where mremap moves a mapping: the placement of its kind, at its offset', () => {
  const blocked = (space: AddressSpace): AddressSpace => anonFixed(space, A(3), 1, PROT_READ)
  const file = (options: FileOptions): AddressSpace =>
    blocked(
      ok(
        AddressSpace.empty()
          .withFile(3, options)
          .mmap(A(1), 2 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 0),
      )[0],
    )
  it.each([
    ['private anonymous memory: 2 MiB-aligned', blocked(anonFixed(AddressSpace.empty(), A(2), 1, RW)), 0x7ffff7a00000],
    [
      'shared anonymous memory (shmem): not aligned',
      blocked(sharedFixed(AddressSpace.empty(), A(2), 1, RW)),
      0x7ffff7bff000,
    ],
    ['a file (ext4): aligned with its offset 0x1000', file({ path: '/f' }), 0x7ffff7a01000],
    ['a tmpfs file: not aligned', file({ path: '/f', hugeAlign: false }), 0x7ffff7bff000],
  ])('%s', (_what, space, to) => {
    expect(ok(space.mremap(A(2), PAGE, 2 * MIB2, MREMAP_MAYMOVE))[1]).toBe(to)
  })

  it('MREMAP_DONTUNMAP to a taken hint searches like a new mapping, with the offset of the moved part', () => {
    const big = ok(
      AddressSpace.empty()
        .withFile(3, { path: '/f' })
        .mmap(A(1), 2 * MIB2 + 2 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 0),
    )[0]
    const taken = anonFixed(big, A(5000), 1, PROT_READ)
    const [moved, to] = ok(taken.mremap(A(2), 2 * MIB2, 2 * MIB2, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, A(5000)))
    expect(to).toBe(0x7ffff7a01000)
    expect(layout(moved)[2]).toBe(range(to, to + 2 * MIB2, 'r--s 1000 /f'))
  })
})

describe('mremap growing in place', () => {
  it('only inside the task size and above the minimum address (0 for a privileged process, which may grow to the whole task size)', () => {
    const low = anonFixed(AddressSpace.empty(), 0x10000, 3, RW)
    const past = [0x12000, PAGE, TASK - PAGE, 0, 0] as const
    expect(low.mremap(...past)).toEqual(
      failure(past, 'ENOMEM', '[0x13000, 0x800000010000) is not free and MREMAP_MAYMOVE is not set'),
    )
    const zero = seeded(AddressSpace.empty(), [{ start: 0, end: PAGE, perms: 'rw-p' }])
    expect(zero.mremap(0, PAGE, 2 * PAGE, 0)).toEqual(
      failure([0, PAGE, 2 * PAGE, 0, 0], 'ENOMEM', '[0x1000, 0x2000) is not free and MREMAP_MAYMOVE is not set'),
    )
    const atMin = anonFixed(AddressSpace.empty(), PAGE, 1, RW)
    expect(layout(ok(atMin.mremap(PAGE, PAGE, 2 * PAGE, 0))[0])).toEqual([range(PAGE, 3 * PAGE, 'rw-p 0')])
    const privileged = seeded(AddressSpace.empty({ fixedMinAddr: 0 }), [{ start: 0, end: PAGE, perms: 'rw-p' }])
    expect(layout(ok(privileged.mremap(0, PAGE, TASK, 0))[0])).toEqual([range(0, TASK, 'rw-p 0 [heap]')])
    // The end counts, not the length: at the top of the task size the kernel refuses to grow in
    // place and moves with MAYMOVE (task-top:7, 10, 11).
    const top = anonFixed(AddressSpace.empty(), TASK - 2 * PAGE, 2, RW)
    const atTop = [TASK - 2 * PAGE, 2 * PAGE, 4 * PAGE, 0, 0] as const
    expect(top.mremap(...atTop)).toEqual(
      failure(atTop, 'ENOMEM', `[${hex(TASK)}, ${hex(TASK + 2 * PAGE)}) is not free and MREMAP_MAYMOVE is not set`),
    )
    const [moved, to] = ok(top.mremap(TASK - 2 * PAGE, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE))
    expect(to).not.toBe(TASK - 2 * PAGE)
    expect(layout(moved)).toEqual([range(to, to + 4 * PAGE, 'rw-p 0')])
    const high = anonFixed(AddressSpace.empty(), 0x7ff000000000, 1, RW)
    expect(layout(ok(high.mremap(0x7ff000000000, PAGE, 2 * PAGE, 0))[0])).toEqual([
      range(0x7ff000000000, 0x7ff000002000, 'rw-p 0'),
    ])
  })
})

describe('mremap shrinking an old range that passes the task size', () => {
  // Linux unmaps the tail with do_vmi_munmap, which refuses a range passing TASK_SIZE as munmap
  // does (task-top:16-20). The model used to unmap it without that check and succeed.
  const top = anonFixed(AddressSpace.empty(), TASK - 6 * PAGE, 6, RW)

  it('is EINVAL in place, and nothing changes', () => {
    const args = [TASK - PAGE, 2 * PAGE, PAGE, 0, 0] as const
    expect(top.mremap(...args)).toEqual(
      failure(args, 'EINVAL', 'unmapping [0x7ffffffff000, 0x800000000000) passes the task size'),
    )
    // the same length, and a shrink whose tail stays inside the task size, are fine
    expect(ok(top.mremap(TASK - PAGE, 2 * PAGE, 2 * PAGE, 0))[1]).toBe(TASK - PAGE)
    expect(layout(ok(top.mremap(TASK - 2 * PAGE, 2 * PAGE, PAGE, 0))[0])).toEqual([
      range(TASK - 6 * PAGE, TASK - PAGE, 'rw-p 0'),
    ])
    // a wrapping old length is refused the same way
    const huge = [TASK - 2 * PAGE, 2 ** 64 - PAGE, PAGE, 0, 0] as const
    expect(err(top.mremap(...huge)).code).toBe('EINVAL')
  })

  it('is EINVAL with MREMAP_FIXED after the destination was unmapped (Linux keeps that)', () => {
    const space = anonFixed(top, TASK - 20 * PAGE, 2, PROT_READ)
    const args = [TASK - PAGE, 2 * PAGE, PAGE, MOVE_TO, TASK - 20 * PAGE] as const
    expect(halfDone(space, args, 'EINVAL', 'unmapping [0x7ffffffff000, 0x800000000000) passes the task size')).toEqual([
      range(TASK - 19 * PAGE, TASK - 18 * PAGE, 'r--p 0'),
      range(TASK - 6 * PAGE, TASK, 'rw-p 0'),
    ])
  })
})

describe('mremap and the map count limit', () => {
  /** `count` one-page mappings at A(0), A(2), ... with alternating protections (so they do not merge). */
  const many = (count: number, maxMapCount: number): AddressSpace => {
    let space = AddressSpace.empty({ maxMapCount, mmapBase: BASE })
    for (let i = 0; i < count; i++) space = anonFixed(space, A(2 * i), 1, i % 2 === 0 ? RW : PROT_READ)
    return space
  }

  it('a move to a new address needs the count plus 2 to stay more than 3 below maxMapCount', () => {
    const args = [A(0), PAGE, PAGE, MOVE_TO, A(100)] as const
    expect(many(3, 8).mremap(...args)).toEqual(failure(args, 'ENOMEM', 'too close to 8 mappings'))
    expect(ok(many(2, 8).mremap(...args))[1]).toBe(A(100))
    const grow = [A(0), PAGE, 4 * PAGE, MREMAP_MAYMOVE, 0] as const
    expect(many(5, 8).mremap(...grow)).toEqual(failure(grow, 'ENOMEM', 'too close to the map count limit to move'))
  })

  it('a multi-mapping move stops where the count comes within 3 of the limit, the destination cleared', () => {
    // 4 mappings: two to move (one cut), one split twice by the destinations, one more.
    let space = anonFixed(AddressSpace.empty({ maxMapCount: 10 }), A(0), 2, RW)
    space = anonFixed(space, A(3), 1, PROT_READ)
    space = anonFixed(space, A(100), 20, PROT_READ | PROT_EXEC)
    space = anonFixed(space, A(200), 1, PROT_READ)
    const args = [A(1), 3 * PAGE, 3 * PAGE, MOVE_TO, A(105)] as const
    expect(halfDone(space, args, 'ENOMEM', 'too close to the map count limit to move')).toEqual([
      range(A(0), A(1), 'rw-p 0'),
      range(A(3), A(4), 'r--p 0'),
      range(A(100), A(105), 'r-xp 0'),
      range(A(105), A(106), 'rw-p 0'),
      range(A(106), A(107), 'r-xp 0'),
      range(A(108), A(120), 'r-xp 0'),
      range(A(200), A(201), 'r--p 0'),
    ])
  })
})
