import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_GROWSDOWN,
  MAP_POPULATE,
  MAP_PRIVATE,
  PROT_READ,
  PROT_WRITE,
} from '../../src/linux/index.js'
import { A, anonFixed, layout, ok, PAGE, range } from './support/helpers.js'

const B0 = 0x600000

describe('brk', () => {
  const space = AddressSpace.empty({ brk: B0 })

  it('brk(0) answers the current break; growing maps [heap] up to the page after the break', () => {
    expect(space.brk(0)[1]).toBe(B0)
    const [grown, now] = space.brk(B0 + 2 * PAGE + 100)
    expect(now).toBe(B0 + 2 * PAGE + 100)
    expect(grown.programBreak).toBe(now)
    expect(layout(grown)).toEqual([range(B0, B0 + 3 * PAGE, 'rw-p 0 [heap]')])
  })

  it('shrinking unmaps the pages above the new break; back to the start removes the heap', () => {
    const [grown] = space.brk(B0 + 4 * PAGE)
    const [shrunk, now] = grown.brk(B0 + PAGE + 1)
    expect(now).toBe(B0 + PAGE + 1)
    expect(layout(shrunk)).toEqual([range(B0, B0 + 2 * PAGE, 'rw-p 0 [heap]')])
    expect(layout(shrunk.brk(B0)[0])).toEqual([])
  })

  it('below the start, or into a mapping (leaving no free page), is refused: the old break is returned', () => {
    const blocked = anonFixed(space, B0 + 4 * PAGE, 1, PROT_READ)
    expect(blocked.brk(B0 - PAGE)[1]).toBe(B0)
    expect(blocked.brk(B0 + 4 * PAGE)[1]).toBe(B0)
    expect(blocked.brk(B0 + 3 * PAGE)[1]).toBe(B0 + 3 * PAGE)
    const [same, result] = blocked.brk(B0 + 10 * PAGE)
    expect(result).toBe(B0)
    expect(same).toBe(blocked)
  })

  it('an anonymous mapping placed right after the heap merges into it and shares the [heap] label', () => {
    const [heap] = space.brk(B0 + PAGE)
    const merged = anonFixed(heap, B0 + PAGE, 2, PROT_READ | 2)
    expect(layout(merged)).toEqual([range(B0, B0 + 3 * PAGE, 'rw-p 0 [heap]')])
  })

  it('a request that is not an integer is refused', () => {
    expect(space.brk(Number.NaN)[1]).toBe(B0)
    expect(ok(space.munmap(B0, PAGE)).brk(1.5)[1]).toBe(B0)
  })
})

describe('brk, rarer paths', () => {
  const RW = PROT_READ | PROT_WRITE
  const space = AddressSpace.empty({ brk: B0 })

  it('a request that aligns past 2^64 (brk(-1)) is refused', () => {
    for (const request of [-1, -2048]) {
      const [same, now] = space.brk(request)
      expect(same).toBe(space)
      expect(now).toBe(B0)
    }
  })

  it('growing keeps a page and the stack guard gap free below a grows-down mapping', () => {
    const gap = 256 * PAGE
    const stackAt = B0 + 4 * PAGE + gap
    const [stack] = ok(space.mmap(stackAt, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN))
    expect(stack.brk(B0 + 4 * PAGE)[1]).toBe(B0)
    expect(stack.brk(B0 + 3 * PAGE)[1]).toBe(B0 + 3 * PAGE)
  })

  it('growing is refused above the map count limit (even to extend the heap); at the limit it works', () => {
    const one = anonFixed(AddressSpace.empty({ brk: B0, maxMapCount: 1 }), A(0), 1, RW)
    const [grown, now] = one.brk(B0 + PAGE)
    expect(now).toBe(B0 + PAGE)
    expect(grown.vmas()).toHaveLength(2)
    const [same, refused] = grown.brk(B0 + 2 * PAGE)
    expect(refused).toBe(B0 + PAGE)
    expect(same).toBe(grown)
  })

  it('shrinking that would split the heap in the middle is refused at the map count limit', () => {
    const [heap] = AddressSpace.empty({ brk: B0, maxMapCount: 1 }).brk(B0 + 2 * PAGE)
    // anonymous memory mapped right after the break merges into the heap area
    const merged = anonFixed(heap, B0 + 2 * PAGE, 2, RW)
    expect(layout(merged)).toEqual([range(B0, B0 + 4 * PAGE, 'rw-p 0 [heap]')])
    const [same, now] = merged.brk(B0 + PAGE)
    expect(now).toBe(B0 + 2 * PAGE)
    expect(same).toBe(merged)
  })

  it('anonymous memory that ends at the heap start stays apart from the heap', () => {
    const lower = anonFixed(space, B0 - 2 * PAGE, 2, RW)
    const [grown] = lower.brk(B0 + PAGE)
    expect(layout(grown)).toEqual([range(B0 - 2 * PAGE, B0, 'rw-p 0'), range(B0, B0 + PAGE, 'rw-p 0 [heap]')])
  })

  it('a new heap takes an id: memory populated afterwards is still touched (keeps its charge when read-only)', () => {
    const [heap] = space.brk(B0 + PAGE)
    const [populated] = ok(heap.mmap(A(0), PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE))
    expect(ok(populated.mprotect(A(0), PAGE, PROT_READ)).vmas()[1]?.vmflags).toBe('rd mr mw me ac')
  })
})
