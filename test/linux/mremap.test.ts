import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  MAP_FIXED,
  MAP_SHARED,
  MREMAP_DONTUNMAP,
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
