// overlapping(range) against brute force over random layouts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet } from '../../src/index.js'
import { ok } from '../support/helpers.js'
import { layoutArb as layouts, layoutBackend } from '../support/layouts.js'

const backend = layoutBackend
const layoutArb = layouts(6, 8, 60)
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
