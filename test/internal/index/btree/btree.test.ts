/**
 * Tests of `BTree` itself (`src/internal/index/btree/btree.ts`) beyond the law
 * suite in `../btree.test.ts`: the exact messages of `checkValid` and of the
 * node size check, `clear` and `fromSorted` ownership, which rebalancing path
 * a one-entry `spliceRange` takes (tree shape at small node sizes), and the
 * top-level pruning of `firstFit`/`lastFit` before any aligned-fit summary is
 * computed (observable as memos left unfilled).
 */
import { describe, expect, it } from 'vitest'
import { BTree } from '../../../../src/internal/index/btree/btree.js'
import { Node, makeBranch, makeLeaf } from '../../../../src/internal/index/btree/node.js'
import { type Iv, MAX_SAFE, contents, expectSame, iv, layout, misaligned } from '../model.js'

/** The private fields of a tree, writable, to build corrupt trees for `checkValid`. */
interface Raw {
  root: Node<Iv> | undefined
  height: number
  size: number
  maxNodeSize: number
}
const raw = (t: BTree<Iv>): Raw => t as unknown as Raw

/** Item counts of the nodes of `t`, level by level from the root (root first). */
const shape = (t: BTree<Iv>): number[][] => {
  const { root, height } = raw(t)
  const levels: number[][] = Array.from({ length: height + 1 }, () => [])
  const walk = (node: Node<Iv>, h: number): void => {
    levels[height - h]!.push(node.items.length)
    if (h > 0) for (const c of node.items) walk(c as Node<Iv>, h - 1)
  }
  if (root !== undefined) walk(root, height)
  return levels
}

const run = (n: number): Iv[] => layout(Array.from({ length: n }, () => [1, 1] as const))

describe('BTree node size check', () => {
  it('names the bad value', () => {
    expect(() => BTree.empty<Iv>(3)).toThrow(/^BTree: maxNodeSize must be an integer >= 4, got 3$/)
    expect(() => BTree.fromSorted<Iv>([], 4.5)).toThrow(/^BTree: maxNodeSize must be an integer >= 4, got 4\.5$/)
  })
})

describe('BTree.checkValid messages', () => {
  it('a node size below 4', () => {
    const t = BTree.fromSorted(run(3), 4)
    raw(t).maxNodeSize = 3
    expect(() => t.checkValid()).toThrow(/^BTree invariant broken: maxNodeSize 3 is not an integer >= 4$/)
  })

  it('an empty tree with a size or a height', () => {
    const t = BTree.empty<Iv>(4)
    raw(t).size = 2
    expect(() => t.checkValid()).toThrow(/^BTree invariant broken: size: empty tree has size 2$/)
    raw(t).size = 0
    t.checkValid()
    raw(t).height = 1
    expect(() => t.checkValid()).toThrow(/^BTree invariant broken: height: empty tree has height 1$/)
  })

  it('an empty node', () => {
    const t = BTree.fromSorted(run(3), 4)
    raw(t).root = new Node<Iv>([], 0, 0, 0)
    raw(t).size = 0
    expect(() => t.checkValid()).toThrow(/^BTree invariant broken: occupancy: empty node at level 0$/)
  })

  it('a root branch of one child', () => {
    const entries = run(4)
    const t = BTree.fromSorted(entries, 4)
    raw(t).root = makeBranch([makeLeaf(entries)])
    raw(t).height = 1
    expect(() => t.checkValid()).toThrow(/^BTree invariant broken: occupancy: root branch has 1 child$/)
    raw(t).root = makeBranch([makeLeaf(entries.slice(0, 2)), makeLeaf(entries.slice(2))])
    t.checkValid()
  })
})

describe('BTree.clear and fromSorted', () => {
  it('clear of an empty tree is the tree itself', () => {
    const e = BTree.empty<Iv>(5)
    expect(e.clear()).toBe(e)
    const t = e.insert(iv(1, 2))
    expect(t.clear()).not.toBe(t)
    expect(t.clear().size).toBe(0)
  })

  it("fromSorted does not keep the caller's array", () => {
    for (const n of [1, 3, 8, 30]) {
      const entries = run(n)
      const expected = entries.slice()
      const t = BTree.fromSorted(entries, 8)
      entries.reverse()
      entries.length = 0
      t.checkValid()
      expectSame(t, expected)
    }
  })
})

describe('BTree.spliceRange of one entry: rebalancing only on overflow, sharing with a sibling', () => {
  it('a root leaf that reaches exactly B entries stays a root leaf', () => {
    for (const B of [4, 5, 8]) {
      const entries = layout(Array.from({ length: B - 1 }, () => [2, 4] as const))
      const t = BTree.fromSorted(entries, B)
      expect(shape(t)).toEqual([[B - 1]])
      const e = entries[1]!
      const t2 = t.spliceRange(e.start, e.start, [iv(e.start, e.start + 1), iv(e.start + 2, e.end)])
      t2.checkValid()
      expect(shape(t2)).toEqual([[B]])
      // One more entry over B splits it.
      const f = entries[2]!
      const t3 = t2.spliceRange(f.start, f.start, [iv(f.start, f.start + 1), iv(f.start + 2, f.end)])
      t3.checkValid()
      expect(shape(t3)[0]).toEqual([2])
    }
  })

  it('an overflowing leaf (one entry into three pieces) shares with a sibling less than 3/4 full', () => {
    // B = 8: fromSorted makes two leaves of 5.
    const entries = layout(Array.from({ length: 10 }, () => [2, 6] as const))
    let t = BTree.fromSorted(entries, 8)
    expect(shape(t)).toEqual([[2], [5, 5]])
    const three = (e: Iv): Iv[] => [iv(e.start, e.start + 1), iv(e.start + 2, e.start + 3), iv(e.start + 4, e.end)]
    t = t.spliceRange(entries[0]!.start, entries[0]!.start, three(entries[0]!))
    expect(shape(t)).toEqual([[2], [7, 5]])
    // 9 entries in the first leaf: shared with the second (5 < 6), 7 + 7.
    t = t.spliceRange(entries[2]!.start, entries[2]!.start, three(entries[2]!))
    t.checkValid()
    expect(shape(t)).toEqual([[2], [7, 7]])
    expect(contents(t).length).toBe(14)
  })
})

describe('BTree.firstFit / lastFit prune before computing aligned summaries', () => {
  const P = 0x1000
  // Entries [(4i + 1)P, (4i + 3)P): every gap 2P long, maxGap 2P.
  const build = (): BTree<Iv> => BTree.fromSorted(misaligned(40, P), 4)
  const rootMemo = (t: BTree<Iv>): readonly number[] | undefined => raw(t).root!.memo

  it('firstFit: no memo when the request exceeds maxGap', () => {
    const t = build()
    expect(t.firstFit(0, 3 * P, 2 * P, MAX_SAFE)).toBe(160 * P)
    expect(rootMemo(t)).toBeUndefined()
  })

  it('firstFit: no memo when the search starts within `size` of the last end', () => {
    const t = build()
    const maxEnd = 159 * P
    expect(t.firstFit(maxEnd - P / 2, P, 2 * P, MAX_SAFE)).toBe(160 * P)
    expect(rootMemo(t)).toBeUndefined()
    // Further down, the tree is searched (and the memo filled).
    expect(t.firstFit(maxEnd - 3 * P, P, 2 * P, MAX_SAFE)).toBe(156 * P)
    expect(rootMemo(t)).toEqual([2 * P, P])
  })

  it('lastFit: no memo when the request exceeds maxGap', () => {
    const t = build()
    expect(t.lastFit(0, 3 * P, 2 * P, 159 * P)).toBeUndefined()
    expect(rootMemo(t)).toBeUndefined()
  })

  it('lastFit: no memo when the highest candidate lies below the first start', () => {
    const t = build()
    expect(t.lastFit(0, P, 2 * P, P)).toBe(0)
    expect(rootMemo(t)).toBeUndefined()
    expect(t.lastFit(0, P, 2 * P, 5 * P)).toBe(4 * P)
    expect(rootMemo(t)).toEqual([2 * P, P])
  })
})
