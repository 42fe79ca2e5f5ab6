/**
 * The forests `rangeRec` returns for a run inside one level-1 node, at node
 * size 8 (occupancy bounds [4, 8]): nodes within bounds stay side by side
 * (a node of exactly `floor(B / 2)` items is within bounds, not loose); when
 * nothing is left of the node besides the forest, a single node drops a
 * level and several become the children of a new branch at the node's level.
 */
import { describe, expect, it } from 'vitest'
import { type Node, makeBranch } from '../../../../src/internal/index/btree/node.js'
import { type RangeCtx, rangeRec } from '../../../../src/internal/index/btree/splice-range.js'
import { Entry, leaf } from './nodes.js'

const B = 8

/** A level-1 node over leaves of the given sizes, entries `[4k, 4k + 1)` numbered across leaves. */
const node = (...sizes: number[]): Node<Entry> => {
  let k = 0
  return makeBranch(
    sizes.map((n) =>
      leaf(
        ...Array.from({ length: n }, () => {
          const s = 4 * k++
          return [s, s + 1] as const
        }),
      ),
    ),
  )
}

/** Shape of a node at level `h`: leaf sizes, nested per branch. */
type Shape = number | Shape[]
const shape = (n: Node<Entry>, h: number): Shape =>
  h === 0 ? n.items.length : (n.items as ReadonlyArray<Node<Entry>>).map((c) => shape(c, h - 1))

/** `rangeRec` over entries `first..last` (entry numbers) of the level-1 `root`: the forest's level and shape. */
const splice = (root: Node<Entry>, first: number, last: number, pieces: readonly Entry[] = []) => {
  const ctx: RangeCtx = { max: B, min: B >>> 1, removed: 0 }
  const f = rangeRec(root, 1, 4 * first, 4 * last, pieces, ctx)
  expect(ctx.removed).toBe(last - first + 1)
  return { h: f.h, nodes: f.nodes.map((n) => shape(n, f.h)) }
}

describe('rangeRec forests', () => {
  it('keeps the two boundary leaves side by side when both hold exactly floor(B / 2) entries', () => {
    // Leaves 4, 6, 6, 4; the run takes the last 2 entries of leaf 1 and the first 2 of leaf 2.
    expect(splice(node(4, 6, 6, 4), 8, 11)).toEqual({ h: 1, nodes: [[4, 4, 4, 4]] })
  })

  it('merges two loose boundary leaves, and the one leaf left drops a level', () => {
    // Leaves 6, 6; 2 entries left of each: one leaf of 4 (within bounds) and nothing else.
    expect(splice(node(6, 6), 2, 9)).toEqual({ h: 0, nodes: [4] })
  })

  it('puts several leaves left alone under one new branch at the same level', () => {
    // Leaves 6, 6; entries 1..10 into 20 pieces: 1 + 20 entries, then 1.
    const pieces = Array.from({ length: 20 }, (_, k) => new Entry(2 + 2 * k, 3 + 2 * k))
    expect(splice(node(6, 6), 1, 10, pieces)).toEqual({ h: 1, nodes: [[7, 7, 8]] })
  })
})

describe('rangeRec and the caller-owned pieces array', () => {
  it('copies the pieces when a whole boundary subtree is replaced by them', () => {
    // Leaves 8, 8; entries 0..8 into 4 pieces: the whole first leaf goes (the
    // shortcut that counts it without copying), so its replacement is packed
    // from the pieces alone. The new leaf must not alias the caller's array.
    const pieces = [new Entry(0, 1), new Entry(2, 3), new Entry(5, 6), new Entry(10, 11)]
    const ctx: RangeCtx = { max: B, min: B >>> 1, removed: 0 }
    const f = rangeRec(node(8, 8), 1, 0, 32, pieces, ctx)
    expect(ctx.removed).toBe(9)
    const leaves = f.nodes.flatMap((n) => n.items as ReadonlyArray<Node<Entry>>)
    expect(leaves.map((l) => l.items.length)).toEqual([4, 7])
    expect(leaves[0]!.items).not.toBe(pieces)
    pieces.length = 0 // the caller reuses its array
    expect((leaves[0]!.items as readonly Entry[]).map((e) => e.start)).toEqual([0, 2, 5, 10])
  })
})

/** A level-2 node over level-1 nodes with the given leaf sizes, entries `[4k, 4k + 1)` numbered across leaves. */
const node2 = (...groups: number[][]): Node<Entry> => {
  let k = 0
  return makeBranch(
    groups.map((sizes) =>
      makeBranch(
        sizes.map((n) =>
          leaf(
            ...Array.from({ length: n }, () => {
              const s = 4 * k++
              return [s, s + 1] as const
            }),
          ),
        ),
      ),
    ),
  )
}

describe('rangeRec and a whole boundary subtree', () => {
  it('puts the pieces replacing a whole subtree in as leaves, repacked with the leaves after them', () => {
    // Level 2 over level-1 nodes A (leaves 4, 4, 4, 4), B (4, 4), C (4, 4, 4, 4, 4):
    // entries 16..24 (all of B and the first entry of C) into 72 pieces. B goes
    // whole (counted, not descended into): its replacement is the 72 pieces
    // packed into 9 leaves of 8, which go in as leaves in front of the leaves
    // left of C (7 = 3 + 4, 4, 4, 4): 13 leaves, the fewest level-1 nodes
    // for them being 2 (7 and 6 children) beside A. Descending into B instead
    // would pack the 9 leaves into level-1 nodes of their own (5 and 4
    // children), then kept beside C's remainder: 3 level-1 nodes.
    const pieces = Array.from({ length: 72 }, (_, p) => new Entry(62 + p / 2, 62.25 + p / 2))
    const ctx: RangeCtx = { max: B, min: B >>> 1, removed: 0 }
    const f = rangeRec(node2([4, 4, 4, 4], [4, 4], [4, 4, 4, 4, 4]), 2, 64, 96, pieces, ctx)
    expect(ctx.removed).toBe(9)
    expect({ h: f.h, nodes: f.nodes.map((n) => shape(n, f.h)) }).toEqual({
      h: 2,
      nodes: [
        [
          [4, 4, 4, 4],
          [8, 8, 8, 8, 8, 8, 8],
          [8, 8, 7, 4, 4, 4],
        ],
      ],
    })
  })
})
