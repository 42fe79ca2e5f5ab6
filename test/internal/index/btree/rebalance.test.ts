/**
 * Rebalancing an overfull child (`withOverfullChild`): it shares its items
 * evenly with an adjacent sibling that is less than 3/4 full (`fillTarget`),
 * and is split in two only when neither neighbour has room. Hand-built
 * branches of leaves at node size 8 (3/4 full = 6 entries), checked by the
 * leaf sizes of the result, its entries and its summaries.
 */
import { describe, expect, it } from 'vitest'
import { type Node, makeBranch } from '../../../../src/internal/index/btree/node.js'
import { withOverfullChild } from '../../../../src/internal/index/btree/rebalance.js'
import { type Entry, leaf } from './nodes.js'

const B = 8

/**
 * A branch over leaves of the given sizes (entries `[2k, 2k + 1)` numbered
 * across leaves), then child `i` given one more entry (at its end, before the
 * next leaf's first) and rebalanced. Returns the resulting leaf sizes.
 */
const overflow = (sizes: readonly number[], i: number): number[] => {
  let k = 0
  const children = sizes.map((n) =>
    leaf(
      ...Array.from({ length: n }, () => {
        const s = 4 * k++
        return [s, s + 1] as const
      }),
    ),
  )
  const node = makeBranch(children)
  const old = children[i]!.items as readonly Entry[]
  const lastOld = old[old.length - 1]!
  const grown = leaf(...old.map((e) => [e.start, e.end] as const), [lastOld.start + 2, lastOld.start + 3])
  expect(grown.items.length).toBe(B + 1)
  const result = withOverfullChild(node, children, i, grown, 1, B)
  const leaves = result.items as ReadonlyArray<Node<Entry>>
  // Same entries in order, summaries as if built from scratch.
  const entries = leaves.flatMap((l) => (l.items as readonly Entry[]).map((e) => e.start))
  const expected = children.flatMap((l, c) => (c === i ? grown : l).items as readonly Entry[]).map((e) => e.start)
  expect(entries).toEqual(expected)
  const scratch = makeBranch(leaves)
  expect([result.minStart, result.maxEnd, result.maxGap]).toEqual([scratch.minStart, scratch.maxEnd, scratch.maxGap])
  return leaves.map((l) => l.items.length)
}

describe('withOverfullChild', () => {
  it('the last child shares with its left sibling when that one has room', () => {
    expect(overflow([6, 5, 8], 2)).toEqual([6, 7, 7])
  })

  it('a middle child shares with its right sibling when the left one is 3/4 full or more', () => {
    expect(overflow([6, 8, 5], 1)).toEqual([6, 7, 7])
    expect(overflow([7, 8, 4], 1)).toEqual([7, 6, 7])
    expect(overflow([8, 8, 5], 1)).toEqual([8, 7, 7])
  })

  it('the first child shares with its right sibling when that one has room', () => {
    expect(overflow([8, 5], 0)).toEqual([7, 7])
    expect(overflow([8, 4, 6], 0)).toEqual([6, 7, 6])
  })

  it('splits in two when no adjacent sibling is less than 3/4 full', () => {
    expect(overflow([6, 8, 6], 1)).toEqual([6, 4, 5, 6])
    expect(overflow([8, 6], 0)).toEqual([4, 5, 6])
    expect(overflow([5, 6, 8], 2)).toEqual([5, 6, 4, 5])
    expect(overflow([4, 8, 8, 6], 2)).toEqual([4, 8, 4, 5, 6])
  })
})
