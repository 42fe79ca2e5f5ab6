// Random layouts of disjoint areas for the query tests (gaps, overlapping, free-area).
import fc from 'fast-check'
import { MemoryArea, noopBackend } from '../../src/index.js'

export const layoutBackend = noopBackend<number>()
export type LayoutArea = MemoryArea<number, null>

/**
 * Disjoint areas from 0 up: each step is a gap of up to `maxGap` bytes (0 makes
 * adjacent areas) and an area of 1..`maxSize` bytes, so starts and ends are
 * misaligned for every alignment above 1.
 */
export const layoutArb = (maxGap: number, maxSize: number, maxLength: number): fc.Arbitrary<LayoutArea[]> =>
  fc
    // size 'max': fast-check's default draws arrays of about ten elements, whose
    // span the query ranges would mostly overshoot.
    .array(fc.tuple(fc.nat(maxGap), fc.integer({ min: 1, max: maxSize })), { maxLength, size: 'max' })
    .map((steps) => {
      const areas: LayoutArea[] = []
      let at = 0
      for (const [gap, size] of steps) {
        at += gap
        areas.push(new MemoryArea(at, size, 0, layoutBackend))
        at += size
      }
      return areas
    })

/** Whether no area of `areas` intersects `[a, a + size)`. */
export const isFree = (areas: readonly LayoutArea[], a: number, size: number): boolean =>
  !areas.some((area) => area.start < a + size && a < area.end)
