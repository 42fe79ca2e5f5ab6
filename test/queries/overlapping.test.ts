// overlapping(range) against brute force over random layouts.
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

describe('overlapping(range)', () => {
  it('equals the areas brute force finds intersecting the range, in order', () => {
    fc.assert(
      fc.property(layoutArb, rangeArb, fc.constantFrom(4, undefined), (areas, range, maxNodeSize) => {
        const set = ok(MemorySet.fromAreas(areas, maxNodeSize === undefined ? {} : { maxNodeSize }))
        const expected = areas.filter((a) => range.start < range.end && a.start < range.end && range.start < a.end)
        expect(Array.from(set.overlapping(range))).toEqual(expected)
        expect(set.overlaps(range)).toBe(expected.length > 0)
      }),
    )
  })

  it('yields nothing for malformed ranges', () => {
    const set = ok(MemorySet.fromAreas([new MemoryArea(0, 0x1000, 0, backend)]))
    for (const bad of [{ start: 'a', end: 5 }, { start: 5, end: 1 }, undefined]) {
      expect(Array.from(set.overlapping(bad as never))).toEqual([])
    }
  })
})
