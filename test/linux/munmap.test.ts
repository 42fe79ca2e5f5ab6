import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { AddressSpace, errno, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../src/linux/index.js'
import { A, anonFixed, err, layout, ok, PAGE, range } from './support/helpers.js'

const RW = PROT_READ | PROT_WRITE

describe('munmap', () => {
  const space = anonFixed(AddressSpace.empty(), A(0), 8, RW)

  it.each([
    ['unaligned address', A(0) + 1, PAGE],
    ['length 0', A(0), 0],
    ['a range past the task size', 0x7fffffffe000, 2 * PAGE],
    ['an address past the task size', 0x800000000000, PAGE],
    ['a negative length (2^64 - 1)', A(0), -1],
  ])('EINVAL for %s, and nothing changes', (_what, addr, length) => {
    expect(err(space.munmap(addr, length)).code).toBe('EINVAL')
  })

  it('an unaligned length is rounded up to a page', () => {
    expect(layout(ok(space.munmap(A(0), 1)))).toEqual([range(A(1), A(8), 'rw-p 0')])
  })

  it('unmapping a hole succeeds and returns the very same space', () => {
    expect(ok(space.munmap(A(100), PAGE))).toBe(space)
  })

  it('a cut in the middle of a file mapping gives the right part its offset', () => {
    const file = ok(
      AddressSpace.empty()
        .withFile(3, { path: '/f' })
        .mmap(A(0), 4 * PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, 3, 0),
    )[0]
    expect(layout(ok(file.munmap(A(1), PAGE)))).toEqual([
      range(A(0), A(1), 'r--p 0 /f'),
      range(A(2), A(4), 'r--p 2000 /f'),
    ])
  })

  it('one call spans several mappings and holes', () => {
    const many = anonFixed(anonFixed(anonFixed(AddressSpace.empty(), A(0), 2, RW), A(3), 2, PROT_READ), A(6), 2, RW)
    expect(layout(ok(many.munmap(A(1), 6 * PAGE)))).toEqual([range(A(0), A(1), 'rw-p 0'), range(A(7), A(8), 'rw-p 0')])
  })

  it('ENOMEM when a split would pass maxMapCount, and nothing changes', () => {
    const tight = anonFixed(AddressSpace.empty({ maxMapCount: 1 }), A(0), 4, RW)
    expect(err(tight.munmap(A(1), PAGE)).code).toBe('ENOMEM')
    expect(layout(ok(tight.munmap(A(0), PAGE)))).toEqual([range(A(1), A(4), 'rw-p 0')])
  })
})

describe('munmap messages', () => {
  const space = anonFixed(AddressSpace.empty(), A(0), 4, RW)
  const TASK = 0x7ffffffff000
  it.each([
    [[1.5, PAGE], 'munmap(1.5, 0x1000): the arguments must be integers'],
    [[A(0), 0.5], 'munmap(0x100000000000, 0.5): the arguments must be integers'],
    [[A(0) + 1, PAGE], 'munmap(0x100000000001, 0x1000): addr 0x100000000001 is not page-aligned'],
    [[TASK + PAGE, 0], 'munmap(0x800000000000, 0x0): [0x800000000000, +0x0) passes the task size 0x7ffffffff000'],
    [
      [TASK - PAGE, 2 * PAGE],
      'munmap(0x7fffffffe000, 0x2000): [0x7fffffffe000, +0x2000) passes the task size 0x7ffffffff000',
    ],
    [[TASK, 0], 'munmap(0x7ffffffff000, 0x0): length 0'],
    [[A(0), 0], 'munmap(0x100000000000, 0x0): length 0'],
  ] as const)('%j: EINVAL, %s', ([addr, length], message) => {
    expect(space.munmap(addr, length)).toEqual(E.left(errno('EINVAL', message)))
  })

  it('the last page below the task size can be unmapped', () => {
    const top = anonFixed(AddressSpace.empty(), TASK - 2 * PAGE, 2, RW)
    expect(layout(ok(top.munmap(TASK - PAGE, PAGE)))).toEqual([range(TASK - 2 * PAGE, TASK - PAGE, 'rw-p 0')])
  })

  it('at maxMapCount only a cut inside one mapping is ENOMEM: its head or tail (to the end) can go', () => {
    const tight = anonFixed(AddressSpace.empty({ maxMapCount: 1 }), A(0), 4, RW)
    expect(tight.munmap(A(1), PAGE)).toEqual(
      E.left(
        errno('ENOMEM', 'munmap(0x100000001000, 0x1000): splitting [0x100000000000, 0x100000004000) passes 1 mappings'),
      ),
    )
    expect(layout(ok(tight.munmap(A(3), PAGE)))).toEqual([range(A(0), A(3), 'rw-p 0')])
    expect(layout(ok(tight.munmap(A(2), 4 * PAGE)))).toEqual([range(A(0), A(2), 'rw-p 0')])
  })
})
