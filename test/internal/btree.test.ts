/**
 * Tests of the persistent B+tree behind `MemorySet`: examples for every
 * method, and fast-check properties comparing it with a sorted-array model
 * after every step (with `checkValid()`), at node sizes 4, 5, 8 and the
 * default, plus persistence, bulk loading, floor/ceiling/from, and firstFit
 * against brute force (including addresses near `Number.MAX_SAFE_INTEGER`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BTree, DEFAULT_MAX_NODE_SIZE } from '../../src/internal/btree.js'

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

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

const modelFloor = (m: readonly Iv[], key: number): Iv | undefined => {
  let r: Iv | undefined
  for (const e of m) if (e.start <= key) r = e
  return r
}
const modelCeiling = (m: readonly Iv[], key: number): Iv | undefined => m.find((e) => e.start >= key)

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
 * Applies `op` to both the tree and the model. Kinds: < 50 insert into a random
 * free gap, < 75 delete a random entry, < 90 replace a random entry by one
 * that moves within its neighbours, otherwise delete an absent key (a no-op
 * that must return the same tree).
 */
const applyOp = (t: BTree<Iv>, m: Iv[], [kind, a, b, c]: Op): [BTree<Iv>, Iv[]] => {
  if (kind < 50 || m.length === 0) {
    const gaps = modelGaps(m, TOP)
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
  if (kind < 75) {
    const m2 = m.slice()
    m2.splice(i, 1)
    return [t.delete(old.start), m2]
  }
  if (kind < 90) {
    const lo = i > 0 ? m[i - 1]!.end : 0
    const hi = i + 1 < m.length ? m[i + 1]!.start : TOP
    const start = lo + (b % (hi - lo))
    const end = start + 1 + (c % (hi - start))
    const e = iv(start, end)
    const m2 = m.slice()
    m2[i] = e
    return [t.replace(old.start, e), m2]
  }
  // An absent key: just past an entry's start (entries are at least 1 long, so no entry starts there
  // unless that entry is 1 long and followed back-to-back; pick the end of the last entry then).
  let key = old.start + 0.5
  if (b % 2 === 0) key = m[m.length - 1]!.end + (b % 7)
  const t2 = t.delete(key)
  expect(t2).toBe(t)
  return [t2, m]
}

const expectSame = (t: BTree<Iv>, m: readonly Iv[]): void => {
  expect(t.size).toBe(m.length)
  const got = contents(t)
  expect(got.length).toBe(m.length)
  for (let i = 0; i < m.length; i++) expect(got[i]).toBe(m[i])
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
    it(`random insert/delete/replace match the model, stay valid and persistent (B = ${B})`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: B === DEFAULT_MAX_NODE_SIZE ? 400 : 250 }), fc.nat(), (ops, seed) => {
          let t = BTree.empty<Iv>(B)
          let m: Iv[] = []
          const versions: Array<[BTree<Iv>, Iv[]]> = [[t, m]]
          for (const op of ops) {
            ;[t, m] = applyOp(t, m, op)
            t.checkValid()
            expectSame(t, m)
            versions.push([t, m])
          }
          // Drain in a random order: exercises merges down to the empty tree.
          for (const e of shuffled(m, seed)) {
            t = t.delete(e.start)
            m = m.filter((x) => x !== e)
            t.checkValid()
            expect(t.size).toBe(m.length)
            versions.push([t, m])
          }
          expect(t.size).toBe(0)
          for (const [v, vm] of versions) expectSame(v, vm)
        }),
        { numRuns: B === DEFAULT_MAX_NODE_SIZE ? 40 : 60 },
      )
    })
  }

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

  it('floor, ceiling and from agree with the model', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_SIZES),
        fc.array(fc.tuple(fc.nat(4), fc.integer({ min: 1, max: 4 })), { maxLength: 200 }),
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
            const expected = m.filter((e) => e.start >= k)
            expect(from.length).toBe(expected.length)
            for (let i = 0; i < from.length; i++) expect(from[i]).toBe(expected[i])
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
        fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 8 })), { maxLength: 60 }),
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
        fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 20 })), { maxLength: 40 }),
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
        fc.array(opArb, { maxLength: 150 }),
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
