/**
 * Rebalancing after a path-copying update made a child over- or underfull:
 * share with or split off a sibling (overfull), borrow from or merge with a
 * sibling (underfull), and the root split.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import {
  type Node,
  arrayMergeAt,
  arraySplitAt,
  fillTarget,
  finishBranch,
  gapWithChild,
  makeBranch,
  makeNode,
  mergeNodes,
} from './node.js'

/**
 * The two nodes at level `h` over the two halves of `items` (at least
 * `2 * floor(B / 2)` and at most `2 * B` items, so both halves are within
 * bounds): how every rebalance redistributes items evenly between siblings.
 */
function halves<E extends Interval>(items: ReadonlyArray<E | Node<E>>, h: number): [Node<E>, Node<E>] {
  const half = items.length >>> 1
  return [makeNode(items.slice(0, half), h), makeNode(items.slice(half), h)]
}

/**
 * A copy of `children` where the adjacent pair at `lo`, `lo + 1` (level `h`)
 * holds `all`, their items, split evenly between them.
 */
function withPairRedistributed<E extends Interval>(
  children: ReadonlyArray<Node<E>>,
  lo: number,
  all: ReadonlyArray<E | Node<E>>,
  h: number,
): Array<Node<E>> {
  const copy = children.slice() // fresh: mutated before it is published
  ;[copy[lo], copy[lo + 1]] = halves(all, h)
  return copy
}

/**
 * A new root (one level up) over the two halves of an overfull root at level
 * `h`. Callers guarantee at most B + 2 items, so both halves fit in a node.
 */
export function splitRoot<E extends Interval>(root: Node<E>, h: number): Node<E> {
  return makeBranch(halves(root.items, h))
}

/**
 * The copy of branch `node` (level `h`, children `children`) whose child `i`
 * became `child`, which holds more than `maxNodeSize` items (at most
 * `maxNodeSize + 2`: one more per inserted entry, two more for a leaf that
 * `spliceRec` split in three). Shares the items with an adjacent
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
    const all = i < j ? child.items.concat(children[j]!.items) : children[j]!.items.concat(child.items)
    return finishBranch(withPairRedistributed(children, i < j ? i : j, all, h - 1), node, i, child, maxGap)
  }
  // No room nearby: split the child into two halves (each >= floor(B/2) and,
  // as the child has at most B + 2 items, <= B for B >= 4).
  const [left, right] = halves(child.items, h - 1)
  return finishBranch(arraySplitAt(children, i, left, right), node, i, child, maxGap)
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
    return finishBranch(withPairRedistributed(children, lo, all, h - 1), node, i, child, maxGap)
  }
  // Merge: total = (minNodeSize - 1) + minNodeSize <= maxNodeSize.
  return finishBranch(arrayMergeAt(children, lo, mergeNodes(left, right, all)), node, i, child, maxGap)
}
