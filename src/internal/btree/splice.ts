/**
 * Splice of one entry: the entry starting at a key replaced by a few pieces
 * (0 to 3), in a single path copy.
 *
 * @internal
 * @module
 */
import type { Interval } from '../interval-index.js'
import { Node, RECOMPUTE, childIndex, leafMaxGap, lowerBound, updatedMax, withChild } from './node.js'
import { withOverfullChild, withUnderfullChild } from './insert-delete.js'

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
export function spliceRec<E extends Interval>(
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
