import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { MemorySet, emptyPageTable, noopBackend, pageTableBackend } from '../../src/index.js'
import {
  addrArb,
  opArb,
  applyOp,
  areaArb,
  invariantProblem,
  opToString,
  opsArb,
  rangeArb,
  setArb,
  stateArb,
} from '../../src/testing/index.js'

const space = { pageSize: 0x1000, pages: 16, base: 0x40000 }
const inSpace = (addr: number) => addr >= space.base && addr <= space.base + space.pages * space.pageSize

describe('arbitraries', () => {
  it('addresses are page-aligned and inside the space', () => {
    fc.assert(fc.property(addrArb(space), (a) => a % space.pageSize === 0 && inSpace(a)))
  })

  it('ranges are non-empty, aligned, inside the space and at most maxPages long', () => {
    fc.assert(
      fc.property(rangeArb({ ...space, maxPages: 3 }), (r) => {
        expect(r.start).toBeLessThan(r.end)
        expect(r.end - r.start).toBeLessThanOrEqual(3 * space.pageSize)
        expect(inSpace(r.start) && inSpace(r.end)).toBe(true)
        expect(r.start % space.pageSize).toBe(0)
      }),
    )
  })

  it('areas carry the given backend and generated flags', () => {
    const backend = noopBackend<number>()
    fc.assert(
      fc.property(
        areaArb(fc.constantFrom(1, 2), backend, space),
        (a) => a.backend === backend && [1, 2].includes(a.flags),
      ),
    )
  })

  it('whole sets keep every invariant and stay in the space', () => {
    fc.assert(
      fc.property(setArb(fc.nat(3), noopBackend<number>(), { ...space, maxAreas: 5 }), (set) => {
        expect(O.isNone(invariantProblem(set))).toBe(true)
        expect(set.size).toBeLessThanOrEqual(5)
        for (const area of set) expect(inSpace(area.start) && inSpace(area.end)).toBe(true)
      }),
    )
  })

  it('sets of every size up to the maximum come out', () => {
    const sizes = new Set(
      fc.sample(setArb(fc.nat(3), noopBackend<number>(), { pages: 8, maxAreas: 3 }), 300).map((s) => s.size),
    )
    expect([...sizes].sort()).toEqual([0, 1, 2, 3])
  })

  it('states from random operations are coherent with their page table', () => {
    const backend = pageTableBackend<number>()
    fc.assert(
      fc.property(stateArb(fc.nat(3), backend, emptyPageTable<number>(), space), ([set, pt]) =>
        O.isNone(invariantProblem(set, { pageTable: pt })),
      ),
    )
  })

  it('operation sequences include every kind, and applyOp runs them', () => {
    const kinds = new Set(
      fc
        .sample(opsArb(fc.nat(3), { maxLength: 10 }), 50)
        .flat()
        .map((op) => op.kind),
    )
    expect([...kinds].sort()).toEqual(['clear', 'map', 'protect', 'unmap'])
    const backend = noopBackend<number>()
    const mapped = applyOp(
      { kind: 'map', start: 0x1000, size: 0x2000, flags: 1, unmapOverlap: false },
      backend,
    )([MemorySet.empty<number, null>(), null])
    const protectedMiddle = E.flatMap(
      applyOp<number, null>({ kind: 'protect', start: 0x2000, size: 0x1000, flags: 2 }, backend),
    )(mapped)
    expect(
      E.map(([set]: readonly [MemorySet<number, null>, null]) => Array.from(set, (a) => a.flags))(protectedMiddle),
    ).toEqual(E.right([1, 2]))
  })

  it('prints operations as calls with hex addresses', () => {
    expect(opToString({ kind: 'map', start: 0x1000, size: 0x2000, flags: 'rw', unmapOverlap: true })).toBe(
      'map(0x1000, 0x2000, "rw", true)',
    )
    expect(opToString({ kind: 'protect', start: 0, size: 0x1000, flags: 5 })).toBe('protect(0x0, 0x1000, 5)')
    expect(opToString({ kind: 'unmap', start: 0x10, size: 0x20 })).toBe('unmap(0x10, 0x20)')
    expect(opToString({ kind: 'clear' })).toBe('clear()')
  })
})

describe('arbitraries: bounds', () => {
  it('ranges, areas and operations end inside the space, and default lengths go past one page', () => {
    const end = space.base + space.pages * space.pageSize
    fc.assert(
      fc.property(areaArb(fc.nat(3), noopBackend<number>(), space), (a) => a.end <= end && a.start >= space.base),
    )
    fc.assert(
      fc.property(
        opArb(fc.nat(3), space),
        (op) => op.kind === 'clear' || (op.start >= space.base && op.start + op.size <= end && op.size > 0),
      ),
    )
    const lengths = fc.sample(rangeArb(), 200).map((r) => (r.end - r.start) / 4096)
    expect(Math.max(...lengths)).toBe(8)
    expect(Math.min(...lengths)).toBe(1)
    expect(fc.sample(rangeArb({ maxPages: 0 }), 50).every((r) => r.end - r.start === 4096)).toBe(true)
  })

  it('operation sequences and sets reach their default maximum sizes, never more', () => {
    const lengths = fc.sample(opsArb(fc.nat(3)), 200).map((ops) => ops.length)
    expect(Math.max(...lengths)).toBe(30)
    const sizes = fc.sample(setArb(fc.nat(3), noopBackend<number>()), 200).map((s) => s.size)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20)
    expect(Math.max(...sizes)).toBeGreaterThan(15)
    expect(Math.max(...fc.sample(setArb(fc.nat(3), noopBackend<number>(), { pages: 6 }), 200).map((s) => s.size))).toBe(
      3,
    )
  })
})

describe('setArb: areas per space', () => {
  it('never more areas than half the pages', () => {
    expect(Math.max(...fc.sample(setArb(fc.nat(3), noopBackend<number>(), { pages: 7 }), 300).map((s) => s.size))).toBe(
      3,
    )
  })
})
