/**
 * A persistent (immutable, path-copying) B+tree of non-overlapping half-open
 * intervals keyed by `start`, with gap summaries for free-area searches
 * (first fit and last fit, any alignment).
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
 * On top of these, a node may carry a lazily filled memo of its *usable
 * length* per alignment (the largest `next.start - alignUp(prev.end, align)`
 * inside the subtree), the exact pruning summary of the aligned searches;
 * see `fit-summary.ts` for why it is lazy and why it never goes stale.
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
import type { Interval, IntervalIndex } from '../interval-index.js'
import { Node, childIndex, fillTarget, makeBranch, makeLeaf, pack, upperBound } from './node.js'
import { insertRec } from './insert.js'
import { splitRoot } from './rebalance.js'
import { spliceRec } from './splice.js'
import { type RangeCtx, rangeRec } from './splice-range.js'
import { NONE, usable, usableFromScratch } from './fit-summary.js'
import { fitIn, fitInside } from './first-fit.js'
import { fitDown, fitInsideDown } from './last-fit.js'
import { BTreeIterator } from './iterator.js'

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

// ---------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------

function checkNodeSize(maxNodeSize: number): void {
  if (!Number.isInteger(maxNodeSize) || maxNodeSize < 4) {
    throw new RangeError(`BTree: maxNodeSize must be an integer >= 4, got ${maxNodeSize}`)
  }
}

/**
 * A persistent B+tree of non-overlapping half-open intervals keyed by `start`,
 * implementing {@link IntervalIndex}. Every update returns a new tree sharing
 * all untouched nodes with the receiver, which is left unchanged.
 *
 * Costs, with `n` entries and node size `B` (height `log_B n`): `size` O(1);
 * `floor` O(log n); `insert`, and `spliceRange` of one entry into 0 to 3
 * pieces, O(B log n) time and allocation (one path copy, plus one sibling per
 * level when rebalancing); `spliceRange` over a run of `k` entries into `p`
 * pieces O(B log n + p) plus O(k / B) node visits (to count them; nothing
 * inside the run is copied); `fromFloor` O(log n) to start and amortised O(1) per step;
 * `firstFit`, `lastFit` O(B log n) for any alignment (amortised: see
 * {@link BTree.firstFit}); `fromSorted` O(n); `checkValid` O(n) (plus
 * O(subtree) per memoised alignment per node).
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
    let level = pack(entries.slice(), 0, target, min) // a copy: the caller's array is not ours to keep
    let height = 0
    while (level.length > 1) level = pack(level, ++height, target, min)
    return new BTree<E>(level[0], height, entries.length, maxNodeSize)
  }

  /** An empty tree with the same `maxNodeSize`. O(1). */
  clear(): BTree<E> {
    return this.size === 0 ? this : new BTree<E>(undefined, 0, 0, this.maxNodeSize)
  }

  /** Entries in ascending `start` order. */
  [Symbol.iterator](): IterableIterator<E> {
    return new BTreeIterator(this.root, this.height, -Infinity)
  }

  /**
   * Entries from the one with the greatest `start <= key` (or from the first
   * entry if there is none), ascending. One descent: O(log n) to start,
   * amortised O(1) per step. The first entry may end at or before `key`.
   */
  fromFloor(key: number): IterableIterator<E> {
    return new BTreeIterator(this.root, this.height, key)
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
    const newRoot = insertRec(root, this.height, entry, B)
    if (newRoot.items.length > B)
      return new BTree<E>(splitRoot(newRoot, this.height), this.height + 1, this.size + 1, B)
    return new BTree<E>(newRoot, this.height, this.size + 1, B)
  }

  /**
   * The fast path of {@link spliceRange} for a run of one entry and 0 to 3
   * pieces (every change `MemorySet` makes to a single area): the entry
   * whose start is `start` replaced by `pieces` in one descent and one path
   * copy. The leaf gets all the pieces at once, then splits or shares with a
   * sibling once if it overflows, or borrows or merges if it underflows (0
   * pieces). O(B log n).
   *
   * @throws Error if there is no entry with that start.
   */
  private spliceOne(start: number, pieces: readonly E[]): BTree<E> {
    const k = pieces.length
    const root = this.root
    if (root === undefined) throw new Error(`BTree.spliceRange: no entry with start ${start}`)
    const B = this.maxNodeSize
    let height = this.height
    if (height === 0 && k === 0 && root.items.length === 1) {
      if ((root.items[0] as E).start !== start) throw new Error(`BTree.spliceRange: no entry with start ${start}`)
      return new BTree<E>(undefined, 0, 0, B)
    }
    let newRoot = spliceRec(root, height, start, pieces, B, B >>> 1)
    if (newRoot.items.length > B) {
      // At most B + 2 items (a root leaf split in three), so both halves are <= B.
      newRoot = splitRoot(newRoot, height)
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
   * run's outer neighbours (not checked). A run of one entry into 0 to 3
   * pieces takes the single-path {@link spliceOne}. O(B log n + k / B + p) for a run of `k` entries and
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
    if (first === last && k <= 3) return this.spliceOne(first, pieces)
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
    while (nodes.length > 1) nodes = pack(nodes.slice(), ++height, B, B >>> 1)
    let newRoot = nodes[0]!
    while (height > 0 && newRoot.items.length === 1) {
      newRoot = newRoot.items[0] as Node<E>
      height--
    }
    return new BTree<E>(newRoot, height, size, B)
  }

  /**
   * The lowest `a >= from` with `a % align === 0`, `a + size <= limitEnd`, and
   * `[a, a + size)` free of entries; `undefined` if none. Preconditions (the
   * caller checks): safe non-negative integers, `size > 0`, `align` a power of
   * two up to 2^52, `limitEnd <= Number.MAX_SAFE_INTEGER`.
   *
   * Visits the gaps in address order: `[0, first.start)`, the gaps inside the
   * tree (subtrees pruned by their exact aligned-fit summary, see
   * `fit-summary.ts`, and by `from`), then `[last.end, ∞)`, stopping as soon
   * as a candidate would pass `limitEnd`. O(B log n) for any layout and
   * alignment, once the summaries for `align` are memoised (the first query
   * for an alignment on a tree fills them, O(n) at worst; later versions
   * share them and refill only their O(log n) new nodes).
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
    if (r === NONE && root.maxGap >= size && root.maxEnd - from >= size && usable(root, this.height, align) >= size) {
      r = fitInside(root, this.height, from, size, align, last)
    }
    if (r === NONE) r = fitIn(root.maxEnd, Infinity, from, size, align, last)
    return r >= 0 ? r : undefined
  }

  /**
   * The highest `a >= lowest` with `a % align === 0`, `a + size <=
   * ceilingEnd`, and `[a, a + size)` free of entries; `undefined` if none.
   * The mirror image of {@link firstFit}, with the same preconditions
   * (`ceilingEnd` in place of `limitEnd`) and cost: the gaps are visited in
   * descending address order, `[last.end, ∞)` first and `[0, first.start)`
   * last, pruned by the same summaries.
   */
  lastFit(lowest: number, size: number, align: number, ceilingEnd: number): number | undefined {
    const top = ceilingEnd - size
    if (top < lowest) return undefined
    const root = this.root
    if (root === undefined) {
      const r = fitDown(0, Infinity, lowest, size, align, top)
      return r >= 0 ? r : undefined
    }
    let r = fitDown(root.maxEnd, Infinity, lowest, size, align, top)
    if (r === NONE && root.maxGap >= size && root.minStart <= top && usable(root, this.height, align) >= size) {
      r = fitInsideDown(root, this.height, lowest, size, align, top)
    }
    if (r === NONE) r = fitDown(0, root.minStart, lowest, size, align, top)
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
      const memo = node.memo
      if (memo !== undefined) {
        if (memo.length % 2 !== 0) fail(`memo at level ${h}: odd length ${memo.length}`)
        for (let k = 0; k < memo.length; k += 2) {
          const align = memo[k]!
          const want = usableFromScratch(node, h, align)
          if (memo[k + 1] !== want)
            fail(`memo at level ${h}: usable for align ${align} is ${memo[k + 1]}, expected ${want}`)
          for (let q = 0; q < k; q += 2)
            if (memo[q] === align) fail(`memo at level ${h}: align ${align} memoised twice`)
        }
      }
    }
    visit(root, this.height, true)
    if (count !== this.size) fail(`size: ${this.size}, but the tree holds ${count} entries`)
  }
}
