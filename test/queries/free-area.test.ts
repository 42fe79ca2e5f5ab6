// findFreeArea and findFreeAreaTopDown through the facade, against brute force.
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet } from '../../src/index.js'
import { ok } from '../support/helpers.js'
import { isFree, layoutArb as layouts, layoutBackend } from '../support/layouts.js'

const backend = layoutBackend
const layoutArb = layouts(9, 9, 50)

describe('findFreeAreaTopDown', () => {
  it('is the highest aligned free address below min(ceiling, limit.end), as brute force says', () => {
    fc.assert(
      fc.property(
        layoutArb,
        fc.nat(700),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(1, 2, 4, 8),
        fc.nat(300),
        fc.nat(700),
        fc.constantFrom(4, undefined),
        (areas, ceiling, units, align, lo, hi, maxNodeSize) => {
          const size = units * align
          const set = ok(MemorySet.fromAreas(areas, maxNodeSize === undefined ? {} : { maxNodeSize }))
          let expected: number | undefined
          if (lo <= hi) {
            for (let a = Math.min(ceiling, hi) - size; a >= lo; a--) {
              if (a % align === 0 && isFree(areas, a, size)) {
                expected = a
                break
              }
            }
          }
          expect(set.findFreeAreaTopDown(ceiling, size, { start: lo, end: hi }, align)).toEqual(
            O.fromNullable(expected),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('examples and the None rules', () => {
    const set = ok(
      MemorySet.fromAreas([new MemoryArea(0x8000, 0x1000, 0, backend), new MemoryArea(0x3000, 0x1000, 0, backend)]),
    )
    const limit = { start: 0, end: 0x10000 }
    expect(set.findFreeAreaTopDown(0x10000, 0x2000, limit, 0x1000)).toEqual(O.some(0xe000))
    expect(set.findFreeAreaTopDown(0x9000, 0x2000, limit, 0x1000)).toEqual(O.some(0x6000))
    expect(set.findFreeAreaTopDown(0x9000, 0x5000, limit, 0x1000)).toEqual(O.none)
    expect(set.findFreeAreaTopDown(0x10000, 0x2000, { start: 0xf000, end: 0x10000 }, 0x1000)).toEqual(O.none)
    for (const [ceiling, size, lim, align] of [
      [0x10000, 0, limit, 1],
      [0x10000, 0x1000, limit, 3],
      [0x10000, 0x1800, limit, 0x1000],
      [0x10000, 0x1000, { start: 5, end: 1 }, 1],
      [NaN, 0x1000, limit, 1],
      [0x10000, 1.5, limit, 1],
      [0x10000, 0x1000, null, 1],
      // Every number must be an address: none of these is refused by the search itself.
      [Infinity, 0x1000, limit, 1],
      [0x8000 + 0.5, 0x1000, limit, 1],
      [0x10000, -0x1000, limit, 0x1000],
      [0x10000, 0x1000, { start: 0.5, end: 0x10000 }, 1],
      [0x10000, 0x1000, { start: -0x1000, end: 0x10000 }, 0x1000],
      [0x10000, 0x1000, { start: 0, end: Infinity }, 1],
    ] as const) {
      expect(set.findFreeAreaTopDown(ceiling, size, lim as never, align)).toEqual(O.none)
    }
  })
})

describe('findFreeArea on misaligned layouts', () => {
  it('is the lowest aligned free address at or above the hint, as brute force says', () => {
    fc.assert(
      fc.property(
        layoutArb,
        fc.nat(600),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(1, 2, 4, 8),
        fc.nat(700),
        (areas, hint, units, align, hi) => {
          const size = units * align
          const set = ok(MemorySet.fromAreas(areas, { maxNodeSize: 4 }))
          let expected: number | undefined
          for (let a = Math.ceil(hint / align) * align; a + size <= hi; a += align) {
            if (isFree(areas, a, size)) {
              expected = a
              break
            }
          }
          expect(set.findFreeArea(hint, size, { start: 0, end: hi }, align)).toEqual(O.fromNullable(expected))
        },
      ),
      { numRuns: 300 },
    )
  })
})
