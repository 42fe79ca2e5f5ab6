/**
 * Tests of insert (`src/internal/index/btree/insert.ts`) beyond the law
 * suite: a child is rebalanced only when it overflows, so an insert that
 * leaves a leaf exactly full copies only its path and shares every other
 * node with the previous version.
 */
import { describe, expect, it } from 'vitest'
import { BTree } from '../../../../src/internal/index/btree/btree.js'
import type { Node } from '../../../../src/internal/index/btree/node.js'
import { type Iv, expectSame, iv } from '../model.js'

/** The leaves of `t`, in order. */
const leaves = (t: BTree<Iv>): Array<Node<Iv>> => {
  const { root, height } = t as unknown as { root: Node<Iv> | undefined; height: number }
  const out: Array<Node<Iv>> = []
  const walk = (node: Node<Iv>, h: number): void => {
    if (h === 0) out.push(node)
    else for (const c of node.items) walk(c as Node<Iv>, h - 1)
  }
  if (root !== undefined) walk(root, height)
  return out
}

describe('insertRec', () => {
  it('a leaf that becomes exactly full is not rebalanced; its siblings are shared', () => {
    for (const B of [4, 5, 8]) {
      // Ascending inserts up to one past a full root leaf: it splits in two halves.
      const entries = Array.from({ length: 2 * B }, (_, i) => iv(10 * i, 10 * i + 5))
      let t = BTree.empty<Iv>(B)
      for (const e of entries.slice(0, B + 1)) t = t.insert(e)
      const half = (B + 1) >>> 1
      expect(leaves(t).map((l) => l.items.length)).toEqual([half, B + 1 - half])
      // Fill the right leaf to exactly B: the left one (under 3/4 full) is
      // left alone, not shared with.
      for (const e of entries.slice(B + 1, B + half)) {
        const before = leaves(t)
        t = t.insert(e)
        t.checkValid()
        const after = leaves(t)
        expect(after.map((l) => l.items.length)).toEqual([half, before[1]!.items.length + 1])
        expect(after[0]).toBe(before[0])
      }
      expect(leaves(t).map((l) => l.items.length)).toEqual([half, B])
      expectSame(t, entries.slice(0, B + half))
    }
  })
})
