/**
 * Insert of one entry by recursive path copying.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import { type Node, childIndex, leafAfterSplice, lowerBound, spliceItems, withChild } from './node.js'
import { withOverfullChild } from './rebalance.js'

/**
 * Copy of `node` (level `h`) with `entry` inserted. The result may hold
 * `maxNodeSize + 1` items: the caller (parent or tree) splits it. That keeps
 * the split logic in one place and costs nothing in the common no-split case.
 * Recursion depth is the tree height (<= ~6).
 *
 * @throws Error if an entry with the same start exists (cheap to detect).
 */
export function insertRec<E extends Interval>(node: Node<E>, h: number, entry: E, maxNodeSize: number): Node<E> {
  const key = entry.start
  if (h === 0) {
    const entries = node.items as readonly E[]
    const i = lowerBound(entries, key)
    if (i < entries.length && entries[i]!.start === key) {
      throw new Error(`BTree.insert: an entry with start ${key} already exists`)
    }
    // An empty run at i replaced by the one new entry.
    return leafAfterSplice(node, entries, i, i, spliceItems(entries, i, i, [entry]), 1)
  }
  const children = node.items as ReadonlyArray<Node<E>>
  const i = childIndex(children, key)
  const child = insertRec(children[i]!, h - 1, entry, maxNodeSize)
  if (child.items.length <= maxNodeSize) return withChild(node, children, i, child)
  return withOverfullChild(node, children, i, child, h, maxNodeSize)
}
