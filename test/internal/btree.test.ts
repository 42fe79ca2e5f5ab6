/**
 * Tests of the persistent B+tree behind `MemorySet`: examples for every
 * method, and fast-check properties comparing it with a sorted-array model
 * after every step (with `checkValid()`), at node sizes 4, 5, 8 and the
 * default, plus persistence, bulk loading, floor/ceiling/from/fromFloor,
 * splice, and firstFit against brute force (including addresses near
 * `Number.MAX_SAFE_INTEGER`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BTree, DEFAULT_MAX_NODE_SIZE } from '../../src/internal/btree/btree.js'

interface Iv {
  readonly start: number
  readonly end: number
  /** Distinguishes entries with equal bounds, to check that the right object is stored. */
  readonly tag: number
}

let nextTag = 0
const iv = (start: number, end: number): Iv => ({ start, end, tag: nextTag++ })

const NODE_SIZES = [4, 5, 8, DEFAULT_MAX_NODE_SIZE] as const
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** Back-to-back-ish sorted entries: `pairs` of (gap before, length), starting at `base`. */
const layout = (pairs: ReadonlyArray<readonly [number, number]>, base = 0): Iv[] => {
  const out: Iv[] = []
  let at = base
  for (const [gap, len] of pairs) {
    at += gap
    out.push(iv(at, at + len))
    at += len
  }
  return out
}

const contents = (t: BTree<Iv>): Iv[] => [...t]

/** Same objects in the same order (one `expect` when they are: this runs in hot loops). */
const expectIdentical = (got: readonly Iv[], expected: readonly Iv[]): void => {
  if (got.length === expected.length && got.every((e, i) => e === expected[i])) return
  expect(got).toEqual(expected) // fails (or, for equal but distinct objects, names them)
  expect.fail('same bounds but different entry objects')
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

const modelFloor = (m: readonly Iv[], key: number): Iv | undefined => {
  let r: Iv | undefined
  for (const e of m) if (e.start <= key) r = e
  return r
}
const modelCeiling = (m: readonly Iv[], key: number): Iv | undefined => m.find((e) => e.start >= key)
/** What `fromFloor(key)` yields: from the floor entry of `key`, or from the first entry. */
const modelFromFloor = (m: readonly Iv[], key: number): Iv[] => {
  let i = 0
  while (i + 1 < m.length && m[i + 1]!.start <= key) i++
  return m.slice(i)
}

/** Free gaps of a model, as [lo, hi) with hi = `top` for the last one (if top > last end). */
const modelGaps = (m: readonly Iv[], top: number): Array<[number, number]> => {
  const gaps: Array<[number, number]> = []
  let lo = 0
  for (const e of m) {
    if (e.start > lo) gaps.push([lo, e.start])
    lo = e.end
  }
  if (top > lo) gaps.push([lo, top])
  return gaps
}

/** A random operation, interpreted against the current model so that it is always valid. */
type Op = readonly [kind: number, a: number, b: number, c: number]
const opArb: fc.Arbitrary<Op> = fc.tuple(fc.nat(99), fc.nat(), fc.nat(), fc.nat())
const TOP = 100_000

/**
 * Up to `k` sorted, non-overlapping (possibly touching) non-empty pieces of
 * `[lo, hi)`, from a deterministic pseudo-random `seed`: the ends of 2k sorted
 * random cut points in `[lo, hi]`, taken in pairs, dropping empty pairs.
 */
const carve = (lo: number, hi: number, k: number, seed: number): Iv[] => {
  let s = seed >>> 0 || 1
  const cuts: number[] = []
  for (let j = 0; j < 2 * k; j++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    // Favour the ends of the range, so that pieces often touch the neighbours' bounds.
    const r = s % 8
    cuts.push(r === 0 ? lo : r === 1 ? hi : lo + ((s >>> 3) % (hi - lo + 1)))
  }
  cuts.sort((x, y) => x - y)
  const out: Iv[] = []
  for (let j = 0; j < 2 * k; j += 2) if (cuts[j]! < cuts[j + 1]!) out.push(iv(cuts[j]!, cuts[j + 1]!))
  return out
}

/**
 * Up to how many pieces {@link spliceRunOp} carves: 0..3 three times in 4,
 * else one of `many` (carving drops empty pieces, so a narrow range gets fewer).
 */
const pieceCount = (x: number, many: readonly number[]): number => (x % 16 < 12 ? x % 4 : many[x % many.length]!)

/** Every entry of `run` cut in two where it is long enough, else copied (as `protect` re-flags a run). */
const protectPieces = (run: readonly Iv[]): Iv[] =>
  run.flatMap((e) => {
    if (e.end - e.start < 2) return [iv(e.start, e.end)]
    const mid = (e.start + e.end) >>> 1
    return [iv(e.start, mid), iv(mid, e.end)]
  })

/**
 * `spliceRange` over the run `m[i..j]`, applied to both the tree and the
 * model, with pieces drawn from `c`: one time in 8, each entry of the run
 * re-flagged (cut in two or copied: about 2k pieces for a run of k, see
 * {@link protectPieces}); otherwise 0..3 (mostly) or up to `max(many)` pieces,
 * carved inside `[m[i].start, m[j].end)` (like what `unmap` with a
 * replacement leaves: a left part, the replacement, a right part) or inside
 * the space between the run's outer neighbours.
 */
const spliceRunOp = (
  t: BTree<Iv>,
  m: readonly Iv[],
  i: number,
  j: number,
  c: number,
  many: readonly number[] = [4, 9, 30, 120],
): [BTree<Iv>, Iv[]] => {
  const inside = (c >>> 8) % 2 === 0
  const lo = inside ? m[i]!.start : i > 0 ? m[i - 1]!.end : 0
  const hi = inside ? m[j]!.end : j + 1 < m.length ? m[j + 1]!.start : TOP
  const pieces = (c >>> 20) % 8 === 0 ? protectPieces(m.slice(i, j + 1)) : carve(lo, hi, pieceCount(c >>> 9, many), c)
  const m2 = [...m.slice(0, i), ...pieces, ...m.slice(j + 1)]
  return [t.spliceRange(m[i]!.start, m[j]!.start, pieces), m2]
}

/**
 * Applies `op` to both the tree and the model. Kinds: < 40 insert into a random
 * free gap (if there is one; splices can fill `[0, TOP)`), < 52 delete a random entry, < 60 replace a random entry by one
 * that moves within its neighbours, < 75 splice a random entry into 0..3
 * pieces carved inside it (as `protect` or `unmap` do) or inside the space
 * between its neighbours, < 86 `spliceRange` over a random run of entries
 * into 0..120 pieces (see {@link spliceRunOp}), < 93 check `fromFloor` at a random key (no
 * change), otherwise delete an absent key (a no-op that must return the same
 * tree).
 */
const applyOp = (t: BTree<Iv>, m: Iv[], [kind, a, b, c]: Op): [BTree<Iv>, Iv[]] => {
  const gaps = kind < 40 || m.length === 0 ? modelGaps(m, TOP) : []
  if (gaps.length > 0) {
    const [lo, hi] = gaps[a % gaps.length]!
    const start = lo + (b % (hi - lo))
    const end = start + 1 + (c % Math.min(hi - start, 50))
    const e = iv(start, end)
    const i = m.findIndex((x) => x.start > start)
    const m2 = m.slice()
    m2.splice(i < 0 ? m.length : i, 0, e)
    return [t.insert(e), m2]
  }
  const i = a % m.length
  const old = m[i]!
  if (kind < 52) {
    const m2 = m.slice()
    m2.splice(i, 1)
    return [t.delete(old.start), m2]
  }
  if (kind < 60) {
    const lo = i > 0 ? m[i - 1]!.end : 0
    const hi = i + 1 < m.length ? m[i + 1]!.start : TOP
    const start = lo + (b % (hi - lo))
    const end = start + 1 + (c % (hi - start))
    const e = iv(start, end)
    const m2 = m.slice()
    m2[i] = e
    return [t.replace(old.start, e), m2]
  }
  if (kind < 75) {
    const inside = b % 2 === 0
    const lo = inside ? old.start : i > 0 ? m[i - 1]!.end : 0
    const hi = inside ? old.end : i + 1 < m.length ? m[i + 1]!.start : TOP
    const pieces = carve(lo, hi, (b >>> 1) % 4, c)
    const m2 = m.slice()
    m2.splice(i, 1, ...pieces)
    return [t.splice(old.start, pieces), m2]
  }
  if (kind < 86) {
    // Mostly short runs (1 to 16 entries), one time in 8 up to the whole model.
    const span = b % 8 === 0 ? m.length - i : Math.min(m.length - i, 16)
    return spliceRunOp(t, m, i, i + ((b >>> 3) % span), c)
  }
  if (kind < 93) {
    const key = b % 3 === 0 ? old.start : (c % (TOP + 10)) - 5
    expectIdentical([...t.fromFloor(key)], modelFromFloor(m, key))
    return [t, m]
  }
  // An absent key: just past an entry's start (entries are at least 1 long, so no entry starts there
  // unless that entry is 1 long and followed back-to-back; pick the end of the last entry then).
  let key = old.start + 0.5
  if (b % 2 === 0) key = m[m.length - 1]!.end + (b % 7)
  const t2 = t.delete(key)
  expect(t2).toBe(t)
  return [t2, m]
}

/** Whether `t` holds exactly the objects of `m` (one `expect` instead of one per entry, for hot loops). */
const holds = (t: BTree<Iv>, m: readonly Iv[]): boolean => {
  if (t.size !== m.length) return false
  let i = 0
  for (const e of t) if (e !== m[i++]) return false
  return i === m.length
}

const expectSame = (t: BTree<Iv>, m: readonly Iv[]): void => {
  expect(t.size).toBe(m.length)
  const got = contents(t)
  expect(got.length).toBe(m.length)
  for (let i = 0; i < m.length; i++) expect(got[i]).toBe(m[i])
}

/** Internals, for structural checks. */
interface RawNode {
  readonly items: ReadonlyArray<RawNode | Iv>
}
const heightOf = (t: BTree<Iv>): number => (t as unknown as { height: number }).height
/** The tree's node structure as nested arrays of entry starts (leaves are arrays of numbers), in JSON. */
const shape = (t: BTree<Iv>): string => {
  const walk = (node: RawNode, h: number): unknown =>
    h === 0 ? node.items.map((e) => (e as Iv).start) : node.items.map((c) => walk(c as RawNode, h - 1))
  const root = (t as unknown as { root: RawNode | undefined }).root
  return JSON.stringify(root === undefined ? [] : walk(root, heightOf(t)))
}

const rootOf = (t: BTree<Iv>): RawNode | undefined => (t as unknown as { root: RawNode | undefined }).root

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

/** Deterministic shuffle (for draining a tree in a random order). */
const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const out = xs.slice()
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

// ---------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------

describe('BTree examples', () => {
  it('validates maxNodeSize', () => {
    for (const bad of [3, 0, -4, 4.5, Number.NaN, Infinity]) {
      expect(() => BTree.empty<Iv>(bad)).toThrow(RangeError)
      expect(() => BTree.fromSorted<Iv>([], bad)).toThrow(RangeError)
    }
    expect(BTree.empty<Iv>(4).maxNodeSize).toBe(4)
    expect(BTree.empty<Iv>().maxNodeSize).toBe(DEFAULT_MAX_NODE_SIZE)
    expect(BTree.fromSorted<Iv>([]).maxNodeSize).toBe(DEFAULT_MAX_NODE_SIZE)
  })

  it('empty tree', () => {
    const t = BTree.empty<Iv>(4)
    expect(t.size).toBe(0)
    expect(contents(t)).toEqual([])
    expect([...t.from(0)]).toEqual([])
    expect(t.floor(10)).toBeUndefined()
    expect(t.ceiling(10)).toBeUndefined()
    expect(t.first()).toBeUndefined()
    expect(t.last()).toBeUndefined()
    expect(t.delete(3)).toBe(t)
    expect(() => t.replace(3, iv(3, 4))).toThrow(/no entry/)
    expect(t.firstFit(0, 10, 1, 100)).toBe(0)
    expect(t.firstFit(5, 10, 8, 100)).toBe(8)
    expect(t.firstFit(5, 10, 8, 17)).toBeUndefined()
    expect(t.clear()).toBe(t)
    t.checkValid()
  })

  it('insert, size, iteration, first, last', () => {
    const a = iv(10, 20)
    const b = iv(30, 40)
    const c = iv(0, 5)
    const t = BTree.empty<Iv>(4).insert(a).insert(b).insert(c)
    t.checkValid()
    expect(t.size).toBe(3)
    expect(contents(t)).toEqual([c, a, b])
    expect(t.first()).toBe(c)
    expect(t.last()).toBe(b)
    const it = t[Symbol.iterator]()
    expect(it[Symbol.iterator]()).toBe(it)
    expect(it.next()).toEqual({ value: c, done: false })
    expect(() => t.insert(iv(10, 12))).toThrow(/already exists/)
  })

  it('insert many (splits) ascending, descending and shuffled', () => {
    for (const B of NODE_SIZES) {
      const entries = layout(Array.from({ length: 500 }, (_, i) => [i % 3, 1 + (i % 4)] as const))
      for (const order of [entries, entries.slice().reverse(), shuffled(entries, 7)]) {
        let t = BTree.empty<Iv>(B)
        for (const e of order) t = t.insert(e)
        t.checkValid()
        expectSame(t, entries)
      }
    }
  })

  it('delete (merges and borrows) down to empty', () => {
    for (const B of NODE_SIZES) {
      const entries = layout(Array.from({ length: 400 }, (_, i) => [i % 2, 2] as const))
      for (const order of [entries, entries.slice().reverse(), shuffled(entries, 3)]) {
        let t = BTree.fromSorted(entries, B)
        let m = entries.slice()
        for (const e of order) {
          t = t.delete(e.start)
          m = m.filter((x) => x !== e)
          t.checkValid()
          expect(t.size).toBe(m.length)
        }
        expectSame(t, [])
        expect(t.first()).toBeUndefined()
      }
    }
  })

  it('delete returns the same tree for an absent key', () => {
    const t = BTree.fromSorted(
      layout([
        [0, 2],
        [1, 2],
        [1, 2],
      ]),
      4,
    )
    expect(t.delete(1)).toBe(t)
    expect(t.delete(-1)).toBe(t)
    expect(t.delete(100)).toBe(t)
    const deep = BTree.fromSorted(layout(Array.from({ length: 100 }, () => [1, 1] as const)), 4)
    for (const key of [-1, 0, 1.5, 2.5, 1000]) expect(deep.delete(key)).toBe(deep)
  })

  it('replace keeps summaries right when an entry moves within its neighbours', () => {
    const entries = layout(Array.from({ length: 50 }, () => [4, 4] as const)) // [4,8) [12,16) ...
    let t = BTree.fromSorted(entries, 4)
    // Move entry [12, 16) to [9, 10): the gaps around it change from 4/4 to 1/6.
    const e = iv(9, 10)
    t = t.replace(12, e)
    t.checkValid()
    expect(t.floor(11)).toBe(e)
    expect(t.ceiling(9)).toBe(e)
    expect(t.firstFit(0, 6, 1, 1000)).toBe(10)
    // Replace the first and the last entry, moving their bounds outwards.
    t = t.replace(4, iv(0, 8))
    t = t.replace(entries[49]!.start, iv(entries[49]!.start - 3, entries[49]!.end + 100))
    t.checkValid()
    expect(t.first()!.start).toBe(0)
    expect(t.last()!.end).toBe(entries[49]!.end + 100)
    expect(() => t.replace(13, iv(13, 14))).toThrow(/no entry/)
  })

  it('floor, ceiling, from', () => {
    const entries = layout(Array.from({ length: 100 }, () => [2, 3] as const)) // [2,5) [7,10) ...
    const t = BTree.fromSorted(entries, 4)
    expect(t.floor(1)).toBeUndefined()
    expect(t.floor(2)).toBe(entries[0])
    expect(t.floor(6)).toBe(entries[0])
    expect(t.floor(7)).toBe(entries[1])
    expect(t.floor(1e9)).toBe(entries[99])
    expect(t.ceiling(0)).toBe(entries[0])
    expect(t.ceiling(3)).toBe(entries[1])
    expect(t.ceiling(entries[99]!.start)).toBe(entries[99])
    expect(t.ceiling(entries[99]!.start + 1)).toBeUndefined()
    expect([...t.from(8)]).toEqual(entries.slice(2))
    expect([...t.from(-5)]).toEqual(entries)
    expect([...t.from(1e9)]).toEqual([])
    // Leaf boundaries: every start.
    for (let i = 0; i < entries.length; i++) {
      expect([...t.from(entries[i]!.start)].length).toBe(entries.length - i)
      expect(t.ceiling(entries[i]!.start - 1)).toBe(entries[i])
    }
  })

  it('iterators are lazy and survive later updates (persistence)', () => {
    const entries = layout(Array.from({ length: 60 }, () => [1, 1] as const))
    const t = BTree.fromSorted(entries, 4)
    const it = t.from(0)
    expect(it.next().value).toBe(entries[0])
    let t2 = t
    for (const e of entries) t2 = t2.delete(e.start)
    expect([...it]).toEqual(entries.slice(1))
    expect(t2.size).toBe(0)
  })

  it('fromFloor', () => {
    expect([...BTree.empty<Iv>(4).fromFloor(3)]).toEqual([])
    const a = iv(10, 20)
    const one = BTree.empty<Iv>(4).insert(a)
    for (const key of [-Infinity, 0, 10, 15, 20, 1e9]) expectIdentical([...one.fromFloor(key)], [a])
    const entries = layout(Array.from({ length: 100 }, () => [2, 3] as const)) // [2,5) [7,10) ...
    for (const B of NODE_SIZES) {
      const t = BTree.fromSorted(entries, B)
      const it = t.fromFloor(0)
      expect(it[Symbol.iterator]()).toBe(it)
      expectIdentical([...it], entries)
      expectIdentical([...t.fromFloor(-Infinity)], entries)
      expectIdentical([...t.fromFloor(1e9)], [entries[99]!])
      // Every start, and keys inside entries and gaps on either side of every leaf boundary.
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!
        expect(t.fromFloor(e.start).next().value).toBe(e)
        expect(t.fromFloor(e.start + 1).next().value).toBe(e)
        expect(t.fromFloor(e.end).next().value).toBe(e) // in the gap after e
        expect(t.fromFloor(e.start - 1).next().value).toBe(entries[i > 0 ? i - 1 : 0])
        expect([...t.fromFloor(e.start)].length).toBe(entries.length - i)
        expect([...t.fromFloor(e.start - 0.5)].length).toBe(entries.length - (i > 0 ? i - 1 : 0))
      }
    }
  })

  it('splice: errors and tiny trees (root leaf to empty, root leaf split)', () => {
    const empty = BTree.empty<Iv>(4)
    expect(() => empty.splice(1, [])).toThrow(/no entry/)
    const a = iv(10, 20)
    const one = empty.insert(a)
    expect(() => one.splice(11, [])).toThrow(/no entry/)
    expect(() => one.splice(11, [iv(11, 12)])).toThrow(/no entry/)
    expect(() => one.splice(11, [iv(11, 12), iv(12, 13), iv(14, 15), iv(16, 17)])).toThrow(/no entry/)
    const four = [iv(10, 11), iv(12, 13), iv(14, 15), iv(16, 17)]
    const t4 = one.splice(10, four) // more than 3 pieces: the general path
    t4.checkValid()
    expectSame(t4, four)
    const gone = one.splice(10, [])
    gone.checkValid()
    expect(gone.size).toBe(0)
    expect(gone.maxNodeSize).toBe(4)
    expectSame(one, [a])
    const three = [iv(10, 12), iv(13, 15), iv(18, 20)]
    const t3 = one.splice(10, three)
    t3.checkValid()
    expectSame(t3, three)
    expect(t3.firstFit(10, 3, 1, 100)).toBe(15)
    // A full root leaf (4 entries) split in three by one splice: 6 entries, a new root branch.
    const entries = layout([
      [0, 6],
      [1, 6],
      [1, 6],
      [1, 6],
    ]) // [0,6) [7,13) [14,20) [21,27)
    let t = entries.reduce((x, e) => x.insert(e), BTree.empty<Iv>(4))
    expect(heightOf(t)).toBe(0)
    const pieces = [iv(7, 8), iv(9, 10), iv(11, 13)]
    t = t.splice(7, pieces)
    t.checkValid()
    expect(heightOf(t)).toBe(1)
    let m = [entries[0]!, ...pieces, ...entries.slice(2)]
    expectSame(t, m)
    expect(t.firstFit(0, 2, 1, 100)).toBe(27)
    // And back down: a root branch whose two leaves merge collapses to a root leaf.
    while (m.length > 0) {
      const e = m[m.length >> 1]!
      t = t.splice(e.start, [])
      m = m.filter((x) => x !== e)
      t.checkValid()
      expectSame(t, m)
      if (m.length < 4) expect(heightOf(t)).toBe(0) // two leaves hold >= 2 entries each
    }
    expect(t.size).toBe(0)
  })

  it('splice: every entry into 0..3 pieces matches the model, delete and replace (both builds)', () => {
    for (const B of NODE_SIZES) {
      for (const n of [1, 2, B - 1, B, B + 1, 3 * B + 2, 100]) {
        const entries = layout(Array.from({ length: n }, (_, i) => [1 + (i % 3), 6] as const))
        for (const t of [
          BTree.fromSorted(entries, B),
          shuffled(entries, n).reduce((x, e) => x.insert(e), BTree.empty<Iv>(B)),
        ]) {
          for (let i = 0; i < n; i++) {
            const e = entries[i]!
            const s = e.start
            const lo = i > 0 ? entries[i - 1]!.end : s - 1
            const hi = i + 1 < n ? entries[i + 1]!.start : e.end + 1
            const pieceSets: Iv[][] = [
              [],
              [iv(s + 1, s + 5)], // shrink on both sides
              [iv(lo, hi)], // grow into both gaps
              [iv(s, s + 2), iv(s + 4, s + 6)], // unmap the middle
              [iv(lo, s + 1), iv(s + 3, hi)], // both pieces reach into a gap
              [iv(s, s + 2), iv(s + 2, s + 4), iv(s + 4, s + 6)], // protect the middle
              [iv(lo, lo + 1), iv(s + 2, s + 3), iv(hi - 1, hi)], // spread over both gaps
            ]
            for (const pieces of pieceSets) {
              const t2 = t.splice(s, pieces)
              t2.checkValid()
              expect(holds(t2, [...entries.slice(0, i), ...pieces, ...entries.slice(i + 1)])).toBe(true)
              if (pieces.length === 0) expect(shape(t2)).toBe(shape(t.delete(s)))
              if (pieces.length === 1) expect(shape(t2)).toBe(shape(t.replace(s, pieces[0]!)))
            }
          }
          expectSame(t, entries) // persistence
        }
      }
    }
  })

  it('splice: repeated 3-way splits grow the tree level by level; 0-piece splices shrink it to empty', () => {
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
          t = t.splice(big.start, pieces)
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
          t = t.splice(e.start, [])
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

  it('spliceRange: errors, tiny trees, and first === last is splice', () => {
    const empty = BTree.empty<Iv>(4)
    expect(() => empty.spliceRange(1, 2, [])).toThrow(/no entry with start 1/)
    const entries = layout(Array.from({ length: 40 }, () => [2, 6] as const)) // [2,8) [10,16) ...
    const t = BTree.fromSorted(entries, 4)
    const s = entries.map((e) => e.start)
    const four = [iv(9, 10), iv(11, 12), iv(13, 14), iv(15, 16)]
    const t4 = t.spliceRange(s[1]!, s[5]!, four)
    t4.checkValid()
    expectSame(t4, [entries[0]!, ...four, ...entries.slice(6)])
    expect(() => t.spliceRange(s[5]!, s[1]!, [])).toThrow(/first \(42\) > last \(10\)/)
    // Not a start: in a gap, inside an entry, before the first, after the last, at either end of the run.
    for (const [a, b] of [
      [s[1]! + 1, s[5]!],
      [s[1]!, s[5]! + 1],
      [s[1]! - 1, s[5]!],
      [s[1]!, s[5]! - 1],
      [0, s[5]!],
      [s[1]!, 1e9],
      [s[1]!, Infinity],
      [-Infinity, s[3]!],
      [s[1]!, Number.NaN],
      [Number.NaN, s[3]!],
    ] as const) {
      expect(() => t.spliceRange(a, b, [])).toThrow(/no entry with start/)
    }
    expect(() => t.spliceRange(s[3]! + 1, s[3]! + 1, [])).toThrow(/no entry/)
    expectSame(t, entries)
    // first === last: the very same tree shapes as splice.
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!
      for (const pieces of [[], [iv(e.start + 1, e.end)], [iv(e.start, e.start + 1), iv(e.start + 2, e.end)]]) {
        expect(shape(t.spliceRange(e.start, e.start, pieces))).toBe(shape(t.splice(e.start, pieces)))
      }
    }
    // A root leaf: everything (to the empty tree), a prefix, a suffix, the middle.
    const small = BTree.fromSorted(entries.slice(0, 4), 4)
    const gone = small.spliceRange(s[0]!, s[3]!, [])
    gone.checkValid()
    expect(gone.size).toBe(0)
    expect(gone.maxNodeSize).toBe(4)
    const all = [iv(0, 1), iv(2, 3), iv(40, 41)]
    const replaced = small.spliceRange(s[0]!, s[3]!, all)
    replaced.checkValid()
    expectSame(replaced, all)
    for (const [i, j] of [
      [0, 1],
      [2, 3],
      [1, 2],
    ] as const) {
      const pieces = [iv(entries[i]!.start, entries[i]!.start + 1), iv(entries[j]!.end - 1, entries[j]!.end)]
      const r = small.spliceRange(s[i]!, s[j]!, pieces)
      r.checkValid()
      expectSame(r, [...entries.slice(0, i), ...pieces, ...entries.slice(j + 1, 4)])
    }
    expectSame(small, entries.slice(0, 4))
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
            if (i === j) {
              const t3 = t.splice(a.start, pieces) // more than 3 pieces: the same general path
              t3.checkValid()
              expect(shape(t3)).toBe(shape(t2))
            }
          }
        }
        expectSame(t, entries) // persistence
      }
    }
  })

  it('spliceRange: many pieces grow a tree from one entry, then again over the whole tree', () => {
    for (const B of NODE_SIZES) {
      const BIG = 1e9
      let t = BTree.empty<Iv>(B).insert(iv(0, BIG))
      const versions: Array<[BTree<Iv>, Iv[]]> = [[t, contents(t)]]
      // One entry into 1000 pieces: a tree of several levels in one step.
      let m = Array.from({ length: 1000 }, (_, q) => iv(q * 1000, q * 1000 + 500))
      t = t.spliceRange(0, 0, m)
      t.checkValid()
      expectSame(t, m)
      expect(heightOf(t)).toBeGreaterThanOrEqual(B === DEFAULT_MAX_NODE_SIZE ? 2 : 3)
      versions.push([t, m])
      // The whole tree into every entry cut in two (2000 pieces), then into 1 piece, then into many again.
      for (const next of [
        protectPieces(m),
        [iv(0, BIG)],
        Array.from({ length: 3 * B + 1 }, (_, q) => iv(q * 10, q * 10 + 3)),
      ]) {
        t = t.spliceRange(m[0]!.start, m[m.length - 1]!.start, next)
        m = next
        t.checkValid()
        expectSame(t, m)
        versions.push([t, m])
      }
      for (const [v, vm] of versions) expectSame(v, vm)
    }
  })

  it('spliceRange with many pieces shares everything off the boundary paths', () => {
    const entries = layout(Array.from({ length: 3000 }, () => [1000, 1000] as const))
    const t = BTree.fromSorted(entries, 8)
    const leaves = (x: BTree<Iv>): RawNode[] => {
      const out: RawNode[] = []
      const walk = (node: RawNode, h: number): void => {
        if (h === 0) out.push(node)
        else for (const c of node.items) walk(c as RawNode, h - 1)
      }
      walk(rootOf(x)!, heightOf(x))
      return out
    }
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
    const leaves = (x: BTree<Iv>): RawNode[] => {
      const out: RawNode[] = []
      const walk = (node: RawNode, h: number): void => {
        if (h === 0) out.push(node)
        else for (const c of node.items) walk(c as RawNode, h - 1)
      }
      walk(rootOf(x)!, heightOf(x))
      return out
    }
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

  it('firstFit examples', () => {
    // [10,20) [20,30) [40,50) [100,110)
    const t = BTree.fromSorted([iv(10, 20), iv(20, 30), iv(40, 50), iv(100, 110)], 4)
    expect(t.firstFit(0, 10, 1, 1000)).toBe(0)
    expect(t.firstFit(0, 11, 1, 1000)).toBe(50)
    expect(t.firstFit(1, 10, 1, 1000)).toBe(30)
    expect(t.firstFit(0, 10, 16, 1000)).toBe(0)
    expect(t.firstFit(1, 10, 16, 1000)).toBe(64)
    expect(t.firstFit(0, 60, 1, 1000)).toBe(110)
    expect(t.firstFit(0, 60, 1, 170)).toBe(110)
    expect(t.firstFit(0, 60, 1, 169)).toBeUndefined()
    expect(t.firstFit(35, 5, 1, 40)).toBe(35)
    expect(t.firstFit(35, 6, 1, 1000)).toBe(50)
    expect(t.firstFit(0, 1, 1, 0)).toBeUndefined()
    expect(t.firstFit(200, 1, 1, 200)).toBeUndefined()
    // A block that ends exactly at limitEnd, in a gap inside a leaf and in one between leaves.
    expect(t.firstFit(0, 10, 1, 40)).toBe(0)
    expect(t.firstFit(1, 10, 1, 40)).toBe(30)
    expect(t.firstFit(1, 10, 1, 39)).toBeUndefined()
    const wide = BTree.fromSorted(layout(Array.from({ length: 64 }, () => [5, 5] as const)), 4)
    for (const e of wide) {
      expect(wide.firstFit(e.start, 5, 1, e.end + 5)).toBe(e.end)
      expect(wide.firstFit(e.start, 5, 1, e.end + 4)).toBeUndefined()
    }
  })

  it('firstFit near Number.MAX_SAFE_INTEGER never overflows', () => {
    const hi = MAX_SAFE
    const t = BTree.fromSorted([iv(hi - 100, hi - 50), iv(hi - 20, hi - 10)], 4)
    expect(t.firstFit(hi - 100, 30, 1, hi)).toBe(hi - 50)
    expect(t.firstFit(hi - 100, 31, 1, hi)).toBeUndefined()
    expect(t.firstFit(hi - 100, 10, 1, hi)).toBe(hi - 50)
    expect(t.firstFit(hi - 15, 10, 1, hi)).toBe(hi - 10)
    expect(t.firstFit(hi - 10, 10, 1, hi)).toBe(hi - 10)
    expect(t.firstFit(hi - 9, 10, 1, hi)).toBeUndefined()
    // 2^53 - 2^52 = 2^52 is the only multiple of 2^52 below MAX_SAFE.
    expect(t.firstFit(1, 1, 2 ** 52, hi)).toBe(2 ** 52)
    expect(t.firstFit(2 ** 52 + 1, 1, 2 ** 52, hi)).toBeUndefined()
    // MAX_SAFE = 0x1f...ff, so hi - 15 = ...ff0 is 16-aligned, but inside [hi - 20, hi - 10);
    // the next multiple of 16 is 2^53, past limitEnd.
    expect(t.firstFit(hi - 30, 1, 16, hi)).toBeUndefined()
    expect(t.firstFit(hi - 45, 1, 16, hi)).toBe(hi - 31)
    expect(t.firstFit(hi - 1, 1, 1, hi)).toBe(hi - 1)
    expect(t.firstFit(hi, 1, 1, hi)).toBeUndefined()
    // hi - 1 = 2^53 - 2 is even; hi - 2 is odd and rounds up to hi - 1.
    expect(BTree.empty<Iv>().firstFit(hi - 2, 1, 2, hi)).toBe(hi - 1)
    expect(BTree.empty<Iv>().firstFit(hi - 2, 2, 2, hi)).toBeUndefined()
    expect(BTree.empty<Iv>().firstFit(hi - 2, 1, 4, hi)).toBeUndefined()
  })

  it('firstFit is not fooled by gaps that fit size but not alignment', () => {
    // Gaps of 9 between entries of length 7 (period 16, offset 1): a 9-byte block
    // aligned to 16 never fits inside, only after the last entry.
    const entries = layout(Array.from({ length: 200 }, (_, i) => [i === 0 ? 1 : 9, 7] as const))
    const t = BTree.fromSorted(entries, 4)
    const end = entries[199]!.end
    expect(t.firstFit(0, 9, 16, 1e9)).toBe(Math.ceil(end / 16) * 16)
    expect(t.firstFit(0, 9, 1, 1e9)).toBe(8)
  })

  it('firstFit skips everything when the request is bigger than every gap', () => {
    // 65,530 back-to-back-with-small-gaps areas (the worst case of the spec).
    const entries = layout(
      Array.from({ length: 65530 }, (_, i) => [i % 3, 4096] as const),
      0x10000,
    )
    const t = BTree.fromSorted(entries)
    const end = entries[entries.length - 1]!.end
    expect(t.firstFit(0, 0x10000, 0x1000, MAX_SAFE)).toBe(0)
    expect(t.firstFit(1, 0x10000, 0x1000, MAX_SAFE)).toBe(Math.ceil(end / 0x1000) * 0x1000)
    expect(t.firstFit(1, 0x10000, 0x1000, end)).toBeUndefined()
    expect(t.firstFit(1, 2, 1, MAX_SAFE)).toBe(1)
    expect(t.firstFit(0x10000, 1, 1, MAX_SAFE)).toBe(entries[1]!.start - 1)
    expect(t.firstFit(0x10000, 2, 1, MAX_SAFE)).toBe(entries[2]!.start - 2)
    expect(t.firstFit(0x10000, 3, 1, MAX_SAFE)).toBe(Math.ceil(end / 1) * 1)
  })

  it('clear keeps the node size', () => {
    const t = BTree.fromSorted([iv(1, 2)], 5)
    const c = t.clear()
    expect(c.size).toBe(0)
    expect(c.maxNodeSize).toBe(5)
    expect(t.size).toBe(1)
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

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe('BTree properties', () => {
  for (const B of NODE_SIZES) {
    it(`random insert/delete/replace/splice/spliceRange/fromFloor match the model, stay valid and persistent (B = ${B})`, () => {
      fc.assert(
        // size 'max': without it, fast-check generates arrays of at most ~10
        // operations whatever maxLength is, too few to build a multi-level tree.
        fc.property(
          fc.array(opArb, { maxLength: B === DEFAULT_MAX_NODE_SIZE ? 400 : 250, size: 'max' }),
          fc.nat(),
          (ops, seed) => {
            let t = BTree.empty<Iv>(B)
            let m: Iv[] = []
            const versions: Array<[BTree<Iv>, Iv[]]> = [[t, m]]
            for (const op of ops) {
              ;[t, m] = applyOp(t, m, op)
              t.checkValid()
              expect(holds(t, m)).toBe(true)
              versions.push([t, m])
            }
            // Drain in a random order, by delete or by splice with no pieces:
            // exercises merges down to the empty tree.
            for (const e of shuffled(m, seed)) {
              t = (e.tag + seed) % 2 === 0 ? t.delete(e.start) : t.splice(e.start, [])
              m = m.filter((x) => x !== e)
              t.checkValid()
              expect(t.size).toBe(m.length)
              versions.push([t, m])
            }
            expect(t.size).toBe(0)
            for (const [v, vm] of versions) expect(holds(v, vm)).toBe(true)
          },
        ),
        { numRuns: B === DEFAULT_MAX_NODE_SIZE ? 40 : 60 },
      )
    })
  }

  it('spliceRange over random runs of big trees matches the model, stays valid and persistent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_SIZES),
        fc.noBias(fc.integer({ min: 1, max: 2500 })), // without noBias, mostly tiny trees
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(), fc.nat()), {
          minLength: 1,
          maxLength: 16,
          size: 'max',
        }),
        (B, n, bulk, steps) => {
          const entries = layout(Array.from({ length: n }, (_, i) => [1 + (i % 4), 3 + (i % 5)] as const))
          let t = bulk ? BTree.fromSorted(entries, B) : entries.reduce((x, e) => x.insert(e), BTree.empty<Iv>(B))
          let m = entries
          const versions: Array<[BTree<Iv>, Iv[]]> = [[t, m]]
          for (const [at, b, c] of steps) {
            if (m.length === 0) break
            // Runs of up to 16 entries, up to 1/8 of the tree, or up to all of it.
            const i = Math.floor(at * m.length)
            const span = Math.min(m.length - i, b % 3 === 0 ? 16 : b % 3 === 1 ? (m.length >> 3) + 1 : m.length)
            ;[t, m] = spliceRunOp(t, m, i, i + ((b >>> 2) % span), c, [4, 9, 30, 120, 1000])
            t.checkValid()
            expect(holds(t, m)).toBe(true)
            versions.push([t, m])
          }
          for (const [v, vm] of versions) expect(holds(v, vm)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('fromSorted builds valid trees of every size 0..300', () => {
    for (const B of NODE_SIZES) {
      for (let n = 0; n <= 300; n++) {
        const entries = layout(Array.from({ length: n }, (_, i) => [(i * 7) % 3, 1 + (i % 5)] as const))
        const t = BTree.fromSorted(entries, B)
        t.checkValid()
        expectSame(t, entries)
        if (n > 0) {
          // Still fully functional afterwards.
          const t2 = t.delete(entries[n >> 1]!.start).insert(iv(entries[n - 1]!.end + 1, entries[n - 1]!.end + 2))
          t2.checkValid()
          expect(t2.size).toBe(n)
        }
      }
    }
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

  it('floor, ceiling, from and fromFloor agree with the model', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_SIZES),
        fc.array(fc.tuple(fc.nat(4), fc.integer({ min: 1, max: 4 })), { maxLength: 200, size: 'max' }),
        fc.array(fc.integer({ min: -5, max: 1200 }), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (B, pairs, keys, bulk) => {
          const m = layout(pairs)
          let t = BTree.empty<Iv>(B)
          if (bulk) t = BTree.fromSorted(m, B)
          else for (const e of shuffled(m, pairs.length)) t = t.insert(e)
          for (const k of keys) {
            expect(t.floor(k)).toBe(modelFloor(m, k))
            expect(t.ceiling(k)).toBe(modelCeiling(m, k))
            const from = [...t.from(k)]
            expectIdentical(
              from,
              m.filter((e) => e.start >= k),
            )
            expectIdentical([...t.fromFloor(k)], modelFromFloor(m, k))
          }
          expect(t.first()).toBe(m[0])
          expect(t.last()).toBe(m[m.length - 1])
        },
      ),
      { numRuns: 150 },
    )
  })

  /** Brute force over every candidate address (small address spaces only). */
  const bruteFirstFit = (m: readonly Iv[], from: number, size: number, align: number, limitEnd: number) => {
    for (let a = Math.ceil(from / align) * align; a + size <= limitEnd; a += align) {
      if (m.every((e) => e.end <= a || e.start >= a + size)) return a
    }
    return undefined
  }

  it('firstFit agrees with brute force (addresses < 200)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_SIZES),
        fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 8 })), { maxLength: 60, size: 'max' }),
        fc.integer({ min: 0, max: 220 }),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(1, 2, 4, 8, 16),
        fc.integer({ min: 0, max: 260 }),
        (B, pairs, from, size, align, limitEnd) => {
          const m = layout(pairs).filter((e) => e.end <= 200)
          const t = BTree.fromSorted(m, B)
          expect(t.firstFit(from, size, align, limitEnd)).toBe(bruteFirstFit(m, from, size, align, limitEnd))
        },
      ),
      { numRuns: 2000 },
    )
  })

  /**
   * Exact reference over the gaps, in BigInt (so nothing can round or wrap):
   * the first gap whose aligned candidate fits below both the gap end and
   * `limitEnd`.
   */
  const referenceFirstFit = (m: readonly Iv[], from: number, size: number, align: number, limitEnd: number) => {
    const A = BigInt(align)
    const S = BigInt(size)
    const L = BigInt(limitEnd)
    const F = BigInt(from)
    let lo = 0n
    const gaps: Array<[bigint, bigint | undefined]> = []
    for (const e of m) {
      gaps.push([lo, BigInt(e.start)])
      lo = BigInt(e.end)
    }
    gaps.push([lo, undefined])
    for (const [glo, ghi] of gaps) {
      const x = glo > F ? glo : F
      const a = ((x + A - 1n) / A) * A
      if (a + S <= L && (ghi === undefined || a + S <= ghi)) return Number(a)
    }
    return undefined
  }

  it('firstFit agrees with an exact reference near Number.MAX_SAFE_INTEGER and at large alignments', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_SIZES),
        fc.constantFrom(MAX_SAFE - 400, 2 ** 52 - 200, 2 ** 32 - 100, 0),
        fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 20 })), { maxLength: 40, size: 'max' }),
        fc.integer({ min: 0, max: 52 }),
        fc.integer({ min: -50, max: 450 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: -50, max: 450 }),
        fc.boolean(),
        (B, base, pairs, alignLog, fromOff, size, limitOff, fromZero) => {
          const m = layout(pairs, base).filter((e) => e.end <= MAX_SAFE)
          const t = BTree.fromSorted(m, B)
          const clamp = (x: number) => Math.max(0, Math.min(MAX_SAFE, x))
          const from = fromZero ? 0 : clamp(base + fromOff)
          const limitEnd = clamp(base + limitOff)
          const align = 2 ** alignLog
          const got = t.firstFit(from, size, align, limitEnd)
          expect(got).toBe(referenceFirstFit(m, from, size, align, limitEnd))
          if (got !== undefined) {
            expect(Number.isSafeInteger(got)).toBe(true)
            expect(got + size).toBeLessThanOrEqual(limitEnd)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('firstFit agrees with the exact reference after random updates (summaries maintained)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 5),
        fc.array(opArb, { maxLength: 150, size: 'max' }),
        fc.array(
          fc.tuple(
            fc.nat(TOP),
            fc.integer({ min: 1, max: 2000 }),
            fc.constantFrom(1, 2, 4, 8, 16, 64, 1024),
            fc.nat(TOP + 100),
          ),
          { minLength: 1, maxLength: 10 },
        ),
        (B, ops, queries) => {
          let t = BTree.empty<Iv>(B)
          let m: Iv[] = []
          for (const op of ops) [t, m] = applyOp(t, m, op)
          for (const [from, size, align, limitEnd] of queries) {
            expect(t.firstFit(from, size, align, limitEnd)).toBe(referenceFirstFit(m, from, size, align, limitEnd))
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})
