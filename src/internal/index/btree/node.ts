/**
 * The node of the B+tree and what every algorithm over it shares: building
 * nodes and their summaries (`minStart`, `maxEnd`, `maxGap`), exact-length
 * array copies, and the searches within a node. See `btree.ts` for the
 * representation and its invariants.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'

/**
 * A tree node. `items` holds entries (`E`) in a leaf and child nodes in a
 * branch; which one is determined by the level during a descent.
 *
 * @internal
 */
export class Node<E> {
  readonly items: ReadonlyArray<E | Node<E>>
  /** Start of the first entry in this subtree. */
  readonly minStart: number
  /** End of the last entry in this subtree. */
  readonly maxEnd: number
  /** Largest gap between consecutive entries inside this subtree; 0 if fewer than 2 entries. */
  readonly maxGap: number
  /**
   * Memo of the aligned-fit summary (see `fit-summary.ts`): flat pairs
   * `[align, usable, align, usable, ...]` for the alignments asked so far,
   * `undefined` until the first. The only field ever written after
   * construction, and safely so: a node's entries never change once it is
   * published, so a memoised value never goes stale and is the same for
   * every tree version sharing the node. A path copy is a new node and
   * starts empty.
   */
  memo: readonly number[] | undefined

  constructor(items: ReadonlyArray<E | Node<E>>, minStart: number, maxEnd: number, maxGap: number) {
    this.items = items
    this.minStart = minStart
    this.maxEnd = maxEnd
    this.maxGap = maxGap
    this.memo = undefined
  }
}

// ---------------------------------------------------------------------------
// Node construction and summaries
// ---------------------------------------------------------------------------

/** Largest gap between consecutive entries; 0 for fewer than two. O(n). */
export function leafMaxGap<E extends Interval>(entries: readonly E[]): number {
  let max = 0
  let prevEnd = entries[0]!.end
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i]!
    const gap = e.start - prevEnd
    if (gap > max) max = gap
    prevEnd = e.end
  }
  return max
}

/** Largest gap inside the union of `children`: their own `maxGap`s and the gaps between them. O(n). */
function branchMaxGap<E>(children: ReadonlyArray<Node<E>>): number {
  let c = children[0]!
  let max = c.maxGap
  let prevEnd = c.maxEnd
  for (let i = 1; i < children.length; i++) {
    c = children[i]!
    const gap = c.minStart - prevEnd
    if (gap > max) max = gap
    if (c.maxGap > max) max = c.maxGap
    prevEnd = c.maxEnd
  }
  return max
}

/** A leaf over a fresh, non-empty entries array, with summaries computed from scratch. */
export function makeLeaf<E extends Interval>(entries: readonly E[]): Node<E> {
  return new Node<E>(entries, entries[0]!.start, entries[entries.length - 1]!.end, leafMaxGap(entries))
}

/** A branch over a fresh, non-empty children array, with summaries computed from scratch. */
export function makeBranch<E>(children: ReadonlyArray<Node<E>>): Node<E> {
  return new Node<E>(children, children[0]!.minStart, children[children.length - 1]!.maxEnd, branchMaxGap(children))
}

/** A node at level `h` (0 = leaf) over fresh items. */
export function makeNode<E extends Interval>(items: ReadonlyArray<E | Node<E>>, h: number): Node<E> {
  return h === 0 ? makeLeaf(items as readonly E[]) : makeBranch(items as ReadonlyArray<Node<E>>)
}

/**
 * The largest gap that child `c`, placed at index `i` of `children`, accounts
 * for in its parent: its own `maxGap` and the boundary gaps to its neighbours
 * `children[i - 1]` and `children[i + 1]` (whatever is at index `i` itself is
 * ignored, so this works for both the old and the new child).
 */
function childContribution<E>(children: ReadonlyArray<Node<E>>, i: number, c: Node<E>): number {
  let m = c.maxGap
  if (i > 0) {
    const gap = c.minStart - children[i - 1]!.maxEnd
    if (gap > m) m = gap
  }
  if (i + 1 < children.length) {
    const gap = children[i + 1]!.minStart - c.maxEnd
    if (gap > m) m = gap
  }
  return m
}

/** Sentinel of {@link updatedMax} (gaps are >= 0). */
export const RECOMPUTE = -1

/**
 * New maximum after the part of a node that contributed `oldPart` now
 * contributes `newPart`, everything else unchanged; `RECOMPUTE` when the
 * maximum may have shrunk (the old part was the maximum and the new part is
 * smaller) and the caller must rescan. This keeps the common update O(1)
 * instead of a scan of all siblings, where each step is a pointer chase.
 */
export function updatedMax(oldMax: number, oldPart: number, newPart: number): number {
  if (newPart >= oldMax) return newPart // every other part is <= oldMax <= newPart
  if (oldPart < oldMax) return oldMax // the maximum lies elsewhere and is unchanged
  return RECOMPUTE
}

/**
 * The `maxGap` of branch `node` once its child `i` is replaced by `child`, or
 * `RECOMPUTE`. `child` may be over- or underfull: moving items between
 * adjacent siblings (split, share, merge) does not change the set of gaps
 * under `node`, so the value also holds after the caller rebalances.
 */
export function gapWithChild<E>(node: Node<E>, children: ReadonlyArray<Node<E>>, i: number, child: Node<E>): number {
  const old = children[i]!
  // Usual case: the change was inside the child, so the boundary gaps to its
  // neighbours are unchanged and only its own maxGap matters. This avoids
  // touching the neighbours, i.e. two pointer chases (cache misses) per level.
  if (child.minStart === old.minStart && child.maxEnd === old.maxEnd) {
    return updatedMax(node.maxGap, old.maxGap, child.maxGap)
  }
  return updatedMax(node.maxGap, childContribution(children, i, old), childContribution(children, i, child))
}

/**
 * The branch over the fresh array `copy` that replaces `node` after its child
 * `i` became `child` (then possibly rebalanced with a sibling, which changes
 * neither the entries under `node` nor, hence, its summaries). `maxGap` is
 * from {@link gapWithChild}. `minStart`/`maxEnd` come from `node` unless the
 * first/last child changed, again to avoid pointer chases to other children.
 */
export function finishBranch<E>(
  copy: ReadonlyArray<Node<E>>,
  node: Node<E>,
  i: number,
  child: Node<E>,
  maxGap: number,
): Node<E> {
  if (maxGap === RECOMPUTE) maxGap = branchMaxGap(copy)
  return new Node<E>(
    copy,
    i === 0 ? child.minStart : node.minStart,
    i === node.items.length - 1 ? child.maxEnd : node.maxEnd,
    maxGap,
  )
}

/** A copy of branch `node` (children `children`) with child `i` replaced by `child`. */
export function withChild<E>(node: Node<E>, children: ReadonlyArray<Node<E>>, i: number, child: Node<E>): Node<E> {
  const maxGap = gapWithChild(node, children, i, child)
  const copy = children.slice() // fresh: mutated before it is published
  copy[i] = child
  return finishBranch(copy, node, i, child, maxGap)
}

/**
 * The node holding `items`, the concatenation of the items of the adjacent
 * nodes `left` and `right` (same level). O(1) summaries: its gaps are theirs
 * plus the one between them.
 */
export function mergeNodes<E>(left: Node<E>, right: Node<E>, items: ReadonlyArray<E | Node<E>>): Node<E> {
  let maxGap = right.minStart - left.maxEnd
  if (left.maxGap > maxGap) maxGap = left.maxGap
  if (right.maxGap > maxGap) maxGap = right.maxGap
  return new Node<E>(items, left.minStart, right.maxEnd, maxGap)
}

/**
 * `entries` with the run `entries[lo..hi)` replaced by `pieces`: a fresh
 * array of exact length (see the module comment of `btree.ts`).
 */
export function spliceItems<E>(entries: readonly E[], lo: number, hi: number, pieces: readonly E[]): E[] {
  const n = entries.length
  const k = pieces.length
  const items = new Array<E>(lo + k + (n - hi)) // exact length, filled by index
  for (let c = 0; c < lo; c++) items[c] = entries[c]!
  for (let c = 0; c < k; c++) items[lo + c] = pieces[c]!
  for (let c = hi; c < n; c++) items[c - hi + lo + k] = entries[c]!
  return items
}

/**
 * The leaf over `items` (non-empty, from {@link spliceItems}) that replaces
 * leaf `node` (entries `entries`) once its run `entries[lo..hi)` became the
 * `k` entries `items[lo..lo + k)`. Summaries are updated incrementally: only
 * the gaps between `entries[lo - 1]` and `entries[hi]` change (before, those
 * through the run; after, those through the new entries), so `maxGap` needs a
 * rescan only when the old maximum was among them and shrank. This is how
 * insert (an empty run, one new entry), splice and `spliceRange` update a leaf.
 */
export function leafAfterSplice<E extends Interval>(
  node: Node<E>,
  entries: readonly E[],
  lo: number,
  hi: number,
  items: readonly E[],
  k: number,
): Node<E> {
  const n = entries.length
  const len = items.length
  const from = lo > 0 ? lo - 1 : 0
  let oldPart = 0
  for (let c = from, end = hi < n ? hi : n - 1; c < end; c++) {
    const gap = entries[c + 1]!.start - entries[c]!.end
    if (gap > oldPart) oldPart = gap
  }
  let newPart = 0
  for (let c = from, end = lo + k < len ? lo + k : len - 1; c < end; c++) {
    const gap = items[c + 1]!.start - items[c]!.end
    if (gap > newPart) newPart = gap
  }
  let maxGap = updatedMax(node.maxGap, oldPart, newPart)
  if (maxGap === RECOMPUTE) maxGap = leafMaxGap(items)
  return new Node<E>(
    items,
    lo === 0 ? items[0]!.start : node.minStart,
    hi === n ? items[len - 1]!.end : node.maxEnd,
    maxGap,
  )
}

/**
 * Nodes at level `h` over `items` (not empty; kept as is when one node
 * suffices, so pass a fresh array): `k` consecutive nodes of about `target`
 * items each (lengths differing by at most one), all within `[min, B]` for a
 * node size `B` with `target <= B` and `min = floor(B / 2)`, or a single
 * node (maybe underfull) if there are fewer than `min` items. Why that holds:
 * `ceil(n / B)` nodes would hold `>= ceil(B / 2)` items each;
 * `ceil(n / target)` is at least that many, so nodes hold `<= B`, and the
 * clamp `k <= floor(n / min)` keeps them `>= min` without going below
 * `ceil(n / B)`. With `target = B`, `k = ceil(n / B)` (the clamp never binds:
 * `floor(n / min) >= floor(2n / B) >= ceil(n / B)` for `n > B`): the fewest
 * nodes, as `spliceRange` wants; `fromSorted` asks for 3/4-full nodes.
 */
export function pack<E extends Interval>(
  items: ReadonlyArray<E | Node<E>>,
  h: number,
  target: number,
  min: number,
): Node<E>[] {
  const n = items.length
  const k = Math.max(1, Math.min(Math.ceil(n / target), Math.floor(n / min)))
  if (k === 1) return [makeNode(items, h)]
  const base = Math.floor(n / k)
  const extra = n % k // the first `extra` nodes get one more item
  const out = new Array<Node<E>>(k)
  let at = 0
  for (let c = 0; c < k; c++) {
    const len = c < extra ? base + 1 : base
    out[c] = makeNode(items.slice(at, at + len), h)
    at += len
  }
  return out
}

// ---------------------------------------------------------------------------
// Array helpers (exact-length copies, see the module comment)
// ---------------------------------------------------------------------------

/** `a` with the element at index `i` replaced by the two elements `x`, `y`. */
export function arraySplitAt<T>(a: readonly T[], i: number, x: T, y: T): T[] {
  const n = a.length
  const r = new Array<T>(n + 1)
  for (let j = 0; j < i; j++) r[j] = a[j]!
  r[i] = x
  r[i + 1] = y
  for (let j = i + 1; j < n; j++) r[j + 1] = a[j]!
  return r
}

/** `a` with the two elements at `i`, `i + 1` replaced by the one element `x`. */
export function arrayMergeAt<T>(a: readonly T[], i: number, x: T): T[] {
  const n = a.length - 1
  const r = new Array<T>(n)
  for (let j = 0; j < i; j++) r[j] = a[j]!
  r[i] = x
  for (let j = i + 1; j < n; j++) r[j] = a[j + 1]!
  return r
}

// ---------------------------------------------------------------------------
// Searches within a node
// ---------------------------------------------------------------------------

/** Index of the last child whose `minStart <= key`, or 0 if there is none. */
export function childIndex<E>(children: ReadonlyArray<Node<E>>, key: number): number {
  let lo = 1
  let hi = children.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (children[mid]!.minStart <= key) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Index of the first entry whose `start >= key` (`entries.length` if none). */
export function lowerBound<E extends Interval>(entries: readonly E[], key: number): number {
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (entries[mid]!.start < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first entry whose `start > key` (`entries.length` if none). */
export function upperBound<E extends Interval>(entries: readonly E[], key: number): number {
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (entries[mid]!.start <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the entry whose `start` is `key`, or -1 if there is none: the leaf search of every splice. */
export function startIndex<E extends Interval>(entries: readonly E[], key: number): number {
  const i = lowerBound(entries, key)
  return i < entries.length && entries[i]!.start === key ? i : -1
}

// ---------------------------------------------------------------------------
// Occupancy
// ---------------------------------------------------------------------------

/** About 3/4 of `maxNodeSize`: the fill of nodes built by sequential inserts and by `fromSorted`. */
export function fillTarget(maxNodeSize: number): number {
  return maxNodeSize - (maxNodeSize >>> 2)
}
