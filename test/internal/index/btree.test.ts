/**
 * Tests of the persistent B+tree behind `MemorySet`: the index law suite
 * (`laws.ts`) at node sizes 4, 5, 8 and the default, then what is specific to
 * the tree: node size validation, heights growing and shrinking, `spliceRange`
 * over runs of every shape of the node structure, sharing of untouched nodes
 * (persistence at the node level), occupancy of bulk-loaded trees, and
 * `checkValid` catching every kind of broken invariant.
 */
import { describe, expect, it } from 'vitest'
import { BTree, DEFAULT_MAX_NODE_SIZE } from '../../../src/internal/index/btree/btree.js'
import { indexLaws } from './laws.js'
import {
  type Iv,
  MAX_SAFE,
  contents,
  expectSame,
  holds,
  iv,
  layout,
  misaligned,
  protectPieces,
  shuffled,
} from './model.js'

const NODE_SIZES = [4, 5, 8, DEFAULT_MAX_NODE_SIZE] as const

for (const B of NODE_SIZES) {
  indexLaws({
    name: `BTree, B = ${B}`,
    empty: () => BTree.empty<Iv>(B),
    fromSorted: (entries) => BTree.fromSorted(entries, B),
    // Small nodes find the bugs (more levels, more rebalancing): they get the most runs.
    runs: B === DEFAULT_MAX_NODE_SIZE ? 0.5 : 1,
  })
}

/** Internals, for structural checks. */
interface RawNode {
  readonly items: ReadonlyArray<RawNode | Iv>
}
const heightOf = (t: BTree<Iv>): number => (t as unknown as { height: number }).height
const rootOf = (t: BTree<Iv>): RawNode | undefined => (t as unknown as { root: RawNode | undefined }).root

/** The leaves of `t`, in order (to check which node objects two versions share). */
const leaves = (t: BTree<Iv>): RawNode[] => {
  const out: RawNode[] = []
  const walk = (node: RawNode, h: number): void => {
    if (h === 0) out.push(node)
    else for (const c of node.items) walk(c as RawNode, h - 1)
  }
  walk(rootOf(t)!, heightOf(t))
  return out
}

/**
 * Runs `[i, j]` (entry indices) of every interesting shape for the tree `t`:
 * at either end of the tree, the whole tree, inside one leaf, exactly one
 * node (subtree) at every level, from inside one node to inside the next one
 * at every level (for leaves, also across parents: two leaves under different
 * parents), from the start of the tree to inside a node and from inside a
 * node to the end.
 */
const runsOfEveryShape = (t: BTree<Iv>): Array<readonly [number, number]> => {
  const n = t.size
  const height = heightOf(t)
  // ranges[h]: the [first, last] entry indices of every node at level h, in order.
  const ranges: Array<Array<readonly [number, number]>> = Array.from({ length: height + 1 }, () => [])
  let at = 0
  const walk = (node: RawNode, h: number): void => {
    const first = at
    if (h === 0) at += node.items.length
    else for (const c of node.items) walk(c as RawNode, h - 1)
    ranges[h]!.push([first, at - 1])
  }
  walk(rootOf(t)!, height)
  const runs: Array<readonly [number, number]> = [
    [0, 1],
    [0, n - 1],
    [1, n - 2],
    [0, n - 2],
    [1, n - 1],
    [n - 2, n - 1],
    [0, n >> 1],
    [n >> 1, n - 1],
  ]
  const mid = ([a, b]: readonly [number, number]): number => (a + b) >> 1
  for (let h = 0; h < height; h++) {
    const level = ranges[h]!
    // Every level below the root has at least 2 nodes.
    for (const k of new Set([0, 1, level.length >> 1, level.length - 2].map((x) => Math.min(x, level.length - 2)))) {
      const r = level[k]!
      const next = level[k + 1]!
      runs.push(
        r,
        [r[0], r[1] - 1],
        [r[0] + 1, r[1]],
        [mid(r), mid(next)],
        [r[0], next[1]],
        [0, mid(r)],
        [mid(next), n - 1],
      )
      if (h === 0 && r[1] - r[0] >= 2) runs.push([r[0] + 1, r[1] - 1]) // inside one leaf
    }
    if (h === 1) {
      // Two leaves under different parents: the last leaf of the middle level-1
      // node and the first leaf of the next one.
      const p = level[level.length >> 1]!
      const leafBefore = ranges[0]!.find((r) => r[1] === p[1])!
      const leafAfter = ranges[0]!.find((r) => r[0] === p[1] + 1)!
      runs.push([mid(leafBefore), mid(leafAfter)], [leafBefore[0], leafAfter[1]])
    }
  }
  return runs
}

describe('BTree structure', () => {
  it('validates maxNodeSize', () => {
    for (const bad of [3, 0, -4, 4.5, Number.NaN, Infinity]) {
      expect(() => BTree.empty<Iv>(bad)).toThrow(RangeError)
      expect(() => BTree.fromSorted<Iv>([], bad)).toThrow(RangeError)
    }
    expect(BTree.empty<Iv>(4).maxNodeSize).toBe(4)
    expect(BTree.empty<Iv>().maxNodeSize).toBe(DEFAULT_MAX_NODE_SIZE)
    expect(BTree.fromSorted<Iv>([]).maxNodeSize).toBe(DEFAULT_MAX_NODE_SIZE)
  })

  it('clear keeps the node size', () => {
    const t = BTree.fromSorted([iv(1, 2)], 5)
    const c = t.clear()
    expect(c.size).toBe(0)
    expect(c.maxNodeSize).toBe(5)
    expect(t.size).toBe(1)
  })

  it('a root leaf split in three by one splice grows a level; deletes collapse it again', () => {
    const entries = layout([
      [0, 6],
      [1, 6],
      [1, 6],
      [1, 6],
    ]) // [0,6) [7,13) [14,20) [21,27)
    let t = entries.reduce((x, e) => x.insert(e), BTree.empty<Iv>(4))
    expect(heightOf(t)).toBe(0)
    const pieces = [iv(7, 8), iv(9, 10), iv(11, 13)]
    t = t.spliceRange(7, 7, pieces)
    t.checkValid()
    expect(heightOf(t)).toBe(1)
    let m = [entries[0]!, ...pieces, ...entries.slice(2)]
    expectSame(t, m)
    expect(t.firstFit(0, 2, 1, 100)).toBe(27)
    // And back down: a root branch whose two leaves merge collapses to a root leaf.
    while (m.length > 0) {
      const e = m[m.length >> 1]!
      t = t.spliceRange(e.start, e.start, [])
      m = m.filter((x) => x !== e)
      t.checkValid()
      expectSame(t, m)
      if (m.length < 4) expect(heightOf(t)).toBe(0) // two leaves hold >= 2 entries each
    }
    expect(t.size).toBe(0)
  })

  it('spliceRange of one entry: repeated 3-way splits grow the tree level by level; 0-piece splices shrink it to empty', () => {
    const BIG = 1e9
    // Split the one long entry, keeping it at the right end, the left end, or in the middle.
    const patterns: Array<(e: Iv) => Iv[]> = [
      (e) => [iv(e.start, e.start + 1), iv(e.start + 2, e.start + 3), iv(e.start + 4, e.end)],
      (e) => [iv(e.start, e.end - 4), iv(e.end - 3, e.end - 2), iv(e.end - 1, e.end)],
      (e) => [iv(e.start, e.start + 1), iv(e.start + 2, e.end - 2), iv(e.end - 1, e.end)],
    ]
    for (const B of NODE_SIZES) {
      for (const split of patterns) {
        let t = BTree.empty<Iv>(B).insert(iv(0, BIG))
        let m = contents(t)
        const versions: Array<[BTree<Iv>, Iv[]]> = []
        let height = 0
        for (let step = 0; step < 250; step++) {
          const big = m.find((e) => e.end - e.start > 10)!
          const pieces = split(big)
          t = t.spliceRange(big.start, big.start, pieces)
          const i = m.indexOf(big)
          m = [...m.slice(0, i), ...pieces, ...m.slice(i + 1)]
          t.checkValid()
          expect(t.size).toBe(m.length)
          expect(heightOf(t)).toBeGreaterThanOrEqual(height)
          height = heightOf(t)
          if (step % 25 === 0) versions.push([t, m])
        }
        expectSame(t, m)
        expect(height).toBeGreaterThanOrEqual(B === 4 ? 4 : 1)
        for (const e of shuffled(m, B)) {
          t = t.spliceRange(e.start, e.start, [])
          m = m.filter((x) => x !== e)
          t.checkValid()
          expect(t.size).toBe(m.length)
          expect(heightOf(t)).toBeLessThanOrEqual(height)
          height = heightOf(t)
        }
        expect(t.size).toBe(0)
        for (const [v, vm] of versions) expectSame(v, vm)
      }
    }
  })

  it('spliceRange: runs of every shape on trees of height >= 3, with 0..3 pieces (B = 4, 5, 8, 24)', () => {
    for (const B of NODE_SIZES) {
      const n = B === DEFAULT_MAX_NODE_SIZE ? 9000 : B === 8 ? 700 : 200
      const entries = layout(Array.from({ length: n }, (_, i) => [2 + (i % 3), 6] as const))
      const builds = [
        BTree.fromSorted(entries, B),
        entries.reduce((x, e) => x.insert(e), BTree.empty<Iv>(B)), // ascending, like the measurements
        shuffled(entries, B).reduce((x, e) => x.insert(e), BTree.empty<Iv>(B)),
      ]
      for (const t of B === DEFAULT_MAX_NODE_SIZE ? builds.slice(0, 2) : builds) {
        expect(heightOf(t)).toBeGreaterThanOrEqual(3)
        const runs = runsOfEveryShape(t)
        for (const [i, j] of runs) {
          const a = entries[i]!
          const b = entries[j]!
          const lo = i > 0 ? entries[i - 1]!.end : 0
          const hi = j + 1 < n ? entries[j + 1]!.start : b.end + 10
          const pieceSets: Iv[][] = [
            [],
            [iv(a.start, a.start + 1)], // unmap: what is left of the first area
            [iv(a.start, a.start + 1), iv(b.end - 1, b.end)], // ... and of the last
            [iv(a.start, a.start + 1), iv(a.start + 1, b.end - 1), iv(b.end - 1, b.end)], // with a replacement
            [iv(lo, hi)], // one piece filling the gaps on either side
            [iv(lo, lo + 1), iv(lo + 2, hi - 2), iv(hi - 1, hi)], // three pieces reaching the neighbours
          ]
          for (const pieces of pieceSets) {
            const t2 = t.spliceRange(a.start, b.start, pieces)
            t2.checkValid()
            expect(holds(t2, [...entries.slice(0, i), ...pieces, ...entries.slice(j + 1)])).toBe(true)
          }
        }
        expectSame(t, entries) // persistence
      }
    }
  })

  it('spliceRange: many pieces (4, B, B + 1, 3B, 10B, 1000) over runs of every shape (B = 4, 5, 8, 24)', () => {
    /** `p` evenly spaced pieces of `[lo, hi)` (each at least 1 long; `hi - lo >= p`). */
    const spread = (lo: number, hi: number, p: number): Iv[] => {
      const w = Math.floor((hi - lo) / p)
      return Array.from({ length: p }, (_, q) => iv(lo + q * w, lo + q * w + Math.max(1, w >> 1)))
    }
    for (const B of NODE_SIZES) {
      const n = B === DEFAULT_MAX_NODE_SIZE ? 9000 : B === 8 ? 700 : 200
      // Entries 5000 long, 5000 apart: room for 1000 pieces even inside one entry.
      const entries = layout(Array.from({ length: n }, () => [5000, 5000] as const))
      const builds = [BTree.fromSorted(entries, B), entries.reduce((x, e) => x.insert(e), BTree.empty<Iv>(B))]
      for (const t of builds) {
        const runs = runsOfEveryShape(t)
        // Single entries (k = 1): first, last, middle, at a leaf boundary.
        for (const x of [0, n - 1, n >> 1, B - 1, B]) runs.push([x, x])
        const counts = [4, B, B + 1, 3 * B, 10 * B, 1000]
        // B = 24 has many runs over a big tree: a subset of them, to keep this fast.
        const chosen = B === DEFAULT_MAX_NODE_SIZE ? runs.filter((_, r) => r % 3 === 0 || r >= runs.length - 5) : runs
        for (const [i, j] of chosen) {
          const a = entries[i]!
          const b = entries[j]!
          const lo = i > 0 ? entries[i - 1]!.end : 0
          const hi = j + 1 < n ? entries[j + 1]!.start : b.end + 5000
          for (const p of counts) {
            // Inside the run, or over the gaps to the neighbours.
            const pieces = (i + j + p) % 2 === 0 ? spread(a.start, b.end, p) : spread(lo, hi, p)
            const t2 = t.spliceRange(a.start, b.start, pieces)
            t2.checkValid()
            expect(holds(t2, [...entries.slice(0, i), ...pieces, ...entries.slice(j + 1)])).toBe(true)
          }
        }
        expectSame(t, entries) // persistence
      }
    }
  })

  it('spliceRange: many pieces build several levels in one step; one piece collapses them', () => {
    for (const B of NODE_SIZES) {
      const one = BTree.empty<Iv>(B).insert(iv(0, 1e9))
      // One entry into 1000 pieces: a tree of several levels in one step.
      const m = Array.from({ length: 1000 }, (_, q) => iv(q * 1000, q * 1000 + 500))
      const t = one.spliceRange(0, 0, m)
      t.checkValid()
      expect(heightOf(t)).toBeGreaterThanOrEqual(B === DEFAULT_MAX_NODE_SIZE ? 2 : 3)
      // The whole tree into one piece: a root leaf again; into 3B + 1 pieces: one level of leaves.
      const back = t.spliceRange(0, m[m.length - 1]!.start, [iv(0, 1e9)])
      back.checkValid()
      expect(heightOf(back)).toBe(0)
      const wide = Array.from({ length: 3 * B + 1 }, (_, q) => iv(q * 10, q * 10 + 3))
      const t2 = t.spliceRange(0, m[m.length - 1]!.start, wide)
      t2.checkValid()
      expectSame(t2, wide)
      expect(heightOf(t2)).toBe(1)
      expectSame(t, m) // persistence
    }
  })

  it('spliceRange with many pieces shares everything off the boundary paths', () => {
    const entries = layout(Array.from({ length: 3000 }, () => [1000, 1000] as const))
    const t = BTree.fromSorted(entries, 8)
    const before = new Set(leaves(t))
    for (const [i, j] of [
      [1500, 1500],
      [1000, 1999],
    ] as const) {
      // Each entry of the run cut in two, plus 1000 pieces inside the first one.
      const first = entries[i]!
      const pieces = [
        ...Array.from({ length: 1000 }, (_, q) => iv(first.start + q, first.start + q + 1)),
        ...protectPieces(entries.slice(i + 1, j + 1)),
      ]
      const t2 = t.spliceRange(first.start, entries[j]!.start, pieces)
      t2.checkValid()
      const after = leaves(t2)
      const fresh = after.filter((l) => !before.has(l)).length
      // The new leaves hold the pieces (at most 8 each, at least 4), plus a few at the seams.
      expect(fresh).toBeLessThanOrEqual(Math.ceil(pieces.length / 4) + 4)
      expect(after.length - fresh).toBeGreaterThanOrEqual(before.size - (j - i + 1) / 4 - 4)
    }
  })

  it('spliceRange shares everything off the two boundary paths', () => {
    const entries = layout(Array.from({ length: 3000 }, () => [1, 1] as const))
    const t = BTree.fromSorted(entries, 8)
    const before = leaves(t)
    const t2 = t.spliceRange(entries[1000]!.start, entries[1999]!.start, [])
    t2.checkValid()
    const after = leaves(t2)
    // All but a few leaves near the seam are the same objects as before.
    const shared = after.filter((l) => before.includes(l)).length
    expect(shared).toBeGreaterThanOrEqual(after.length - 4)
    expect(after[0]).toBe(before[0])
    expect(after[after.length - 1]).toBe(before[before.length - 1])
  })

  it('fromSorted respects occupancy for every node size 4..40', () => {
    for (let B = 4; B <= 40; B++) {
      for (const n of [1, B - 1, B, B + 1, 2 * B - 1, 2 * B + 1, B * B + 3, 1000]) {
        const entries = layout(Array.from({ length: n }, () => [1, 1] as const))
        const t = BTree.fromSorted(entries, B)
        t.checkValid()
        expect(t.size).toBe(n)
      }
    }
  })

  it('checkValid reports broken invariants', () => {
    expect(() => BTree.fromSorted([iv(0, 10), iv(5, 20)], 4).checkValid()).toThrow(/non-overlapping/)
    expect(() => BTree.fromSorted([iv(10, 20), iv(0, 5)], 4).checkValid()).toThrow(/sorted/)
    expect(() => BTree.fromSorted([iv(3, 3)], 4).checkValid()).toThrow(/non-empty/)
    // Corrupt a summary of a (freshly built, unshared) tree.
    const t = BTree.fromSorted(layout(Array.from({ length: 40 }, () => [1, 1] as const)), 4)
    const root = (t as unknown as { root: { maxGap: number; minStart: number; maxEnd: number } }).root
    root.maxGap = 7
    expect(() => t.checkValid()).toThrow(/maxGap/)
    root.maxGap = 1
    t.checkValid()
    root.minStart = 0
    expect(() => t.checkValid()).toThrow(/minStart/)
    root.minStart = 1
    root.maxEnd = 0
    expect(() => t.checkValid()).toThrow(/maxEnd/)
    root.maxEnd = 80
    t.checkValid()
    // Occupancy and depth, by lying about the node size and the height.
    const asMutable = (x: BTree<Iv>) => x as unknown as { maxNodeSize: number; height: number }
    const big = BTree.fromSorted(layout(Array.from({ length: 100 }, () => [1, 1] as const)), 8)
    asMutable(big).maxNodeSize = 4
    expect(() => big.checkValid()).toThrow(/occupancy/)
    asMutable(big).maxNodeSize = 64
    expect(() => big.checkValid()).toThrow(/occupancy/)
    asMutable(big).maxNodeSize = 8
    big.checkValid()
    asMutable(big).height++
    expect(() => big.checkValid()).toThrow(/depth/)
    asMutable(big).height -= 2
    expect(() => big.checkValid()).toThrow(/depth/)
    const wrongSize = Object.assign(Object.create(Object.getPrototypeOf(t) as object) as object, t, { size: 3 })
    expect(() => (wrongSize as BTree<Iv>).checkValid()).toThrow(/size/)
  })
})

describe('BTree aligned-fit memos', () => {
  interface MemoNode {
    readonly items: ReadonlyArray<MemoNode | Iv>
    memo: readonly number[] | undefined
  }
  /** Every node of `t`. */
  const nodes = (t: BTree<Iv>): MemoNode[] => {
    const out: MemoNode[] = []
    const walk = (node: MemoNode, h: number): void => {
      out.push(node)
      if (h > 0) for (const c of node.items) walk(c as MemoNode, h - 1)
    }
    const root = rootOf(t) as MemoNode | undefined
    if (root !== undefined) walk(root, heightOf(t))
    return out
  }
  const P = 0x1000

  it('a query fills memos that checkValid verifies; a corrupt memo is reported', () => {
    const t = BTree.fromSorted(misaligned(300, P), 4)
    expect(nodes(t).every((n) => n.memo === undefined)).toBe(true)
    expect(t.firstFit(0, 2 * P, 1, MAX_SAFE)).toBe(P * 3) // align 1: maxGap, no memo
    expect(nodes(t).every((n) => n.memo === undefined)).toBe(true)
    expect(t.firstFit(0, 2 * P, 2 * P, MAX_SAFE)).toBe(1200 * P)
    expect(t.lastFit(0, P, 4 * P, 1199 * P)).toBe(1196 * P)
    const root = rootOf(t) as MemoNode
    expect(root.memo).toEqual([2 * P, P, 4 * P, P])
    t.checkValid()
    root.memo = [2 * P, 2 * P]
    expect(() => t.checkValid()).toThrow(/memo at level \d+: usable for align 8192 is 8192, expected 4096/)
    root.memo = [2 * P, P, 2 * P, P]
    expect(() => t.checkValid()).toThrow(/memoised twice/)
    root.memo = [2 * P]
    expect(() => t.checkValid()).toThrow(/odd length/)
    root.memo = undefined
    t.checkValid()
  })

  it('path copies start with empty memos; a query after an update refills only the copied nodes', () => {
    for (const B of [4, 8, DEFAULT_MAX_NODE_SIZE]) {
      const entries = misaligned(5000, P)
      const t = BTree.fromSorted(entries, B)
      expect(t.firstFit(0, 2 * P, 2 * P, MAX_SAFE)).toBe(20000 * P)
      const old = new Set(nodes(t))
      // Cut one entry short: its gap becomes 3 pages from an odd one, so it now fits.
      const e = entries[2500]!
      const t2 = t.spliceRange(e.start, e.start, [iv(e.start, e.start + P)])
      const fresh = nodes(t2).filter((n) => !old.has(n))
      expect(fresh.length).toBeGreaterThan(0)
      expect(fresh.length).toBeLessThanOrEqual(2 * (heightOf(t2) + 1))
      expect(fresh.every((n) => n.memo === undefined)).toBe(true)
      const before = new Map(nodes(t2).map((n) => [n, n.memo]))
      expect(t2.firstFit(0, 2 * P, 2 * P, MAX_SAFE)).toBe(e.start + P)
      expect(t2.lastFit(0, 2 * P, 2 * P, entries[4999]!.start)).toBe(e.start + P)
      const refilled = nodes(t2).filter((n) => n.memo !== before.get(n))
      expect(refilled.length).toBeGreaterThan(0)
      expect(refilled.every((n) => !old.has(n))).toBe(true) // shared nodes kept their memos
      t.checkValid()
      t2.checkValid()
      expect(t.firstFit(0, 2 * P, 2 * P, MAX_SAFE)).toBe(20000 * P) // the old version is unaffected
    }
  })
})
