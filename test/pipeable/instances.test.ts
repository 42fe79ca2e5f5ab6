import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../../src/index.js'
import { getAreaEq, getAreaShow, getEq, getShow } from '../../src/pipeable/index.js'
import { setArb } from '../../src/testing/index.js'

const backend = noopBackend<number>()
const sets = setArb(fc.nat(2), backend, { pages: 12, maxAreas: 4 })

describe('Eq', () => {
  it('is an equivalence that agrees with equals, for sets and areas', () => {
    const eq = getEq<number, null>()
    fc.assert(
      fc.property(sets, sets, sets, (a, b, c) => {
        expect(eq.equals(a, a)).toBe(true)
        expect(eq.equals(a, b)).toBe(eq.equals(b, a))
        if (eq.equals(a, b) && eq.equals(b, c)) expect(eq.equals(a, c)).toBe(true)
        expect(eq.equals(a, b)).toBe(a.equals(b))
        const copy = MemorySet.fromAreas([...a], { maxNodeSize: 4 })
        expect(E.isRight(copy) && eq.equals(a, copy.right)).toBe(true)
      }),
    )
    const areaEq = getAreaEq<number, null>()
    expect(areaEq.equals(new MemoryArea(0, 1, 1, backend), new MemoryArea(0, 1, 1, backend))).toBe(true)
    expect(areaEq.equals(new MemoryArea(0, 1, 1, backend), new MemoryArea(0, 2, 1, backend))).toBe(false)
  })
})

describe('Show', () => {
  it('shows areas with hex bounds and the flags', () => {
    expect(getAreaShow<number, null>().show(new MemoryArea(0x1000, 0x1000, 3, backend))).toBe('[0x1000, 0x2000) 3')
    const named = getAreaShow<{ name: string }, null>({ show: (f) => f.name })
    expect(named.show(new MemoryArea(0, 0x10, { name: 'heap' }, noopBackend()))).toBe('[0x0, 0x10) heap')
    expect(getAreaShow<string, null>().show(new MemoryArea(0, 0x10, 'rw', noopBackend()))).toBe('[0x0, 0x10) rw')
  })

  it('shows a set as its areas in order', () => {
    fc.assert(
      fc.property(sets, (set) => {
        const shown = getShow<number, null>().show(set)
        const area = getAreaShow<number, null>()
        expect(shown).toBe(`MemorySet [${Array.from(set, area.show).join(', ')}]`)
      }),
    )
    expect(getShow<number, null>().show(MemorySet.empty())).toBe('MemorySet []')
  })
})

describe('Show: the default flags printer', () => {
  it('prints strings as they are, other values as JSON, and what JSON cannot print with String', () => {
    const show = getAreaShow<unknown, null>()
    const area = (flags: unknown) => new MemoryArea(0, 0x10, flags, noopBackend<unknown>())
    expect(show.show(area('rw'))).toBe('[0x0, 0x10) rw')
    expect(show.show(area({ prot: 'rw' }))).toBe('[0x0, 0x10) {"prot":"rw"}')
    expect(show.show(area(undefined))).toBe('[0x0, 0x10) undefined')
    expect(show.show(area(null))).toBe('[0x0, 0x10) null')
  })
})
