/**
 * First-fit search: the lowest aligned address of a gap that can hold a block,
 * pruning subtrees by their `maxGap` summary.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import { type Node, childIndex, upperBound } from './node.js'

// ---------------------------------------------------------------------------
// First fit
// ---------------------------------------------------------------------------

/** `firstFit` search outcomes besides a found address (addresses are >= 0). */
export const NONE = -1 // nothing in this part of the address space; keep looking
const STOP = -2 // every later candidate would pass `limitEnd`; give up

/**
 * First-fit candidate in the gap `[lo, hi)`: `a = alignUp(max(lo, from))`, a
 * result if `a + size <= hi`. `last` is `limitEnd - size`, the highest
 * admissible address. Returns `STOP` when `a > last`: gaps are visited in
 * address order, so every later gap has a larger `lo`, hence a candidate
 * `>= a`, and cannot succeed either.
 *
 * Exactness: `x` is a safe integer and `align` a power of two <= 2^52, so
 * `x / align` only shifts the exponent (exact), `Math.ceil` is exact, and the
 * product is a multiple of `align` below `x + align <= 2^53 + 2^52`, which is
 * representable (even, below 2^54). It may exceed `MAX_SAFE_INTEGER`, but then
 * it also exceeds `last` and we return `STOP`, so no inexact value escapes.
 * `hi - size` is exact too (both safe), and `Infinity` for the final gap.
 */
export function fitIn(lo: number, hi: number, from: number, size: number, align: number, last: number): number {
  const x = lo > from ? lo : from
  if (x > last) return STOP
  const a = align === 1 ? x : Math.ceil(x / align) * align
  if (a > last) return STOP
  return a <= hi - size ? a : NONE
}

/**
 * First fit among the gaps strictly inside the subtree `node` (level `h`), in
 * address order. Prunes children whose `maxGap < size`, or whose gaps all end
 * within `size` of `from` (`maxEnd - from < size`), and stops at the first
 * gap whose low end is past `last`.
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
    let prevEnd = entries[i - 1]!.end
    for (; i < entries.length; i++) {
      if (prevEnd > last) return STOP
      const e = entries[i]!
      // Usable part of the gap is [max(prevEnd, from), e.start).
      if (e.start - (prevEnd > from ? prevEnd : from) >= size) {
        const r = fitIn(prevEnd, e.start, from, size, align, last)
        if (r !== NONE) return r
      }
      prevEnd = e.end
    }
    return NONE
  }
  const children = node.items as ReadonlyArray<Node<E>>
  let prevEnd = -1
  for (let i = childIndex(children, from), first = i; i < children.length; i++) {
    const c = children[i]!
    if (i > first) {
      if (prevEnd > last) return STOP
      if (c.minStart - (prevEnd > from ? prevEnd : from) >= size) {
        const r = fitIn(prevEnd, c.minStart, from, size, align, last)
        if (r !== NONE) return r
      }
    }
    if (c.maxGap >= size && c.maxEnd - from >= size) {
      const r = fitInside(c, h - 1, from, size, align, last)
      if (r !== NONE) return r
    }
    prevEnd = c.maxEnd
  }
  return NONE
}
