/**
 * Range splice (`spliceRange`): a run of consecutive entries replaced by any
 * number of pieces, by cutting two paths and joining the forests left over.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import {
  type Node,
  childIndex,
  leafAfterSplice,
  makeBranch,
  makeNode,
  pack,
  spliceItems,
  startIndex,
  withChild,
} from './node.js'

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
export interface RangeCtx {
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
 * The fewest nodes at level `h` over the fresh array `items` (not empty):
 * `ceil(t / max)` nodes of (almost) equal size for `t` items; one may be
 * loose, two or more are all within bounds (see {@link pack}).
 */
function packIn<E extends Interval>(items: ReadonlyArray<E | Node<E>>, h: number, ctx: RangeCtx): Node<E>[] {
  return pack(items, h, ctx.max, ctx.min)
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
    return packIn(s.items.concat(f.nodes[0]!.items), hs, ctx)
  }
  const items = s.items
  const last = items.length - 1
  const sub = joinRight(items[last] as Node<E>, hs - 1, f, ctx)
  const all = new Array<E | Node<E>>(last + sub.length) // exact length, filled by index
  for (let c = 0; c < last; c++) all[c] = items[c]!
  for (let c = 0; c < sub.length; c++) all[last + c] = sub[c]!
  return packIn(all, hs, ctx)
}

/** Mirror image of {@link joinRight}: the entries of `f` followed by those of `s`, down the left spine of `s`. */
function joinLeft<E extends Interval>(f: Forest<E>, s: Node<E>, hs: number, ctx: RangeCtx): Node<E>[] {
  if (hs === f.h) {
    if (isFull(f, ctx.min)) return f.nodes.concat([s])
    return packIn(f.nodes[0]!.items.concat(s.items), hs, ctx)
  }
  const items = s.items
  const n = items.length
  const sub = joinLeft(f, items[0] as Node<E>, hs - 1, ctx)
  const k = sub.length
  const all = new Array<E | Node<E>>(k + n - 1) // exact length, filled by index
  for (let c = 0; c < k; c++) all[c] = sub[c]!
  for (let c = 1; c < n; c++) all[k + c - 1] = items[c]!
  return packIn(all, hs, ctx)
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
      return { nodes: ln.slice(0, ln.length - 1).concat(packIn(a.items.concat(rn[0]!.items), h, ctx)), h }
    }
    return { nodes: packIn(ln[0]!.items.concat(rn[0]!.items), h, ctx).concat(rn.slice(1)), h }
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
    if (rest === 0) return f.nodes.length === 1 ? f : { nodes: packIn(f.nodes.slice(), h, ctx), h }
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
  return { nodes: packIn(items, h, ctx), h }
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
export function rangeRec<E extends Interval>(
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
    return pieces.length === 0 ? EMPTY_FOREST : { nodes: packIn(pieces.slice(), 0, ctx), h: 0 }
  }
  if (h === 0) {
    const entries = node.items as readonly E[]
    const n = entries.length
    const lo = first === -Infinity ? 0 : startIndex(entries, first)
    if (lo < 0) throw new Error(`BTree.spliceRange: no entry with start ${first}`)
    const hi = last === Infinity ? n : startIndex(entries, last) + 1
    if (hi === 0) throw new Error(`BTree.spliceRange: no entry with start ${last}`)
    // lo <= hi - 1: `first <= last` and both are starts in this leaf, or one is open.
    ctx.removed += hi - lo
    const items = spliceItems(entries, lo, hi, pieces)
    if (items.length === 0) return EMPTY_FOREST
    // Too many for one leaf (many pieces): ceil(len / max) leaves within bounds.
    if (items.length > ctx.max) return { nodes: packIn(items, 0, ctx), h: 0 }
    return { nodes: [leafAfterSplice(node, entries, lo, hi, items, pieces.length)], h: 0 }
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
