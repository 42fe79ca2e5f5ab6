/**
 * A persistent (immutable, path-copying) B+tree of non-overlapping half-open
 * intervals keyed by `start`, with gap summaries for first-fit allocation.
 *
 * Representation
 * --------------
 * There is a single node class, {@link Node}, for leaves and branches: a leaf
 * holds entries in `items`, a branch holds child nodes. Whether a node is a
 * leaf is *not* stored in the node: the tree knows its `height` and every
 * descent counts levels down to 0 (leaves). One class keeps every property
 * access monomorphic, and one field fewer keeps path copies small.
 *
 * Every node carries three summaries of its subtree, stored on the node itself
 * (not in per-child arrays of the parent, which would add one or more arrays to
 * every copied branch):
 *
 * - `minStart`: the start of its first entry;
 * - `maxEnd`: the end of its last entry (entries are sorted and disjoint, so
 *   this is also the largest end);
 * - `maxGap`: the largest `next.start - prev.end` over consecutive entries
 *   *inside* the subtree, or `0` when the subtree has fewer than two entries.
 *   `0` rather than `-Infinity` because every request has `size > 0`, so both
 *   prune the same way, and `0` is a small integer V8 does not box. A branch
 *   gets it from its children's `maxGap`s plus the "boundary" gaps
 *   `children[i + 1].minStart - children[i].maxEnd` between adjacent children.
 *
 * There are no per-node entry counts: nothing in {@link IntervalIndex} needs
 * rank/select, and the tree's total `size` is kept on the {@link BTree} object
 * itself (updated by ±1 per insert/delete), which makes `size` O(1).
 *
 * Persistence
 * -----------
 * Nodes are never mutated once they are reachable from a published tree. Every
 * update copies the nodes on the root-to-leaf path (plus at most one sibling
 * per level when rebalancing; `spliceRange` copies two paths and the spines
 * it joins along) and shares all other subtrees by reference. The arrays
 * handed to `new Node` are always freshly built by the update in progress;
 * they are mutated only while being built, before the node exists.
 * Arrays are built with an exact length (`slice`, `concat`, `new Array(n)`
 * filled by index), never grown with `push`/`splice`, so that V8 does not give
 * them spare capacity, which would be retained by every version.
 *
 * Occupancy: every node except the root holds between `floor(B / 2)` and `B`
 * items, where `B` is `maxNodeSize`. The root branch has at least two children
 * (a one-child root is collapsed). `floor` rather than `ceil` leaves one item
 * of slack for odd `B` so that alternating insert/delete at a node that just
 * split does not alternately split and merge.
 *
 * @internal
 * @module
 */
import type { Interval, IntervalIndex } from './interval-index.js'

/**
 * Default maximum number of items (entries in a leaf, children in a branch) per
 * node, chosen by measurement. With 65,530 entries (Node 20, 2-core VM, CPU
 * time, best of 3 runs, trees built by successive inserts):
 *
 * | B  | floor (us) | delete+insert (same spot / elsewhere) | bytes retained per version (same / elsewhere) |
 * | -- | ---------- | ------------------------------------- | --------------------------------------------- |
 * | 16 | 0.31       | 2.0 / 1.6 us                          | 1090 / 1730                                   |
 * | 24 | 0.30       | 2.0 / 1.5 us                          | 1090 / 1740                                   |
 * | 32 | 0.30       | 2.0 / 1.6 us                          | 1170 / 1920                                   |
 * | 64 | 0.30       | 2.3 / 1.7 us                          | 1450 / 2320                                   |
 *
 * (Bytes include the ~72-byte new entry and the ~50-byte tree object. The
 * machine was shared, load 2-3, so figures are +-10%. "Same spot" re-inserts
 * the deleted range: with uniform gaps, as here, that first makes and then
 * removes the unique largest gap of every level, so `maxGap` is rescanned at
 * every level; with a few large gaps, as in real address spaces, it is 1.75 us.) Lookups
 * are bound by cache misses and barely depend on `B`; updates copy `B`-sized
 * arrays at every level, so larger nodes cost time and memory, while smaller
 * ones add levels. 16 and 24 tie; 24 gives shallower trees for the same cost.
 *
 * @internal
 */
export const DEFAULT_MAX_NODE_SIZE = 24

/**
 * A tree node. `items` holds entries (`E`) in a leaf and child nodes in a
 * branch; which one is determined by the level during a descent.
 *
 * @internal
 */
class Node<E> {
  readonly items: ReadonlyArray<E | Node<E>>
  /** Start of the first entry in this subtree. */
  readonly minStart: number
  /** End of the last entry in this subtree. */
  readonly maxEnd: number
  /** Largest gap between consecutive entries inside this subtree; 0 if fewer than 2 entries. */
  readonly maxGap: number

  constructor(items: ReadonlyArray<E | Node<E>>, minStart: number, maxEnd: number, maxGap: number) {
    this.items = items
    this.minStart = minStart
    this.maxEnd = maxEnd
    this.maxGap = maxGap
  }
}

/** `firstFit` search outcomes besides a found address (addresses are >= 0). */
const NONE = -1 // nothing in this part of the address space; keep looking
const STOP = -2 // every later candidate would pass `limitEnd`; give up

// ---------------------------------------------------------------------------
// Node construction and summaries
// ---------------------------------------------------------------------------

/** Largest gap between consecutive entries; 0 for fewer than two. O(n). */
function leafMaxGap<E extends Interval>(entries: readonly E[]): number {
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
function makeLeaf<E extends Interval>(entries: readonly E[]): Node<E> {
  return new Node<E>(entries, entries[0]!.start, entries[entries.length - 1]!.end, leafMaxGap(entries))
}

/** A branch over a fresh, non-empty children array, with summaries computed from scratch. */
function makeBranch<E>(children: ReadonlyArray<Node<E>>): Node<E> {
  return new Node<E>(children, children[0]!.minStart, children[children.length - 1]!.maxEnd, branchMaxGap(children))
}

/** A node at level `h` (0 = leaf) over fresh items. */
function makeNode<E extends Interval>(items: ReadonlyArray<E | Node<E>>, h: number): Node<E> {
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
const RECOMPUTE = -1

/**
 * New maximum after the part of a node that contributed `oldPart` now
 * contributes `newPart`, everything else unchanged; `RECOMPUTE` when the
 * maximum may have shrunk (the old part was the maximum and the new part is
 * smaller) and the caller must rescan. This keeps the common update O(1)
 * instead of a scan of all siblings, where each step is a pointer chase.
 */
function updatedMax(oldMax: number, oldPart: number, newPart: number): number {
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
function gapWithChild<E>(node: Node<E>, children: ReadonlyArray<Node<E>>, i: number, child: Node<E>): number {
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
function finishBranch<E>(
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
function withChild<E>(node: Node<E>, children: ReadonlyArray<Node<E>>, i: number, child: Node<E>): Node<E> {
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
function mergeNodes<E>(left: Node<E>, right: Node<E>, items: ReadonlyArray<E | Node<E>>): Node<E> {
  let maxGap = right.minStart - left.maxEnd
  if (left.maxGap > maxGap) maxGap = left.maxGap
  if (right.maxGap > maxGap) maxGap = right.maxGap
  return new Node<E>(items, left.minStart, right.maxEnd, maxGap)
}

// ---------------------------------------------------------------------------
// Array helpers (exact-length copies, see the module comment)
// ---------------------------------------------------------------------------

/** `a` with `x` inserted at index `i`. */
function arrayInsert<T>(a: readonly T[], i: number, x: T): T[] {
  const n = a.length
  const r = new Array<T>(n + 1)
  for (let j = 0; j < i; j++) r[j] = a[j]!
  r[i] = x
  for (let j = i; j < n; j++) r[j + 1] = a[j]!
  return r
}

/** `a` without the element at index `i`. */
function arrayRemove<T>(a: readonly T[], i: number): T[] {
  const n = a.length - 1
  const r = new Array<T>(n)
  for (let j = 0; j < i; j++) r[j] = a[j]!
  for (let j = i; j < n; j++) r[j] = a[j + 1]!
  return r
}

/** `a` with the element at index `i` replaced by the two elements `x`, `y`. */
function arraySplitAt<T>(a: readonly T[], i: number, x: T, y: T): T[] {
  const n = a.length
  const r = new Array<T>(n + 1)
  for (let j = 0; j < i; j++) r[j] = a[j]!
  r[i] = x
  r[i + 1] = y
  for (let j = i + 1; j < n; j++) r[j + 1] = a[j]!
  return r
}

/** `a` with the two elements at `i`, `i + 1` replaced by the one element `x`. */
function arrayMergeAt<T>(a: readonly T[], i: number, x: T): T[] {
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
function childIndex<E>(children: ReadonlyArray<Node<E>>, key: number): number {
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
function lowerBound<E extends Interval>(entries: readonly E[], key: number): number {
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
function upperBound<E extends Interval>(entries: readonly E[], key: number): number {
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (entries[mid]!.start <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

// ---------------------------------------------------------------------------
// Updates (recursive path copying; recursion depth is the tree height, <= ~6)
// ---------------------------------------------------------------------------

/** About 3/4 of `maxNodeSize`: the fill of nodes built by sequential inserts and by `fromSorted`. */
function fillTarget(maxNodeSize: number): number {
  return maxNodeSize - (maxNodeSize >>> 2)
}

/**
 * Copy of `node` (level `h`) with `entry` inserted. The result may hold
 * `maxNodeSize + 1` items: the caller (parent or tree) splits it. That keeps
 * the split logic in one place and costs nothing in the common no-split case.
 */
function insertRec<E extends Interval>(node: Node<E>, h: number, entry: E, maxNodeSize: number): Node<E> {
  const key = entry.start
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    const i = lowerBound(entries, key)
    if (i < n && entries[i]!.start === key) throw new Error(`BTree.insert: an entry with start ${key} already exists`)
    const items = arrayInsert(entries, i, entry)
    let maxGap = node.maxGap
    if (i === 0) {
      const gap = entries[0]!.start - entry.end
      if (gap > maxGap) maxGap = gap
    } else if (i === n) {
      const gap = key - entries[n - 1]!.end
      if (gap > maxGap) maxGap = gap
    } else {
      // The gap entries[i-1]..entries[i] is split in two smaller ones. Unless
      // it was the maximum, the maximum is unchanged.
      const oldGap = entries[i]!.start - entries[i - 1]!.end
      if (oldGap >= maxGap) maxGap = leafMaxGap(items)
    }
    return new Node<E>(items, i === 0 ? key : node.minStart, i === n ? entry.end : node.maxEnd, maxGap)
  }
  const children = node.items as ReadonlyArray<Node<E>>
  const i = childIndex(children, key)
  const child = insertRec(children[i]!, h - 1, entry, maxNodeSize)
  if (child.items.length <= maxNodeSize) return withChild(node, children, i, child)
  return withOverfullChild(node, children, i, child, h, maxNodeSize)
}

/**
 * The copy of branch `node` (level `h`, children `children`) whose child `i`
 * became `child`, which holds more than `maxNodeSize` items (at most
 * `maxNodeSize + 2`: one more per inserted entry, two more for a leaf that
 * {@link spliceRec} split in three). Shares the items with an adjacent
 * sibling, or splits `child` in two, so the result has at most one child more
 * than `node` (and may itself be overfull by one: its caller handles that).
 */
function withOverfullChild<E extends Interval>(
  node: Node<E>,
  children: ReadonlyArray<Node<E>>,
  i: number,
  child: Node<E>,
  h: number,
  maxNodeSize: number,
): Node<E> {
  const maxGap = gapWithChild(node, children, i, child)
  // The child overflowed. If an adjacent sibling is less than 3/4 full, share
  // the items evenly with it instead of splitting (as in a B*-tree). Without
  // this, ascending or descending successive inserts (the common mmap
  // pattern) leave every node half full, i.e. at the minimum occupancy, so
  // that the next deletion anywhere underflows and merges at every level.
  // The 3/4 cap (rather than sharing with any non-full sibling) leaves such
  // runs of nodes about 3/4 full instead of completely full, where the next
  // insert anywhere would split and, the parents being full too, split again
  // at every level. Measured with 65,530 ascending inserts, B = 24: splitting
  // one entry in three on the result costs 1.9 us instead of 3.0 us, and
  // deleting one entry 0.6 us instead of 1.5 us (plain splits), for 19 instead
  // of 16 (completely full) or 23 (plain splits) bytes of nodes per entry.
  const n = children.length
  const shareBelow = fillTarget(maxNodeSize)
  const j = i > 0 && children[i - 1]!.items.length < shareBelow ? i - 1 : i + 1
  if (j < n && children[j]!.items.length < shareBelow) {
    // Both halves are within [floor(B/2), B]: `all` is at most
    // (B + 2) + (shareBelow - 1) <= 2B, since shareBelow <= B - 1 for B >= 4.
    const lo = i < j ? i : j
    const all = i < j ? child.items.concat(children[j]!.items) : children[j]!.items.concat(child.items)
    const half = all.length >>> 1
    const copy = children.slice() // fresh: mutated before it is published
    copy[lo] = makeNode(all.slice(0, half), h - 1)
    copy[lo + 1] = makeNode(all.slice(half), h - 1)
    return finishBranch(copy, node, i, child, maxGap)
  }
  // No room nearby: split the child into two halves (each >= floor(B/2) and,
  // as the child has at most B + 2 items, <= B for B >= 4).
  const half = child.items.length >>> 1
  const left = makeNode(child.items.slice(0, half), h - 1)
  const right = makeNode(child.items.slice(half), h - 1)
  return finishBranch(arraySplitAt(children, i, left, right), node, i, child, maxGap)
}

/**
 * Copy of `node` (level `h`) without the entry starting at `key`, or `node`
 * itself if there is no such entry. The result may be underfull (fewer than
 * `minNodeSize` items): the caller rebalances it. Never called on a leaf that
 * would become empty (only a root leaf of one entry can, and the tree handles
 * that).
 */
function deleteRec<E extends Interval>(
  node: Node<E>,
  h: number,
  key: number,
  maxNodeSize: number,
  minNodeSize: number,
): Node<E> {
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    const i = lowerBound(entries, key)
    if (i === n || entries[i]!.start !== key) return node
    const items = arrayRemove(entries, i)
    let maxGap = node.maxGap
    if (i > 0 && i < n - 1) {
      // Two gaps merge into a larger one: the maximum can only grow.
      const gap = entries[i + 1]!.start - entries[i - 1]!.end
      if (gap > maxGap) maxGap = gap
    } else {
      // An edge entry goes and with it the gap next to it (n >= 2 here).
      const gap = i === 0 ? entries[1]!.start - entries[0]!.end : entries[n - 1]!.start - entries[n - 2]!.end
      if (gap >= maxGap) maxGap = leafMaxGap(items)
    }
    return new Node<E>(
      items,
      i === 0 ? items[0]!.start : node.minStart,
      i === n - 1 ? items[n - 2]!.end : node.maxEnd,
      maxGap,
    )
  }
  if (key < node.minStart) return node
  const children = node.items as ReadonlyArray<Node<E>>
  const i = childIndex(children, key)
  const old = children[i]!
  const child = deleteRec(old, h - 1, key, maxNodeSize, minNodeSize)
  if (child === old) return node
  if (child.items.length >= minNodeSize) return withChild(node, children, i, child)
  return withUnderfullChild(node, children, i, child, h, minNodeSize)
}

/**
 * The copy of branch `node` (level `h`, children `children`) whose child `i`
 * became `child`, which holds `minNodeSize - 1` items (one fewer than the
 * minimum). Borrows from or merges with an adjacent sibling (a non-root branch
 * has >= 2 children and the root branch is kept at >= 2), so the result has
 * at most one child fewer than `node` (and may itself be underfull: its caller
 * handles that).
 */
function withUnderfullChild<E extends Interval>(
  node: Node<E>,
  children: ReadonlyArray<Node<E>>,
  i: number,
  child: Node<E>,
  h: number,
  minNodeSize: number,
): Node<E> {
  const maxGap = gapWithChild(node, children, i, child)
  const j = i > 0 ? i - 1 : i + 1
  const sibling = children[j]!
  const lo = i < j ? i : j // index of the left one of the pair
  const left = i < j ? child : sibling
  const right = i < j ? sibling : child
  const all = left.items.concat(right.items)
  if (sibling.items.length > minNodeSize) {
    // Borrow: redistribute evenly, so both halves have >= minNodeSize items
    // (total >= 2 * minNodeSize) and the next deletion does not rebalance again.
    const half = all.length >>> 1
    const copy = children.slice() // fresh: mutated before it is published
    copy[lo] = makeNode(all.slice(0, half), h - 1)
    copy[lo + 1] = makeNode(all.slice(half), h - 1)
    return finishBranch(copy, node, i, child, maxGap)
  }
  // Merge: total = (minNodeSize - 1) + minNodeSize <= maxNodeSize.
  return finishBranch(arrayMergeAt(children, lo, mergeNodes(left, right, all)), node, i, child, maxGap)
}

/** Copy of `node` (level `h`) with the entry starting at `key` replaced by `entry`. */
function replaceRec<E extends Interval>(node: Node<E>, h: number, key: number, entry: E): Node<E> {
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    const i = lowerBound(entries, key)
    if (i === n || entries[i]!.start !== key) throw new Error(`BTree.replace: no entry with start ${key}`)
    const items = entries.slice() // fresh: mutated before it is published
    items[i] = entry
    // Only the gaps on either side of entry i change.
    const old = entries[i]!
    let oldPart = 0
    let newPart = 0
    if (i > 0) {
      const prevEnd = entries[i - 1]!.end
      oldPart = old.start - prevEnd
      newPart = entry.start - prevEnd
    }
    if (i + 1 < n) {
      const nextStart = entries[i + 1]!.start
      if (nextStart - old.end > oldPart) oldPart = nextStart - old.end
      if (nextStart - entry.end > newPart) newPart = nextStart - entry.end
    }
    let maxGap = updatedMax(node.maxGap, oldPart, newPart)
    if (maxGap === RECOMPUTE) maxGap = leafMaxGap(items)
    return new Node<E>(items, i === 0 ? entry.start : node.minStart, i === n - 1 ? entry.end : node.maxEnd, maxGap)
  }
  const children = node.items as ReadonlyArray<Node<E>>
  const i = childIndex(children, key)
  return withChild(node, children, i, replaceRec(children[i]!, h - 1, key, entry))
}

/**
 * Copy of `node` (level `h`) with the entry starting at `key` replaced by
 * `pieces` (0 to 3 entries that keep the order). The result may hold from
 * `minNodeSize - 1` to `maxNodeSize + 2` items: the caller (parent or tree)
 * rebalances or splits it, as after a delete or an insert. Never called on a
 * leaf that would become empty (only a root leaf of one entry can, and the
 * tree handles that).
 *
 * @throws Error if there is no entry with start `key`.
 */
function spliceRec<E extends Interval>(
  node: Node<E>,
  h: number,
  key: number,
  pieces: readonly E[],
  maxNodeSize: number,
  minNodeSize: number,
): Node<E> {
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    const i = lowerBound(entries, key)
    if (i === n || entries[i]!.start !== key) throw new Error(`BTree.splice: no entry with start ${key}`)
    const k = pieces.length
    const len = n - 1 + k
    const items = new Array<E>(len) // exact length, filled by index
    for (let j = 0; j < i; j++) items[j] = entries[j]!
    for (let j = 0; j < k; j++) items[i + j] = pieces[j]!
    for (let j = i + 1; j < n; j++) items[j - 1 + k] = entries[j]!
    // Only the gaps between entries[i - 1] and entries[i + 1] change: before,
    // the (up to) two around entry i; after, those between items[i - 1] and
    // items[i + k], through the pieces.
    const lo = i > 0 ? i - 1 : 0
    let oldPart = 0
    for (let j = lo, end = i + 1 < n ? i + 1 : n - 1; j < end; j++) {
      const gap = entries[j + 1]!.start - entries[j]!.end
      if (gap > oldPart) oldPart = gap
    }
    let newPart = 0
    for (let j = lo, end = i + k < len ? i + k : len - 1; j < end; j++) {
      const gap = items[j + 1]!.start - items[j]!.end
      if (gap > newPart) newPart = gap
    }
    let maxGap = updatedMax(node.maxGap, oldPart, newPart)
    if (maxGap === RECOMPUTE) maxGap = leafMaxGap(items)
    return new Node<E>(
      items,
      i === 0 ? items[0]!.start : node.minStart,
      i === n - 1 ? items[len - 1]!.end : node.maxEnd,
      maxGap,
    )
  }
  const children = node.items as ReadonlyArray<Node<E>>
  const i = childIndex(children, key)
  const child = spliceRec(children[i]!, h - 1, key, pieces, maxNodeSize, minNodeSize)
  const count = child.items.length
  if (count > maxNodeSize) return withOverfullChild(node, children, i, child, h, maxNodeSize)
  if (count < minNodeSize) return withUnderfullChild(node, children, i, child, h, minNodeSize)
  return withChild(node, children, i, child)
}

// ---------------------------------------------------------------------------
// Range splice (spliceRange)
// ---------------------------------------------------------------------------

/**
 * A sequence of nodes at level `h`, in address order, standing for the
 * concatenation of their entries: what a step of {@link rangeRec} returns in
 * place of the subtree it was given. Either empty, or a single node that may
 * be underfull (a "loose" node: fewer than `floor(B / 2)` items, but at least
 * one, and at most `B`), or two or more nodes that are all within
 * `[floor(B / 2), B]` (about `p / B^(h+1)` of them for `p` pieces, when many
 * pieces come in). In every case all nodes *below* the listed ones meet the
 * occupancy invariant. `h` may be lower than the level of the subtree it
 * replaces.
 */
interface Forest<E> {
  readonly nodes: ReadonlyArray<Node<E>>
  readonly h: number
}

const EMPTY_FOREST: Forest<never> = { nodes: [], h: 0 }
const NO_PIECES: readonly never[] = []

/** State of one `spliceRange`: node size bounds, and the number of entries removed so far. */
interface RangeCtx {
  readonly max: number
  readonly min: number
  removed: number
}

/** Whether every node of the non-empty forest `f` is within the occupancy bounds. */
function isFull<E>(f: Forest<E>, min: number): boolean {
  return f.nodes.length > 1 || f.nodes[0]!.items.length >= min
}

/** Number of entries in the subtree `node` (level `h`): O(size / B) node visits. */
function countEntries<E>(node: Node<E>, h: number): number {
  if (h === 0) return node.items.length
  let n = 0
  for (const c of node.items as ReadonlyArray<Node<E>>) n += countEntries(c, h - 1)
  return n
}

/**
 * Nodes at level `h` over the fresh array `items` (not empty): `ceil(t / max)`
 * nodes of (almost) equal size for `t` items. One node may hold fewer than
 * `floor(max / 2)` items; with two or more, each holds more than `t / m >
 * (m - 1) * max / m >= max / 2` and at most `max`, so all are within bounds.
 */
function pack<E extends Interval>(items: ReadonlyArray<E | Node<E>>, h: number, max: number): Node<E>[] {
  const t = items.length
  const m = Math.ceil(t / max)
  if (m <= 1) return [makeNode(items, h)]
  const base = Math.floor(t / m)
  const extra = t % m // the first `extra` nodes get one more item
  const out = new Array<Node<E>>(m)
  let at = 0
  for (let c = 0; c < m; c++) {
    const len = c < extra ? base + 1 : base
    out[c] = makeNode(items.slice(at, at + len), h)
    at += len
  }
  return out
}

/**
 * Nodes at level `hs` holding the entries of `s` (level `hs`) followed by
 * those of the non-empty forest `f` (level `f.h <= hs`). Descends the right
 * spine of `s` to level `f.h` and puts `f` there: beside the spine node if
 * `f` is full, merged with it (then split evenly if too big) if `f` is a
 * loose node; then splits any spine node that overflowed on the way back up.
 * If `s` is within bounds, so are all the returned nodes (one or more: a
 * forest of `m` nodes makes about `m / B^(hs - f.h)` more). If `hs > f.h`,
 * `s` itself may be a loose node (its children are within bounds), and then
 * so may the result (when it is a single node). O(hs - f.h + 1 + m / B)
 * nodes built: the list put in at level `f.h` shrinks by a factor of about
 * `B / 2` or more at every level on the way up.
 */
function joinRight<E extends Interval>(s: Node<E>, hs: number, f: Forest<E>, ctx: RangeCtx): Node<E>[] {
  if (hs === f.h) {
    if (isFull(f, ctx.min)) return [s].concat(f.nodes)
    // At most (max) + (min - 1) < 2 * max items, each >= min when split in two.
    return pack(s.items.concat(f.nodes[0]!.items), hs, ctx.max)
  }
  const items = s.items
  const last = items.length - 1
  const sub = joinRight(items[last] as Node<E>, hs - 1, f, ctx)
  const all = new Array<E | Node<E>>(last + sub.length) // exact length, filled by index
  for (let c = 0; c < last; c++) all[c] = items[c]!
  for (let c = 0; c < sub.length; c++) all[last + c] = sub[c]!
  return pack(all, hs, ctx.max)
}

/** Mirror image of {@link joinRight}: the entries of `f` followed by those of `s`, down the left spine of `s`. */
function joinLeft<E extends Interval>(f: Forest<E>, s: Node<E>, hs: number, ctx: RangeCtx): Node<E>[] {
  if (hs === f.h) {
    if (isFull(f, ctx.min)) return f.nodes.concat([s])
    return pack(f.nodes[0]!.items.concat(s.items), hs, ctx.max)
  }
  const items = s.items
  const n = items.length
  const sub = joinLeft(f, items[0] as Node<E>, hs - 1, ctx)
  const k = sub.length
  const all = new Array<E | Node<E>>(k + n - 1) // exact length, filled by index
  for (let c = 0; c < k; c++) all[c] = sub[c]!
  for (let c = 1; c < n; c++) all[k + c - 1] = items[c]!
  return pack(all, hs, ctx.max)
}

/**
 * The forest holding the entries of the forest `l` followed by those of `r`
 * (either may be empty or of any level). Equal levels: the nodes side by
 * side if all are within bounds, else the loose node merged with the
 * adjacent node of the other forest (and split evenly in two if that
 * overflows), so only O(1) nodes are rebuilt however long the forests are.
 * Different levels: the lower forest is joined into the spine of the
 * nearest node of the higher one.
 */
function joinForests<E extends Interval>(l: Forest<E>, r: Forest<E>, ctx: RangeCtx): Forest<E> {
  const ln = l.nodes
  const rn = r.nodes
  if (ln.length === 0) return r
  if (rn.length === 0) return l
  if (l.h === r.h) {
    const h = l.h
    const lFull = isFull(l, ctx.min)
    const rFull = isFull(r, ctx.min)
    if (lFull && rFull) return { nodes: ln.concat(rn), h }
    if (!lFull && !rFull) {
      // Two loose nodes: at most 2 * (min - 1) < max items, one node (maybe loose).
      return { nodes: [makeNode(ln[0]!.items.concat(rn[0]!.items), h)], h }
    }
    // One loose node beside a node within bounds: at most (max) + (min - 1) <
    // 2 * max items, at least min, so 1 or 2 nodes within bounds.
    if (lFull) {
      const a = ln[ln.length - 1]!
      return { nodes: ln.slice(0, ln.length - 1).concat(pack(a.items.concat(rn[0]!.items), h, ctx.max)), h }
    }
    return { nodes: pack(ln[0]!.items.concat(rn[0]!.items), h, ctx.max).concat(rn.slice(1)), h }
  }
  if (l.h > r.h) {
    const s = ln[ln.length - 1]!
    return { nodes: ln.slice(0, ln.length - 1).concat(joinRight(s, l.h, r, ctx)), h: l.h }
  }
  return { nodes: joinLeft(l, rn[0]!, r.h, ctx).concat(rn.slice(1)), h: r.h }
}

/**
 * The forest replacing branch `node` (level `h`, children `children`) once
 * its children `i..j` are replaced by the forest `f` (level `f.h < h`). A
 * full forest at level `h - 1` goes in as children; a loose or lower one is
 * first joined into the spine of the child before (or, at the left edge, the
 * child after). With no children left besides `f`, `f` itself is the result
 * (the level drops): the caller joins it into a neighbour of `node`.
 */
function attach<E extends Interval>(
  children: ReadonlyArray<Node<E>>,
  i: number,
  j: number,
  f: Forest<E>,
  h: number,
  ctx: RangeCtx,
): Forest<E> {
  const n = children.length
  const rest = n - (j - i + 1) // children kept around f
  if (f.nodes.length === 0) {
    if (rest === 0) return EMPTY_FOREST
    const items = new Array<Node<E>>(rest) // exact length, filled by index
    for (let c = 0; c < i; c++) items[c] = children[c]!
    for (let c = j + 1; c < n; c++) items[c - (j - i + 1)] = children[c]!
    return { nodes: [makeBranch(items)], h } // fewer children than before: maybe loose
  }
  let mid: ReadonlyArray<Node<E>>
  let lo = i // children[lo..hi] are replaced by `mid`
  let hi = j
  if (f.h === h - 1 && isFull(f, ctx.min)) {
    // Nothing else left: a single node drops a level (the caller joins it
    // into a neighbour); several become the children of one or more
    // branches (one, maybe loose, for up to `max` of them).
    if (rest === 0) return f.nodes.length === 1 ? f : { nodes: pack(f.nodes.slice(), h, ctx.max), h }
    mid = f.nodes
  } else if (i > 0) {
    mid = joinRight(children[i - 1]!, h - 1, f, ctx)
    lo = i - 1
  } else if (j + 1 < n) {
    mid = joinLeft(f, children[j + 1]!, h - 1, ctx)
    hi = j + 1
  } else {
    return f
  }
  const k = mid.length
  const items = new Array<Node<E>>(lo + k + (n - 1 - hi)) // exact length, filled by index
  for (let c = 0; c < lo; c++) items[c] = children[c]!
  for (let c = 0; c < k; c++) items[lo + c] = mid[c]!
  for (let c = hi + 1; c < n; c++) items[c - hi - 1 + lo + k] = children[c]!
  return { nodes: pack(items, h, ctx.max), h }
}

/**
 * The forest replacing the subtree `node` (level `h`) once its entries with
 * starts in `[first, last]` are replaced by `pieces`. `first = -Infinity`
 * means "from the first entry of `node`" and `last = Infinity` "to its last
 * entry": below the node where the run's two ends part ways, the left end
 * descends with `last = Infinity` and the right end with `first = -Infinity`.
 * Adds the number of removed entries to `ctx.removed`.
 *
 * @throws Error if the finite `first` or `last` is not the start of an entry.
 */
function rangeRec<E extends Interval>(
  node: Node<E>,
  h: number,
  first: number,
  last: number,
  pieces: readonly E[],
  ctx: RangeCtx,
): Forest<E> {
  if (first <= node.minStart && last === Infinity) {
    // The whole subtree goes: count it, do not copy anything.
    ctx.removed += countEntries(node, h)
    return pieces.length === 0 ? EMPTY_FOREST : { nodes: pack(pieces.slice(), 0, ctx.max), h: 0 }
  }
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    let lo = 0
    if (first !== -Infinity) {
      lo = lowerBound(entries, first)
      if (lo === n || entries[lo]!.start !== first) throw new Error(`BTree.spliceRange: no entry with start ${first}`)
    }
    let hi = n
    if (last !== Infinity) {
      hi = upperBound(entries, last)
      if (hi === 0 || entries[hi - 1]!.start !== last) throw new Error(`BTree.spliceRange: no entry with start ${last}`)
    }
    // lo <= hi - 1: `first <= last` and both are starts in this leaf, or one is open.
    ctx.removed += hi - lo
    const k = pieces.length
    const len = lo + k + (n - hi)
    if (len === 0) return EMPTY_FOREST
    const items = new Array<E>(len) // exact length, filled by index
    for (let c = 0; c < lo; c++) items[c] = entries[c]!
    for (let c = 0; c < k; c++) items[lo + c] = pieces[c]!
    for (let c = hi; c < n; c++) items[c - hi + lo + k] = entries[c]!
    // Too many for one leaf (many pieces): ceil(len / max) leaves within bounds.
    if (len > ctx.max) return { nodes: pack(items, 0, ctx.max), h: 0 }
    // One leaf: update maxGap incrementally, as in spliceRec. Only the gaps
    // between entries[lo - 1] and entries[hi] change: before, those through
    // the run; after, those through the pieces.
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
    const leaf = new Node<E>(
      items,
      lo === 0 ? items[0]!.start : node.minStart,
      hi === n ? items[len - 1]!.end : node.maxEnd,
      maxGap,
    )
    return { nodes: [leaf], h: 0 }
  }
  const children = node.items as ReadonlyArray<Node<E>>
  const i = childIndex(children, first) // 0 for -Infinity
  const j = childIndex(children, last) // the last child for Infinity
  let f: Forest<E>
  if (i === j) {
    f = rangeRec(children[i]!, h - 1, first, last, pieces, ctx)
    // Usual case: one child in, one full child out. Update the summaries
    // incrementally, without a pointer chase to every other child.
    if (f.h === h - 1 && f.nodes.length === 1 && f.nodes[0]!.items.length >= ctx.min) {
      return { nodes: [withChild(node, children, i, f.nodes[0]!)], h }
    }
  } else {
    // Children strictly between i and j lie inside the run: dropped unvisited
    // (but counted). The pieces go where the run starts, i.e. to the left end.
    const left = rangeRec(children[i]!, h - 1, first, Infinity, pieces, ctx)
    for (let c = i + 1; c < j; c++) ctx.removed += countEntries(children[c]!, h - 1)
    const right = rangeRec(children[j]!, h - 1, -Infinity, last, NO_PIECES, ctx)
    f = joinForests(left, right, ctx)
  }
  return attach(children, i, j, f, h, ctx)
}

// ---------------------------------------------------------------------------
// First fit
// ---------------------------------------------------------------------------

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
function fitIn(lo: number, hi: number, from: number, size: number, align: number, last: number): number {
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
function fitInside<E extends Interval>(
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

// ---------------------------------------------------------------------------
// Iterator
// ---------------------------------------------------------------------------

const NO_ENTRIES: readonly never[] = []

/**
 * In-order iterator over a tree, with an explicit stack of the branches on the
 * path to the current leaf and the child index taken in each. Each step is
 * O(1) within a leaf; moving to the next leaf climbs and descends, which
 * amortises to O(1) per entry. The nodes are immutable, so iterating an old
 * version while newer ones are derived is safe.
 */
class BTreeIterator<E extends Interval> implements IterableIterator<E> {
  /** `path[d]` is the branch at depth `d` (0 = root) on the way to the current leaf. */
  private readonly path: Array<Node<E>>
  /** `indices[d]` is the index of the child of `path[d]` that was taken. */
  private readonly indices: number[]
  private entries: readonly E[]
  private i: number

  /**
   * Positions the iterator at the first entry with `start >= key` (`key =
   * -Infinity` for all) or, if `atFloor`, at the last entry with `start <=
   * key` (the first entry if there is none).
   */
  constructor(root: Node<E> | undefined, height: number, key: number, atFloor: boolean) {
    this.path = new Array<Node<E>>(height)
    this.indices = new Array<number>(height)
    if (root === undefined) {
      this.entries = NO_ENTRIES
      this.i = 0
      return
    }
    let node = root
    for (let d = 0; d < height; d++) {
      const children = node.items as ReadonlyArray<Node<E>>
      const i = childIndex(children, key)
      this.path[d] = node
      this.indices[d] = i
      node = children[i]!
    }
    const entries = node.items as readonly E[]
    this.entries = entries
    if (atFloor) {
      // The leaf reached is the last one whose minStart <= key (or the first
      // leaf), so it holds the floor entry if there is one.
      const i = upperBound(entries, key) - 1
      this.i = i > 0 ? i : 0
    } else {
      this.i = lowerBound(entries, key)
    }
  }

  next(): IteratorResult<E, undefined> {
    const i = this.i
    if (i < this.entries.length) {
      this.i = i + 1
      return { value: this.entries[i]!, done: false }
    }
    return this.nextLeaf()
  }

  /** Moves to the first entry of the next leaf, if any. */
  private nextLeaf(): IteratorResult<E, undefined> {
    const path = this.path
    const indices = this.indices
    let d = path.length - 1
    while (d >= 0 && indices[d]! + 1 >= path[d]!.items.length) d--
    if (d < 0) {
      this.entries = NO_ENTRIES
      this.i = 0
      return { value: undefined, done: true }
    }
    const i = indices[d]! + 1
    indices[d] = i
    let node = path[d]!.items[i] as Node<E>
    for (d++; d < path.length; d++) {
      path[d] = node
      indices[d] = 0
      node = node.items[0] as Node<E>
    }
    const entries = node.items as readonly E[]
    this.entries = entries
    this.i = 1
    return { value: entries[0]!, done: false }
  }

  [Symbol.iterator](): BTreeIterator<E> {
    return this
  }
}

// ---------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------

function checkNodeSize(maxNodeSize: number): void {
  if (!Number.isInteger(maxNodeSize) || maxNodeSize < 4) {
    throw new RangeError(`BTree: maxNodeSize must be an integer >= 4, got ${maxNodeSize}`)
  }
}

/**
 * Splits `items` into `k` consecutive chunks of about `target` items (lengths
 * differing by at most one), each within `[min, B]` for a node size `B` with
 * `target <= B` and `min = floor(B / 2)`; a single chunk if `n < min`. Why
 * that holds: `k = ceil(n / B)` chunks would be `>= ceil(B / 2)` each;
 * `ceil(n / target)` is at least that many, so chunks are `<= B`, and the
 * clamp `k <= floor(n / min)` keeps them `>= min` without going below
 * `ceil(n / B)`.
 */
function chunks<T>(items: readonly T[], target: number, min: number): T[][] {
  const n = items.length
  const k = Math.max(1, Math.min(Math.ceil(n / target), Math.floor(n / min)))
  const base = Math.floor(n / k)
  const extra = n % k // the first `extra` chunks get one more item
  const out = new Array<T[]>(k)
  let at = 0
  for (let c = 0; c < k; c++) {
    const len = c < extra ? base + 1 : base
    out[c] = items.slice(at, at + len)
    at += len
  }
  return out
}

/**
 * A persistent B+tree of non-overlapping half-open intervals keyed by `start`,
 * implementing {@link IntervalIndex}. Every update returns a new tree sharing
 * all untouched nodes with the receiver, which is left unchanged.
 *
 * Costs, with `n` entries and node size `B` (height `log_B n`): `size` O(1);
 * `floor`, `ceiling`, `first`, `last` O(log n); `insert`, `delete`, `replace`,
 * `splice` O(B log n) time and allocation (one path copy, plus one sibling per
 * level when rebalancing); `spliceRange` over a run of `k` entries into `p`
 * pieces O(B log n + p) plus O(k / B) node visits (to count them; nothing
 * inside the run is copied); `splice` with more than 3 pieces is a
 * `spliceRange`; `from`, `fromFloor` O(log n) to start and amortised O(1) per step;
 * `firstFit` O(B log n) when no gap qualifies or when every gap of size >=
 * `size` holds an aligned block; `fromSorted` O(n); `checkValid` O(n).
 *
 * @internal
 */
export class BTree<E extends Interval> implements IntervalIndex<E> {
  /** Number of entries. */
  readonly size: number
  /** Maximum items per node. */
  readonly maxNodeSize: number
  /** Root node; `undefined` iff the tree is empty. */
  private readonly root: Node<E> | undefined
  /** Number of branch levels above the leaves (0 when the root is a leaf or the tree is empty). */
  private readonly height: number

  private constructor(root: Node<E> | undefined, height: number, size: number, maxNodeSize: number) {
    this.size = size
    this.maxNodeSize = maxNodeSize
    this.root = root
    this.height = height
  }

  /**
   * An empty tree.
   *
   * @param maxNodeSize - maximum items per node, an integer >= 4.
   * @throws RangeError if `maxNodeSize` is not an integer >= 4.
   */
  static empty<E extends Interval>(maxNodeSize: number = DEFAULT_MAX_NODE_SIZE): BTree<E> {
    checkNodeSize(maxNodeSize)
    return new BTree<E>(undefined, 0, 0, maxNodeSize)
  }

  /**
   * A tree holding `entries`, which must be sorted by `start`, non-empty and
   * non-overlapping (not checked: the caller validates). O(n): builds the
   * levels bottom-up, with nodes about 3/4 full.
   *
   * @param maxNodeSize - maximum items per node, an integer >= 4.
   * @throws RangeError if `maxNodeSize` is not an integer >= 4.
   */
  static fromSorted<E extends Interval>(entries: readonly E[], maxNodeSize: number = DEFAULT_MAX_NODE_SIZE): BTree<E> {
    checkNodeSize(maxNodeSize)
    if (entries.length === 0) return new BTree<E>(undefined, 0, 0, maxNodeSize)
    // Nodes 3/4 full, like runs of sequential inserts (see insertRec): room
    // for inserts without splits cascading to the root, slack for deletes.
    const target = fillTarget(maxNodeSize)
    const min = maxNodeSize >>> 1
    let level = chunks(entries, target, min).map((c) => makeLeaf(c))
    let height = 0
    while (level.length > 1) {
      level = chunks(level, target, min).map((c) => makeBranch(c))
      height++
    }
    return new BTree<E>(level[0], height, entries.length, maxNodeSize)
  }

  /** An empty tree with the same `maxNodeSize`. O(1). */
  clear(): BTree<E> {
    return this.size === 0 ? this : new BTree<E>(undefined, 0, 0, this.maxNodeSize)
  }

  /** Entries in ascending `start` order. */
  [Symbol.iterator](): IterableIterator<E> {
    return new BTreeIterator(this.root, this.height, -Infinity, false)
  }

  /** Entries with `start >= key`, ascending. O(log n) to start, amortised O(1) per step. */
  from(key: number): IterableIterator<E> {
    return new BTreeIterator(this.root, this.height, key, false)
  }

  /**
   * Entries from the one with the greatest `start <= key` (or from the first
   * entry if there is none), ascending. One descent: O(log n) to start,
   * amortised O(1) per step. The first entry may end at or before `key`.
   */
  fromFloor(key: number): IterableIterator<E> {
    return new BTreeIterator(this.root, this.height, key, true)
  }

  /** The entry with the greatest `start <= key`, if any. O(log n). */
  floor(key: number): E | undefined {
    let node = this.root
    if (node === undefined || key < node.minStart) return undefined
    for (let h = this.height; h > 0; h--) {
      const children = node.items as ReadonlyArray<Node<E>>
      node = children[childIndex(children, key)]!
    }
    const entries = node.items as readonly E[]
    // minStart <= key, so there is at least one entry <= key in this leaf.
    return entries[upperBound(entries, key) - 1]
  }

  /** The entry with the least `start >= key`, if any. O(log n). */
  ceiling(key: number): E | undefined {
    let node = this.root
    if (node === undefined || key > node.maxEnd) return undefined
    // `next` is the nearest subtree to the right of the descent path: its
    // first entry is the answer if the leaf we reach has nothing >= key.
    let next: Node<E> | undefined
    let nextHeight = 0
    for (let h = this.height; h > 0; h--) {
      const children = node.items as ReadonlyArray<Node<E>>
      const i = childIndex(children, key)
      if (i + 1 < children.length) {
        next = children[i + 1]
        nextHeight = h - 1
      }
      node = children[i]!
    }
    const entries = node.items as readonly E[]
    const i = lowerBound(entries, key)
    if (i < entries.length) return entries[i]
    if (next === undefined) return undefined
    for (let h = nextHeight; h > 0; h--) next = next.items[0] as Node<E>
    return next.items[0] as E
  }

  /** The first entry (lowest start), if any. O(log n). */
  first(): E | undefined {
    let node = this.root
    if (node === undefined) return undefined
    for (let h = this.height; h > 0; h--) node = node.items[0] as Node<E>
    return node.items[0] as E
  }

  /** The last entry (highest start), if any. O(log n). */
  last(): E | undefined {
    let node = this.root
    if (node === undefined) return undefined
    for (let h = this.height; h > 0; h--) node = node.items[node.items.length - 1] as Node<E>
    return node.items[node.items.length - 1] as E
  }

  /**
   * A new tree with `entry` added. Precondition: `entry` overlaps no entry
   * (not checked). O(B log n).
   *
   * @throws Error if an entry with the same start exists (cheap to detect).
   */
  insert(entry: E): BTree<E> {
    const B = this.maxNodeSize
    const root = this.root
    if (root === undefined) return new BTree<E>(makeLeaf([entry]), 0, 1, B)
    let newRoot = insertRec(root, this.height, entry, B)
    let height = this.height
    if (newRoot.items.length > B) {
      const half = newRoot.items.length >>> 1
      newRoot = makeBranch([
        makeNode(newRoot.items.slice(0, half), height),
        makeNode(newRoot.items.slice(half), height),
      ])
      height++
    }
    return new BTree<E>(newRoot, height, this.size + 1, B)
  }

  /**
   * A new tree with the entry whose start is `start` replaced by `entry`,
   * which must keep the order and non-overlap (not checked). O(B log n).
   *
   * @throws Error if there is no entry with that start.
   */
  replace(start: number, entry: E): BTree<E> {
    const root = this.root
    if (root === undefined) throw new Error(`BTree.replace: no entry with start ${start}`)
    return new BTree<E>(replaceRec(root, this.height, start, entry), this.height, this.size, this.maxNodeSize)
  }

  /**
   * A new tree with the entry whose start is `start` replaced by `pieces`:
   * entries sorted, non-overlapping and between the replaced entry's
   * neighbours (not checked). With 0 to 3 pieces (every change `MemorySet`
   * makes to a single area), one descent and one path copy: the leaf gets
   * all the pieces at once, then splits or shares with a sibling once if it
   * overflows, or borrows or merges if it underflows (0 pieces), like
   * `insert` and `delete`. `splice(s, [])` is `delete(s)` (but throws when
   * absent) and `splice(s, [e])` is `replace(s, e)`. O(B log n). More pieces
   * go through {@link spliceRange}`(start, start, pieces)`: O(B log n + p).
   *
   * @throws Error if there is no entry with that start.
   */
  splice(start: number, pieces: readonly E[]): BTree<E> {
    const k = pieces.length
    if (k > 3) return this.spliceRange(start, start, pieces)
    const root = this.root
    if (root === undefined) throw new Error(`BTree.splice: no entry with start ${start}`)
    const B = this.maxNodeSize
    let height = this.height
    if (height === 0 && k === 0 && root.items.length === 1) {
      if ((root.items[0] as E).start !== start) throw new Error(`BTree.splice: no entry with start ${start}`)
      return new BTree<E>(undefined, 0, 0, B)
    }
    let newRoot = spliceRec(root, height, start, pieces, B, B >>> 1)
    if (newRoot.items.length > B) {
      // At most B + 2 items (a root leaf split in three), so both halves are <= B.
      const half = newRoot.items.length >>> 1
      newRoot = makeBranch([
        makeNode(newRoot.items.slice(0, half), height),
        makeNode(newRoot.items.slice(half), height),
      ])
      height++
    } else if (height > 0 && newRoot.items.length === 1) {
      newRoot = newRoot.items[0] as Node<E>
      height--
    }
    return new BTree<E>(newRoot, height, this.size - 1 + k, B)
  }

  /**
   * A new tree where the run of consecutive entries whose starts lie in
   * `[first, last]` (both starts of entries, `first <= last`) is replaced by
   * `pieces`: any number of entries, sorted, non-overlapping and between the
   * run's outer neighbours (not checked). `spliceRange(s, s, pieces)` is
   * `splice(s, pieces)`. O(B log n + k / B + p) for a run of `k` entries and
   * `p` pieces: the subtrees inside the run are dropped without being copied
   * (only visited to count their entries for `size`, one visit per node), and
   * the pieces are packed into O(p / B) new nodes.
   *
   * Strategy: one recursive descent ({@link rangeRec}) over the key range.
   * In a branch, the children strictly between the one holding `first` and
   * the one holding `last` are dropped; only those two boundary children are
   * recursed into (a single one while both ends lie in the same child). The
   * leaf holding `first` gets the pieces in place of the run (if that
   * overflows it, it is packed into `ceil(count / B)` balanced leaves, each
   * within bounds). Each step
   * returns a {@link Forest}: nodes of one level, either all within the
   * occupancy bounds or a single "loose" (possibly underfull) node, and in
   * both cases with everything below them within bounds; its level may be
   * lower than the subtree it replaces, when the run took all of a node's
   * other children. The parent puts a full forest of the level just below it
   * among its remaining children, and joins a loose or lower one into the
   * nearest remaining child's spine ({@link joinRight}/{@link joinLeft}):
   * descend that spine to the forest's level, put the forest beside the
   * spine node, or merge a loose one into it (splitting evenly in two if that
   * overflows: over `B` items make two halves of at least `floor(B / 2)`),
   * then repack overflowing spine nodes on the way up. A node that receives
   * more than `B` items (many pieces, or a long forest put in as children) is
   * packed into `ceil(count / B)` balanced nodes, all within bounds, which
   * is the forest its parent gets; at the top, a forest of several nodes
   * gets new root levels built above it, as in {@link BTree.fromSorted}.
   * Below the node where
   * the two ends part, the left and right results are joined the same way
   * ({@link joinForests}). Every node built is packed by {@link pack}, which
   * yields one node (any size up to `B`) or several within bounds, with
   * summaries computed from scratch, so:
   *
   * - occupancy: the only node that may be underfull is a loose forest's
   *   single node; a parent always absorbs it into a sibling's spine, so only
   *   the final root can stay loose, which the root is allowed to be (a
   *   one-child root branch is collapsed);
   * - equal leaf depth: forests carry their level, and a forest only ever
   *   goes in (beside, or merged with, a node) at its own level;
   * - order: forests are concatenated and joined left to right, in address
   *   order; summaries are exact because every built node recomputes them;
   * - persistence: nodes are only built, never modified; untouched subtrees
   *   (outside the run, off the two boundary paths and the join spines) are
   *   shared.
   *
   * Cost: the two boundary paths and, for each level, a join that descends
   * as many levels as the forest is below its parent; a forest drops a level
   * only where its parent had nothing else left, and the join that absorbs it
   * restores the full level, so the join descents add up to O(height). Each
   * built node costs O(B). With `p` pieces, the forests along the left
   * boundary path shrink by a factor of about `B / 2` per level, so they add
   * O(p / B) nodes in all, never O(p log n).
   *
   * @throws Error if `first` or `last` is not the start of an entry, or if
   * `first > last`.
   */
  spliceRange(first: number, last: number, pieces: readonly E[]): BTree<E> {
    const k = pieces.length
    if (first > last) throw new Error(`BTree.spliceRange: first (${first}) > last (${last})`)
    // One entry into a few pieces: the leaner single-path version.
    if (first === last && k <= 3) return this.splice(first, pieces)
    const root = this.root
    // No entry starts at +Infinity (entries are non-empty), and the descent
    // treats Infinity as "to the end", so reject it here. -Infinity is fine:
    // "from the first entry" is right when the first entry starts there.
    if (root === undefined || first < root.minStart) {
      throw new Error(`BTree.spliceRange: no entry with start ${first}`)
    }
    if (!(last < Infinity)) throw new Error(`BTree.spliceRange: no entry with start ${last}`)
    const B = this.maxNodeSize
    const ctx: RangeCtx = { max: B, min: B >>> 1, removed: 0 }
    const f = rangeRec(root, this.height, first, last, pieces, ctx)
    const size = this.size - ctx.removed + k
    let nodes = f.nodes
    let height = f.h
    if (nodes.length === 0) return new BTree<E>(undefined, 0, 0, B)
    // Several nodes (all within bounds): new levels above them, up to a
    // single root (at most `B` children, at least 2).
    while (nodes.length > 1) nodes = pack(nodes.slice(), ++height, B)
    let newRoot = nodes[0]!
    while (height > 0 && newRoot.items.length === 1) {
      newRoot = newRoot.items[0] as Node<E>
      height--
    }
    return new BTree<E>(newRoot, height, size, B)
  }

  /** A new tree without the entry whose start is `start`, or `this` if there is none. O(B log n). */
  delete(start: number): BTree<E> {
    const root = this.root
    if (root === undefined) return this
    const B = this.maxNodeSize
    let height = this.height
    if (height === 0 && root.items.length === 1) {
      return (root.items[0] as E).start === start ? new BTree<E>(undefined, 0, 0, B) : this
    }
    let newRoot = deleteRec(root, height, start, B, B >>> 1)
    if (newRoot === root) return this
    // The root is exempt from the minimum occupancy, but a branch root with a
    // single child is a useless level: collapse it.
    if (height > 0 && newRoot.items.length === 1) {
      newRoot = newRoot.items[0] as Node<E>
      height--
    }
    return new BTree<E>(newRoot, height, this.size - 1, B)
  }

  /**
   * The lowest `a >= from` with `a % align === 0`, `a + size <= limitEnd`, and
   * `[a, a + size)` free of entries; `undefined` if none. Preconditions (the
   * caller checks): safe non-negative integers, `size > 0`, `align` a power of
   * two, `limitEnd <= Number.MAX_SAFE_INTEGER`.
   *
   * Visits the gaps in address order: `[0, first.start)`, the gaps inside the
   * tree (subtrees pruned by `maxGap` and by `from`), then `[last.end, ∞)`,
   * stopping as soon as a candidate would pass `limitEnd`. O(B log n) when no
   * gap is large enough or when every large-enough gap holds an aligned block.
   */
  firstFit(from: number, size: number, align: number, limitEnd: number): number | undefined {
    const last = limitEnd - size
    if (from > last) return undefined
    const root = this.root
    if (root === undefined) {
      const r = fitIn(0, Infinity, from, size, align, last)
      return r >= 0 ? r : undefined
    }
    let r = fitIn(0, root.minStart, from, size, align, last)
    if (r === NONE && root.maxGap >= size && root.maxEnd - from >= size) {
      r = fitInside(root, this.height, from, size, align, last)
    }
    if (r === NONE) r = fitIn(root.maxEnd, Infinity, from, size, align, last)
    return r >= 0 ? r : undefined
  }

  /**
   * Throws an `Error` naming the first broken invariant: entries non-empty,
   * sorted and non-overlapping; all leaves at the same depth; node occupancy
   * within `[floor(B/2), B]` (root exempt, but a root branch has >= 2
   * children); summaries equal to recomputed values; `size` equal to the
   * number of entries. O(n).
   */
  checkValid(): void {
    const B = this.maxNodeSize
    const min = B >>> 1
    const fail = (what: string): never => {
      throw new Error(`BTree invariant broken: ${what}`)
    }
    if (!Number.isInteger(B) || B < 4) fail(`maxNodeSize ${B} is not an integer >= 4`)
    const root = this.root
    if (root === undefined) {
      if (this.size !== 0) fail(`size: empty tree has size ${this.size}`)
      if (this.height !== 0) fail(`height: empty tree has height ${this.height}`)
      return
    }
    let count = 0
    let prevEnd = -Infinity
    const visit = (node: Node<E>, h: number, isRoot: boolean): void => {
      if (!(node instanceof Node)) fail(`depth: a non-node at level ${h} (leaves at different depths)`)
      const items = node.items
      const n = items.length
      if (n === 0) fail(`occupancy: empty node at level ${h}`)
      if (n > B) fail(`occupancy: node at level ${h} has ${n} > ${B} items`)
      if (!isRoot && n < min) fail(`occupancy: non-root node at level ${h} has ${n} < ${min} items`)
      if (isRoot && h > 0 && n < 2) fail(`occupancy: root branch has ${n} child`)
      if (h === 0) {
        for (const item of items) {
          if (item instanceof Node) fail('depth: a node inside a leaf (leaves at different depths)')
          const e = item as E
          if (!(e.start < e.end)) fail(`non-empty: entry [${e.start}, ${e.end}) is empty`)
          if (e.start < prevEnd) fail(`sorted/non-overlapping: entry [${e.start}, ${e.end}) starts before ${prevEnd}`)
          prevEnd = e.end
          count++
        }
      } else {
        for (const item of items) visit(item as Node<E>, h - 1, false)
      }
      const expected = h === 0 ? makeLeaf(items as readonly E[]) : makeBranch(items as ReadonlyArray<Node<E>>)
      if (node.minStart !== expected.minStart) {
        fail(`summary minStart at level ${h}: ${node.minStart}, expected ${expected.minStart}`)
      }
      if (node.maxEnd !== expected.maxEnd)
        fail(`summary maxEnd at level ${h}: ${node.maxEnd}, expected ${expected.maxEnd}`)
      if (node.maxGap !== expected.maxGap)
        fail(`summary maxGap at level ${h}: ${node.maxGap}, expected ${expected.maxGap}`)
    }
    visit(root, this.height, true)
    if (count !== this.size) fail(`size: ${this.size}, but the tree holds ${count} entries`)
  }
}
