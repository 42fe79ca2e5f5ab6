/**
 * First-fit search: the lowest aligned address of a gap that can hold a
 * block, pruning subtrees by their exact aligned-fit summary
 * (`fit-summary.ts`).
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import { NONE, STOP, alignUp, usable } from './fit-summary.js'
import { type Node, childIndex, upperBound } from './node.js'

/**
 * First-fit candidate in the gap `[lo, hi)`: `a = alignUp(max(lo, from))`, a
 * result if `a + size <= hi`. `last` is `limitEnd - size`, the highest
 * admissible address. Returns `STOP` when `a > last`: gaps are visited in
 * address order, so every later gap has a larger `lo`, hence a candidate
 * `>= a`, and cannot succeed either. `a` may exceed `MAX_SAFE_INTEGER` (see
 * {@link alignUp}), but then it also exceeds `last`, so no inexact value
 * escapes. `hi - size` is exact too (both safe), and `Infinity` for the final gap.
 */
export function fitIn(lo: number, hi: number, from: number, size: number, align: number, last: number): number {
  const x = lo > from ? lo : from
  if (x > last) return STOP
  if (hi - x < size) return NONE // too small even unaligned: skip the rounding
  const a = alignUp(x, align)
  if (a > last) return STOP
  return a <= hi - size ? a : NONE
}

/**
 * First fit among the gaps strictly inside the subtree `node` (level `h`), in
 * address order. Descends only into children whose usable length for `align`
 * is at least `size` and that end at least `size` above `from`, and stops at
 * the first gap whose low end is past `last`. A child wholly above `from`
 * that passes the test holds a fit (or every candidate is past `last`), so
 * the only descents that can come back empty are those into the one child
 * per level that straddles `from`: O(B log n) in all.
 */
export function fitInside<E extends Interval>(
  node: Node<E>,
  h: number,
  from: number,
  size: number,
  align: number,
  last: number,
): number {
  // Skip, by binary search, everything that lies entirely below `from`: the
  // gaps before the last item starting at or below `from` end at or below
  // `from`. This keeps a search starting high in the address space O(log n)
  // instead of a linear scan of every level.
  if (h === 0) {
    const entries = node.items as readonly E[]
    let i = upperBound(entries, from) // entries[i - 1] is the last with start <= from
    if (i === 0) i = 1
    for (; i < entries.length; i++) {
      const r = fitIn(entries[i - 1]!.end, entries[i]!.start, from, size, align, last)
      if (r !== NONE) return r
    }
    return NONE
  }
  const children = node.items as ReadonlyArray<Node<E>>
  let prevEnd = -1
  for (let i = childIndex(children, from), first = i; i < children.length; i++) {
    const c = children[i]!
    if (i > first) {
      const r = fitIn(prevEnd, c.minStart, from, size, align, last)
      if (r !== NONE) return r
    }
    // maxGap first: a cheap bound (usable <= maxGap) that needs no memo.
    if (c.maxGap >= size && c.maxEnd - from >= size && usable(c, h - 1, align) >= size) {
      const r = fitInside(c, h - 1, from, size, align, last)
      if (r !== NONE) return r
    }
    prevEnd = c.maxEnd
  }
  return NONE
}
