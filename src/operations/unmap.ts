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
import type { MappingError } from '../error.js'
import { checkedRange } from '../internal/numbers.js'
import { overlappingArray } from '../queries/overlapping.js'
import { cut, overlap } from './cut.js'
import { UNCHANGED, backendEffect, type AreaIndex, type Plan, type Planned } from './plan.js'

/** Plans `unmap(start, size)`: backend `unmap` on exactly the removed parts. */
export const planUnmap = <F, PT>(index: AreaIndex<F, PT>, start: Addr, size: number): Planned<F, PT> => {
  const range = checkedRange(start, size, 'unmap')
  if (E.isLeft(range)) return range
  const { end } = range.right
  const overlapped = overlappingArray(index, start, end)
  if (overlapped.length === 0) return E.right(UNCHANGED)
  return planCutOut(overlapped, start, end)
}

/**
 * The plan that cuts `[start, end)` out of `overlapped` (the areas that
 * intersect it, in address order; at least one): the backend of each removed
 * part unmaps it, and `replacement` (an area covering exactly `[start, end)`,
 * for an overwriting `map`) is mapped after them and takes their place.
 *
 * Only the first area can keep a left part and only the last a right part;
 * everything in between goes. So the whole run is replaced by at most three
 * pieces in one `spliceRange`: O(log n) however many areas the range covers.
 */
export const planCutOut = <F, PT>(
  overlapped: readonly MemoryArea<F, PT>[],
  start: Addr,
  end: Addr,
  replacement?: MemoryArea<F, PT>,
): E.Either<MappingError, Plan<F, PT>> => {
  const effects: PageTableEffect<PT>[] = []
  const pieces: MemoryArea<F, PT>[] = []
  let right: MemoryArea<F, PT> | undefined
  for (const area of overlapped) {
    const [from, to] = overlap(area, start, end)
    const parts = cut(area, from, to)
    if (E.isLeft(parts)) return parts
    const { left, middle } = parts.right
    // Only the first area can reach below `start`, only the last past `end`.
    if (left !== undefined) pieces.push(left)
    right = parts.right.right
    effects.push(backendEffect(middle.backend, 'unmap', middle.start, middle.end - middle.start))
  }
  if (replacement !== undefined) {
    effects.push(
      backendEffect(
        replacement.backend,
        'map',
        replacement.start,
        replacement.end - replacement.start,
        replacement.flags,
      ),
    )
    pieces.push(replacement)
  }
  if (right !== undefined) pieces.push(right)
  const run = [overlapped[0]!.start, overlapped[overlapped.length - 1]!.start] as const
  return E.right({ effects, edit: { run, pieces } })
}
