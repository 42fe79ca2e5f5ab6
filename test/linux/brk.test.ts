import { describe, expect, it } from 'vitest'
import { AddressSpace, PROT_READ } from '../../src/linux/index.js'
import { anonFixed, layout, ok, PAGE, range } from './support/helpers.js'

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
