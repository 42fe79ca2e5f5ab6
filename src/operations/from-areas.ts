/**
 * `fromAreas`: check a collection of areas before a set is built from it.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { MemoryArea } from '../area.js'
import { MappingError } from '../error.js'
import { hex, showRange } from '../internal/numbers.js'

/**
 * `areas` sorted by start, or `InvalidParam` when an element is not a
 * `MemoryArea`, an area is empty, or two areas overlap. O(n) when the areas
 * come sorted (O(n log n) otherwise, for the sort).
 */
export const sortedAreas = <F, PT>(areas: Iterable<MemoryArea<F, PT>>): E.Either<MappingError, MemoryArea<F, PT>[]> => {
  const sorted = Array.from(areas)
  for (const area of sorted) {
    if (!(area instanceof MemoryArea)) {
      return E.left(MappingError.invalidParam(`fromAreas: ${String(area)} is not a MemoryArea`))
    }
    if (area.size === 0) return E.left(MappingError.invalidParam(`fromAreas: area at ${hex(area.start)} has size 0`))
  }
  if (!sorted.every((area, i) => i === 0 || sorted[i - 1]!.start <= area.start)) {
    sorted.sort((a, b) => a.start - b.start)
  }
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1]!, sorted[i]!]
    if (prev.end > next.start) {
      return E.left(
        MappingError.invalidParam(
          `fromAreas: ${showRange(prev.start, prev.end)} overlaps ${showRange(next.start, next.end)}`,
        ),
      )
    }
  }
  return E.right(sorted)
}
