/**
 * `unmap`: remove a range, shrinking or splitting the areas that cross it.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Addr } from '../address.js'
import type { MemoryArea } from '../area.js'
import type { PageTableEffect } from '../backend.js'
import { checkedRange } from '../internal/numbers.js'
import { overlappingAreas } from '../queries/overlapping.js'
import { overlap, slice } from './cut.js'
import { UNCHANGED, type AreaIndex, type Planned } from './plan.js'

/** Plans `unmap(start, size)`: backend `unmap` on exactly the removed parts. */
export const planUnmap = <F, PT>(index: AreaIndex<F, PT>, start: Addr, size: number): Planned<F, PT> => {
  const range = checkedRange(start, size, 'unmap')
  if (E.isLeft(range)) return range
  const { end } = range.right
  const overlapped = Array.from(overlappingAreas(index, start, end))
  if (overlapped.length === 0) return E.right(UNCHANGED)
  return E.right({
    effects: unmapEffects(overlapped, start, end),
    edit: (index) => cutOut(index, overlapped, start, end),
  })
}

/** Backend unmap effects for the parts of `overlapped` inside `[start, end)`. */
export const unmapEffects = <F, PT>(
  overlapped: readonly MemoryArea<F, PT>[],
  start: Addr,
  end: Addr,
): PageTableEffect<PT>[] =>
  overlapped.map((area) => {
    const [from, to] = overlap(area, start, end)
    return area.backend.unmap(from, to - from)
  })

/**
 * `index` with `[start, end)` cut out of `overlapped` (the areas that
 * intersect it, in address order; at least one), and `replacement` (an area
 * covering exactly `[start, end)`) put in its place if given.
 *
 * Only the first area can keep a left part and only the last a right part;
 * everything in between goes. So the whole run is replaced by at most three
 * pieces in one `spliceRange`: O(log n) however many areas the range covers.
 */
export const cutOut = <F, PT>(
  index: AreaIndex<F, PT>,
  overlapped: readonly MemoryArea<F, PT>[],
  start: Addr,
  end: Addr,
  replacement?: MemoryArea<F, PT>,
): AreaIndex<F, PT> => {
  const first = overlapped[0]!
  const last = overlapped[overlapped.length - 1]!
  const pieces: MemoryArea<F, PT>[] = []
  if (first.start < start) pieces.push(slice(first, first.start, start))
  if (replacement !== undefined) pieces.push(replacement)
  if (last.end > end) pieces.push(slice(last, end, last.end))
  return index.spliceRange(first.start, last.start, pieces)
}
