/**
 * The single-entry splice (`spliceRec`) rebalances a child only when it
 * leaves the occupancy bounds: a leaf that reaches exactly `B` entries (split
 * an entry in two) or exactly `floor(B / 2)` (an entry removed) stays as it
 * is, beside a sibling it could have shared with or borrowed from. Hand-built
 * branches of leaves at node size 8 (bounds [4, 8]), checked by the leaf sizes.
 */
import { describe, expect, it } from 'vitest'
import { type Node, makeBranch } from '../../../../src/internal/index/btree/node.js'
import { spliceRec } from '../../../../src/internal/index/btree/splice.js'
import { Entry, leaf } from './nodes.js'

const B = 8

/**
 * A branch over leaves of the given sizes (entries `[4k, 4k + 1)` numbered
 * across leaves) with entry number `e` replaced by `pieces` pieces inside it.
 * Returns the resulting leaf sizes and entry starts.
 */
const splice = (sizes: readonly number[], e: number, pieces: number): { sizes: number[]; starts: number[] } => {
  let k = 0
  const node = makeBranch(
    sizes.map((n) =>
      leaf(
        ...Array.from({ length: n }, () => {
          const s = 4 * k++
          return [s, s + 1] as const
        }),
      ),
    ),
  )
  const key = 4 * e
  const ps = Array.from({ length: pieces }, (_, p) => new Entry(key + p / 4, key + p / 4 + 0.125))
  const result = spliceRec(node, 1, key, ps, B, B >>> 1)
  const leaves = result.items as ReadonlyArray<Node<Entry>>
  return {
    sizes: leaves.map((l) => l.items.length),
    starts: leaves.flatMap((l) => (l.items as readonly Entry[]).map((x) => x.start)),
  }
}

describe('spliceRec at the occupancy bounds', () => {
  it('leaves a leaf that reaches exactly B entries alone (no share with a sibling below 3/4 full)', () => {
    const r = splice([7, 5], 3, 2)
    expect(r.sizes).toEqual([8, 5])
    expect(r.starts).toEqual([0, 4, 8, 12, 12.25, 16, 20, 24, 28, 32, 36, 40, 44])
  })

  it('leaves a leaf that drops to exactly floor(B / 2) entries alone (no borrow from a full sibling)', () => {
    const r = splice([5, 8], 2, 0)
    expect(r.sizes).toEqual([4, 8])
    expect(r.starts).toEqual([0, 4, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48])
  })
})
