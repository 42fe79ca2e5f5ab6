/**
 * Point and range lookups: `find` and `overlaps`.
 *
 * Queries never fail: they answer with real-number semantics for any number
 * and find nothing for `NaN` or non-numbers.
 *
 * @internal
 * @module
 */
import * as O from 'fp-ts/lib/Option.js'
import type { AddrRange } from '../address.js'
import type { MemoryArea } from '../area.js'
import type { AreaIndex } from '../operations/plan.js'
import { readRange } from '../internal/guards.js'
import { overlappingAreas } from './overlapping.js'

/** The area with `start <= addr < end`, if any. O(log n). */
export const find = <F, PT>(index: AreaIndex<F, PT>, addr: unknown): O.Option<MemoryArea<F, PT>> => {
  if (typeof addr !== 'number' || Number.isNaN(addr)) return O.none
  const candidate = index.floor(addr)
  return candidate !== undefined && addr < candidate.end ? O.some(candidate) : O.none
}

/** Whether any area intersects `[range.start, range.end)`; an empty or malformed range overlaps nothing. O(log n). */
export const overlaps = <F, PT>(index: AreaIndex<F, PT>, range: AddrRange): boolean => {
  const bounds = readRange(range)
  if (bounds === undefined) return false
  const { start, end } = bounds
  if (typeof start !== 'number' || typeof end !== 'number') return false
  return overlappingAreas(index, start, end).next().done !== true
}
