/**
 * `fromAreas`: check a collection of areas before a set is built from it.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { MemoryArea } from '../area.js'
import { MappingError } from '../error.js'
import { checkArea } from '../internal/area-guard.js'
import { describe } from '../internal/describe.js'
import { hex, showRange } from '../internal/numbers.js'

/**
 * `areas` sorted by start, or `InvalidParam` when `areas` is not iterable,
 * reading it throws, an element is not a well-formed `MemoryArea` (see
 * `checkArea`), an area is empty, or two areas overlap. O(n) when the areas
 * come sorted (O(n log n) otherwise, for the sort).
 */
export const sortedAreas = <F, PT>(areas: Iterable<MemoryArea<F, PT>>): E.Either<MappingError, MemoryArea<F, PT>[]> => {
  const sorted: MemoryArea<F, PT>[] = []
  try {
    // `Array.from(5)` is `[]`: a non-iterable must be an error, not an empty set.
    if (!isIterable(areas)) {
      return E.left(MappingError.invalidParam(`fromAreas: areas must be iterable, got ${describe(areas)}`))
    }
    for (const candidate of areas) {
      const checked = checkArea<F, PT>(candidate, 'fromAreas')
      if (E.isLeft(checked)) return checked
      const area = checked.right
      if (area.start === area.end) {
        return E.left(MappingError.invalidParam(`fromAreas: area at ${hex(area.start)} has size 0`))
      }
      // Checked against its predecessor at once, in either order: an iterable that
      // yields the same area forever is refused at its second element, not after it ends.
      const prev = sorted[sorted.length - 1]
      if (prev !== undefined && prev.start < area.end && area.start < prev.end) {
        return E.left(
          MappingError.invalidParam(
            `fromAreas: ${showRange(prev.start, prev.end)} overlaps ${showRange(area.start, area.end)}`,
          ),
        )
      }
      sorted.push(area)
    }
  } catch (error) {
    return E.left(MappingError.invalidParam(`fromAreas: reading the areas threw ${describe(error)}`))
  }
  // No "already sorted?" pre-check: V8's sort is a TimSort, linear on a sorted array.
  sorted.sort((a, b) => a.start - b.start)
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

/** Whether `value` has a `Symbol.iterator` method (reading it may throw: callers catch). */
const isIterable = (value: unknown): value is Iterable<unknown> =>
  (typeof value === 'object' || typeof value === 'function' || typeof value === 'string') &&
  value !== null &&
  typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
