// gaps(limit) against brute force over random layouts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet } from '../../src/index.js'
import { ok } from '../support/helpers.js'
import { isFree, layoutArb as layouts, layoutBackend } from '../support/layouts.js'

const backend = layoutBackend
const layoutArb = layouts(6, 8, 60)
const rangeArb = fc.tuple(fc.nat(420), fc.nat(420)).map(([a, b]) => ({ start: a, end: b }))

describe('gaps(limit)', () => {
  it('equals the maximal free runs of brute force', () => {
    fc.assert(
      fc.property(layoutArb, rangeArb, fc.constantFrom(4, undefined), (areas, limit, maxNodeSize) => {
        const set = ok(MemorySet.fromAreas(areas, maxNodeSize === undefined ? {} : { maxNodeSize }))
        const expected: { start: number; end: number }[] = []
        for (let a = limit.start; a < limit.end; a++) {
          if (!isFree(areas, a, 1)) continue
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
