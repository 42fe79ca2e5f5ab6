/**
 * The aligned-fit summary that makes every free-area search O(B log n) for
 * any alignment.
 *
 * A gap `[s, e)` holds an `align`-aligned block of `size` bytes iff
 * `alignUp(s, align) + size <= e`. Call `e - alignUp(s, align)` the gap's
 * *usable length* for `align`. The usable length of a subtree is the largest
 * usable length over the gaps strictly inside it (between its consecutive
 * entries, including the boundary gaps between its children), or 0. A
 * search for `size` bytes can skip exactly the subtrees whose usable length
 * is below `size`: every subtree it descends into that lies wholly inside the
 * searched range holds an answer. `maxGap` alone is not enough: many gaps
 * that are large enough but misaligned would each be visited.
 *
 * Alignment is a query parameter (a power of two up to 2^52), so the summary
 * cannot be kept eagerly for all of them. It is computed on demand per (node,
 * align) and memoised on the node ({@link Node.memo}): O(1) when cached, O(B)
 * to fill from cached children. Nodes never change once published, so a memo
 * never goes stale; an update path-copies O(log n) nodes, which start with
 * empty memos, so the next query refills only those. The first query for an
 * alignment on a tree visits what it needs of the whole tree once (O(n) at
 * worst); every version derived from it shares those memos. For `align = 1`
 * the usable length is `maxGap`, kept eagerly: no memo.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import type { Node } from './node.js'

/**
 * The least multiple of `align` (a power of two <= 2^52) that is `>= x` (a
 * safe integer). Exact: `x / align` only shifts the exponent, `Math.ceil` is
 * exact, and the product is a multiple of `align` below `x + align <= 2^53 +
 * 2^52`, which is representable. It may exceed `MAX_SAFE_INTEGER`: callers
 * compare it, never return it unchecked.
 */
export function alignUp(x: number, align: number): number {
  return align === 1 ? x : Math.ceil(x / align) * align
}

/** The greatest multiple of `align` that is `<= x`. Exact for the same reasons as {@link alignUp}. */
export function alignDown(x: number, align: number): number {
  return align === 1 ? x : Math.floor(x / align) * align
}

/** Usable length of the leaf `entries` for `align`: the largest `next.start - alignUp(prev.end)`, or 0. */
function leafUsable<E extends Interval>(entries: readonly E[], align: number): number {
  let best = 0
  for (let i = 1; i < entries.length; i++) {
    const u = entries[i]!.start - alignUp(entries[i - 1]!.end, align)
    if (u > best) best = u
  }
  return best
}

/**
 * Usable length of the subtree `node` (level `h`) for `align`, memoised.
 * Precondition: `align` is a power of two, at most 2^52.
 */
export function usable<E extends Interval>(node: Node<E>, h: number, align: number): number {
  // align 1: every gap is usable whole. A subtree without a gap of any size
  // has none to align either (this also skips the memo for most small nodes).
  if (align === 1 || node.maxGap === 0) return node.maxGap
  const memo = node.memo
  if (memo !== undefined) {
    for (let k = 0; k < memo.length; k += 2) if (memo[k] === align) return memo[k + 1]!
  }
  let best: number
  if (h === 0) {
    best = leafUsable(node.items as readonly E[], align)
  } else {
    const children = node.items as ReadonlyArray<Node<E>>
    let c = children[0]!
    best = usable(c, h - 1, align)
    for (let i = 1; i < children.length; i++) {
      const prevEnd = c.maxEnd
      c = children[i]!
      const u = c.minStart - alignUp(prevEnd, align)
      if (u > best) best = u
      // A child's usable length is at most its maxGap: one that cannot beat
      // the best so far is not asked (and not filled), which keeps the first
      // fill cheap wherever large gaps are rare.
      if (c.maxGap > best) {
        const v = usable(c, h - 1, align)
        if (v > best) best = v
      }
    }
  }
  // Exact-length copy (at most 53 alignments, so at most 106 numbers): the
  // memo array of a published node is never mutated in place.
  node.memo = memo === undefined ? [align, best] : memo.concat(align, best)
  return best
}

/** Usable length of the subtree `node` (level `h`) for `align`, from scratch, ignoring memos. For `checkValid`. */
export function usableFromScratch<E extends Interval>(node: Node<E>, h: number, align: number): number {
  if (h === 0) return leafUsable(node.items as readonly E[], align)
  const children = node.items as ReadonlyArray<Node<E>>
  let best = 0
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!
    if (i > 0) best = Math.max(best, c.minStart - alignUp(children[i - 1]!.maxEnd, align))
    best = Math.max(best, usableFromScratch(c, h - 1, align))
  }
  return best
}

/** Search outcomes besides a found address (addresses are >= 0): nothing in this part of the address space, keep looking. */
export const NONE = -1
/** Search outcome: every later candidate (in the search's direction) is out of bounds; give up. */
export const STOP = -2
