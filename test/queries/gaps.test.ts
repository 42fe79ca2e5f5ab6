// gaps(limit) against brute force over random layouts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../../src/index.js'
import { ok } from '../support/helpers.js'

const backend = noopBackend<number>()

/** Random disjoint areas (some adjacent) over [0, 400). */
const layoutArb = fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 8 })), { maxLength: 60 }).map((steps) => {
  const areas: MemoryArea<number, null>[] = []
  let at = 0
  for (const [gap, size] of steps) {
    at += gap
    areas.push(new MemoryArea(at, size, 0, backend))
    at += size
  }
  return areas
})
const rangeArb = fc.tuple(fc.nat(420), fc.nat(420)).map(([a, b]) => ({ start: a, end: b }))

const free = (areas: readonly MemoryArea<number, null>[], addr: number): boolean =>
  !areas.some((a) => a.start <= addr && addr < a.end)

describe('gaps(limit)', () => {
  it('equals the maximal free runs of brute force', () => {
    fc.assert(
      fc.property(layoutArb, rangeArb, fc.constantFrom(4, undefined), (areas, limit, maxNodeSize) => {
        const set = ok(MemorySet.fromAreas(areas, maxNodeSize === undefined ? {} : { maxNodeSize }))
        const expected: { start: number; end: number }[] = []
        for (let a = limit.start; a < limit.end; a++) {
          if (!free(areas, a)) continue
          const last = expected[expected.length - 1]
          if (last !== undefined && last.end === a) last.end = a + 1
          else expected.push({ start: a, end: a + 1 })
        }
        expect(Array.from(set.gaps(limit), (g) => ({ ...g }))).toEqual(expected)
      }),
    )
  })

  it('examples: the whole limit when empty; nothing for bad limits', () => {
    const set = ok(MemorySet.fromAreas([new MemoryArea(0x1000, 0x1000, 0, backend)]))
    expect(Array.from(set.gaps({ start: 0, end: 0x3000 }))).toEqual([
      { start: 0, end: 0x1000 },
      { start: 0x2000, end: 0x3000 },
    ])
    expect(Array.from(set.gaps({ start: 0x1800, end: 0x1900 }))).toEqual([])
    for (const bad of [{ start: NaN, end: 5 }, { start: 5, end: 1 }, { start: -1, end: 5 }, null]) {
      expect(Array.from(set.gaps(bad as never))).toEqual([])
    }
  })
})
