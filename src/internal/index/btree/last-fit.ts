/**
 * Last-fit (top-down) search: the highest aligned address of a gap that can
 * hold a block, the mirror image of `first-fit.ts`, pruning subtrees by the
 * same exact aligned-fit summary (`fit-summary.ts`): a gap `[s, e)` holds an
 * aligned block iff `alignUp(s) + size <= e`, which is also iff
 * `alignDown(e - size) >= s`.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import { NONE, STOP, alignDown, usable } from './fit-summary.js'
import { type Node, childIndex, upperBound } from './node.js'

/**
 * Last-fit candidate in the gap `[lo, hi)`: `a = alignDown(min(hi - size,
 * top))`, a result if `a >= lo`. `top` is `ceilingEnd - size`, the highest
 * admissible address. Returns `STOP` when `a < lowest`: gaps are visited in
 * descending address order, so every later gap has a smaller `hi`, hence a
 * candidate `<= a`, and cannot succeed either. Exact: `hi - size` is a
 * difference of safe integers (or `Infinity` for the final gap, which `top`
 * caps), and rounding a safe non-negative integer down to a power of two
 * stays safe.
 */
export function fitDown(lo: number, hi: number, lowest: number, size: number, align: number, top: number): number {
  const y = hi - size < top ? hi - size : top
  if (y < lowest) return STOP
  if (y < lo) return NONE // too small even unaligned: skip the rounding
  const a = alignDown(y, align)
  if (a < lowest) return STOP
  return a >= lo ? a : NONE
}

/**
 * Last fit among the gaps strictly inside the subtree `node` (level `h`), in
 * descending address order. Gaps starting above `top` cannot hold a block,
 * so the search starts at the last item starting at or below `top` (and the
 * gap right after it). Descends only into children whose usable length for
 * `align` is at least `size` and that start at or below `top`, and stops at
 * the first gap whose candidate is below `lowest`. As in first fit, only the
 * one child per level that straddles `top` can come back empty: O(B log n).
 */
export function fitInsideDown<E extends Interval>(
  node: Node<E>,
  h: number,
  lowest: number,
  size: number,
  align: number,
  top: number,
): number {
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    const i = upperBound(entries, top) // entries[i] is the first with start > top
    // The gap before entries[k] for k = i (its low end may be <= top) down to 1.
    for (let k = i < n ? i : n - 1; k >= 1; k--) {
      const r = fitDown(entries[k - 1]!.end, entries[k]!.start, lowest, size, align, top)
      if (r !== NONE) return r
    }
    return NONE
  }
  const children = node.items as ReadonlyArray<Node<E>>
  const j = childIndex(children, top) // the last child starting at or below top (or 0)
  for (let i = j < children.length - 1 ? j + 1 : j; i >= 0; i--) {
    const c = children[i]!
    if (i <= j) {
      // maxGap first: a cheap bound (usable <= maxGap) that needs no memo.
      if (c.maxGap >= size && c.minStart <= top && usable(c, h - 1, align) >= size) {
        const r = fitInsideDown(c, h - 1, lowest, size, align, top)
        if (r !== NONE) return r
      }
    }
    if (i > 0) {
      // The boundary gap before child i.
      const r = fitDown(children[i - 1]!.maxEnd, c.minStart, lowest, size, align, top)
      if (r !== NONE) return r
    }
  }
  return NONE
}
