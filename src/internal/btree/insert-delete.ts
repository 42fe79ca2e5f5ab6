/**
 * Point updates of the B+tree by recursive path copying: insert, delete and
 * replace one entry, with the split/merge/borrow rebalancing of a child that
 * became over- or underfull.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import {
  Node,
  RECOMPUTE,
  arrayInsert,
  arrayMergeAt,
  arrayRemove,
  arraySplitAt,
  childIndex,
  fillTarget,
  finishBranch,
  gapWithChild,
  leafMaxGap,
  lowerBound,
  makeNode,
  mergeNodes,
  updatedMax,
  withChild,
} from './node.js'

// ---------------------------------------------------------------------------
// Updates (recursive path copying; recursion depth is the tree height, <= ~6)
// ---------------------------------------------------------------------------

/**
 * Copy of `node` (level `h`) with `entry` inserted. The result may hold
 * `maxNodeSize + 1` items: the caller (parent or tree) splits it. That keeps
 * the split logic in one place and costs nothing in the common no-split case.
 */
export function insertRec<E extends Interval>(node: Node<E>, h: number, entry: E, maxNodeSize: number): Node<E> {
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
export function withOverfullChild<E extends Interval>(
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
export function deleteRec<E extends Interval>(
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
export function withUnderfullChild<E extends Interval>(
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
export function replaceRec<E extends Interval>(node: Node<E>, h: number, key: number, entry: E): Node<E> {
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
