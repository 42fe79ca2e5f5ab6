/**
 * The free ranges between areas.
 *
 * @internal
 * @module
 */
import type { Addr, AddrRange } from '../address.js'
import type { AreaIndex } from '../operations/plan.js'

/**
 * The maximal free ranges inside `[start, end)`, in address order. One
 * descent to the area at or before `start`, then a walk over the k areas
 * inside the limit: O(log n + k).
 */
export function* gaps<F, PT>(index: AreaIndex<F, PT>, start: Addr, end: Addr): Generator<AddrRange, void, undefined> {
  // No early exits: an empty limit, or one an area covers to its end, yields
  // nothing because the next area starts at or past `free >= end`.
  let free = start // everything below `free` inside the limit is accounted for
  for (const area of index.fromFloor(start)) {
    if (area.start >= end) break
    if (area.start > free) yield Object.freeze({ start: free, end: area.start })
    if (area.end > free) free = area.end
  }
  if (free < end) yield Object.freeze({ start: free, end })
}
