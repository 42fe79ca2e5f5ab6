/**
 * In-order iterator over a B+tree.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import { type Node, childIndex, upperBound } from './node.js'

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
 *
 * The state lives in `#private` fields, not TypeScript `private` ones: this
 * object is handed out by `MemorySet[Symbol.iterator]`, and ordinary
 * properties would let a caller reach the tree's shared leaf arrays
 * (`it.entries.reverse()` would reorder every version sharing that leaf).
 */
export class BTreeIterator<E extends Interval> implements IterableIterator<E> {
  /** `path[d]` is the branch at depth `d` (0 = root) on the way to the current leaf. */
  readonly #path: Array<Node<E>>
  /** `indices[d]` is the index of the child of `path[d]` that was taken. */
  readonly #indices: number[]
  #entries: readonly E[]
  #i: number

  /**
   * Positions the iterator at the last entry with `start <= key`, or at the
   * first entry if there is none (so `key = -Infinity` iterates everything).
   */
  constructor(root: Node<E> | undefined, height: number, key: number) {
    this.#path = new Array<Node<E>>(height)
    this.#indices = new Array<number>(height)
    if (root === undefined) {
      this.#entries = NO_ENTRIES
      this.#i = 0
      return
    }
    let node = root
    for (let d = 0; d < height; d++) {
      const children = node.items as ReadonlyArray<Node<E>>
      const i = childIndex(children, key)
      this.#path[d] = node
      this.#indices[d] = i
      node = children[i]!
    }
    const entries = node.items as readonly E[]
    this.#entries = entries
    // The leaf reached is the last one whose minStart <= key (or the first
    // leaf), so it holds the floor entry if there is one.
    const i = upperBound(entries, key) - 1
    this.#i = i > 0 ? i : 0
  }

  next(): IteratorResult<E, undefined> {
    const i = this.#i
    if (i < this.#entries.length) {
      this.#i = i + 1
      return { value: this.#entries[i]!, done: false }
    }
    return this.#nextLeaf()
  }

  /** Moves to the first entry of the next leaf, if any. */
  #nextLeaf(): IteratorResult<E, undefined> {
    const path = this.#path
    const indices = this.#indices
    let d = path.length - 1
    while (d >= 0 && indices[d]! + 1 >= path[d]!.items.length) d--
    if (d < 0) {
      this.#entries = NO_ENTRIES
      this.#i = 0
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
    this.#entries = entries
    this.#i = 1
    return { value: entries[0]!, done: false }
  }

  [Symbol.iterator](): BTreeIterator<E> {
    return this
  }
}
