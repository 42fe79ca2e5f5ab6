/**
 * The law suite of {@link IntervalIndex}: examples for every member and
 * fast-check properties comparing an index with a sorted-array model after
 * every step (with `checkValid()`), persistence, bulk loading, `floor` and
 * `fromFloor`, `spliceRange` (which also deletes and replaces one entry), and
 * `firstFit` against brute force (including addresses near
 * `Number.MAX_SAFE_INTEGER`). Any implementation runs it with a factory, see
 * `btree.test.ts`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Index,
  type Iv,
  MAX_SAFE,
  TOP,
  applyOp,
  bruteFirstFit,
  bruteLastFit,
  contents,
  expectIdentical,
  expectSame,
  holds,
  iv,
  layout,
  misaligned,
  modelFloor,
  modelFromFloor,
  opArb,
  protectPieces,
  referenceFirstFit,
  referenceLastFit,
  shuffled,
  spliceRunOp,
} from './model.js'

/** How a law run builds indexes of one configuration. */
export interface IndexFactory {
  /** Shown in the test names. */
  readonly name: string
  empty(): Index
  /** An index holding `entries` (sorted, non-overlapping). */
  fromSorted(entries: readonly Iv[]): Index
  /** Scales the number of fast-check runs (1 = the full amount). */
  readonly runs?: number
}

/** Registers the law suite for the index built by `factory`. */
export function indexLaws(factory: IndexFactory): void {
  const { empty, fromSorted } = factory
  const runs = (n: number): number => Math.max(10, Math.round(n * (factory.runs ?? 1)))
  /** An index built by successive inserts, in the given order. */
  const inserted = (entries: readonly Iv[]): Index => entries.reduce((x, e) => x.insert(e), empty())
  /** Deletes the entry starting at `s`. */
  const del = (t: Index, s: number): Index => t.spliceRange(s, s, [])

  describe(`IntervalIndex laws: ${factory.name}`, () => {
    it('empty index', () => {
      const t = empty()
      expect(t.size).toBe(0)
      expect(contents(t)).toEqual([])
      expect([...t.fromFloor(0)]).toEqual([])
      expect(t.floor(10)).toBeUndefined()
      expect(() => t.spliceRange(3, 3, [])).toThrow(/no entry/)
      expect(() => t.spliceRange(3, 3, [iv(3, 4)])).toThrow(/no entry/)
      expect(t.firstFit(0, 10, 1, 100)).toBe(0)
      expect(t.firstFit(5, 10, 8, 100)).toBe(8)
      expect(t.firstFit(5, 10, 8, 17)).toBeUndefined()
      expect(t.clear().size).toBe(0)
      t.checkValid()
      expect(fromSorted([]).size).toBe(0)
    })

    it('insert, size, iteration', () => {
      const a = iv(10, 20)
      const b = iv(30, 40)
      const c = iv(0, 5)
      const t = empty().insert(a).insert(b).insert(c)
      t.checkValid()
      expect(t.size).toBe(3)
      expect(contents(t)).toEqual([c, a, b])
      const it = t[Symbol.iterator]()
      expect(it[Symbol.iterator]()).toBe(it)
      expect(it.next()).toEqual({ value: c, done: false })
      expect(() => t.insert(iv(10, 12))).toThrow(/already exists/)
    })

    it('clear gives an empty index that keeps working', () => {
      const t = fromSorted(layout(Array.from({ length: 50 }, () => [1, 1] as const)))
      const c = t.clear()
      expect(c.size).toBe(0)
      expect(t.size).toBe(50)
      const e = iv(5, 6)
      const c2 = c.insert(e)
      c2.checkValid()
      expectSame(c2, [e])
    })

    it('insert many ascending, descending and shuffled', () => {
      const entries = layout(Array.from({ length: 500 }, (_, i) => [i % 3, 1 + (i % 4)] as const))
      for (const order of [entries, entries.slice().reverse(), shuffled(entries, 7)]) {
        const t = inserted(order)
        t.checkValid()
        expectSame(t, entries)
      }
    })

    it('delete (spliceRange of one entry into nothing) down to empty', () => {
      const entries = layout(Array.from({ length: 400 }, (_, i) => [i % 2, 2] as const))
      for (const order of [entries, entries.slice().reverse(), shuffled(entries, 3)]) {
        let t = fromSorted(entries)
        let m = entries.slice()
        for (const e of order) {
          t = del(t, e.start)
          m = m.filter((x) => x !== e)
          t.checkValid()
          expect(t.size).toBe(m.length)
        }
        expectSame(t, [])
        expect(t.floor(1e9)).toBeUndefined()
      }
    })

    it('spliceRange throws for an absent start and changes nothing', () => {
      const small = fromSorted(
        layout([
          [0, 2],
          [1, 2],
          [1, 2],
        ]),
      )
      const deep = fromSorted(layout(Array.from({ length: 100 }, () => [1, 1] as const)))
      for (const t of [small, deep]) {
        const before = contents(t)
        for (const key of [-1, 0.5, 2, 2.5, 1000]) {
          expect(() => t.spliceRange(key, key, [])).toThrow(/no entry/)
          expect(() => t.spliceRange(key, key, [iv(key, key + 1)])).toThrow(/no entry/)
        }
        expectSame(t, before)
      }
    })

    it('replace (spliceRange of one entry into one) keeps summaries right when an entry moves', () => {
      const entries = layout(Array.from({ length: 50 }, () => [4, 4] as const)) // [4,8) [12,16) ...
      let t = fromSorted(entries)
      // Move entry [12, 16) to [9, 10): the gaps around it change from 4/4 to 1/6.
      const e = iv(9, 10)
      t = t.spliceRange(12, 12, [e])
      t.checkValid()
      expect(t.floor(11)).toBe(e)
      expect(t.floor(9)).toBe(e)
      expect(t.floor(8)).toBe(entries[0])
      expect(t.firstFit(0, 6, 1, 1000)).toBe(10)
      // Replace the first and the last entry, moving their bounds outwards.
      const first = iv(0, 8)
      const last = iv(entries[49]!.start - 3, entries[49]!.end + 100)
      t = t.spliceRange(4, 4, [first])
      t = t.spliceRange(entries[49]!.start, entries[49]!.start, [last])
      t.checkValid()
      expect(contents(t)[0]).toBe(first)
      expect(t.floor(1e9)).toBe(last)
      expect(t.firstFit(entries[48]!.end, 1, 1, 1e9)).toBe(entries[48]!.end)
      expect(t.firstFit(entries[48]!.end + 2, 1, 1, 1e9)).toBe(last.end)
    })

    it('floor', () => {
      const entries = layout(Array.from({ length: 100 }, () => [2, 3] as const)) // [2,5) [7,10) ...
      const t = fromSorted(entries)
      expect(t.floor(1)).toBeUndefined()
      expect(t.floor(2)).toBe(entries[0])
      expect(t.floor(6)).toBe(entries[0])
      expect(t.floor(7)).toBe(entries[1])
      expect(t.floor(1e9)).toBe(entries[99])
      for (let i = 0; i < entries.length; i++) {
        expect(t.floor(entries[i]!.start)).toBe(entries[i])
        expect(t.floor(entries[i]!.start - 1)).toBe(entries[i - 1])
      }
    })

    it('iterators are lazy and survive later updates (persistence)', () => {
      const entries = layout(Array.from({ length: 60 }, () => [1, 1] as const))
      const t = fromSorted(entries)
      for (const it of [t[Symbol.iterator](), t.fromFloor(0)]) {
        expect(it.next().value).toBe(entries[0])
        let t2 = t
        for (const e of entries) t2 = del(t2, e.start)
        expect([...it]).toEqual(entries.slice(1))
        expect(t2.size).toBe(0)
      }
    })

    it('fromFloor', () => {
      expect([...empty().fromFloor(3)]).toEqual([])
      const a = iv(10, 20)
      const one = empty().insert(a)
      for (const key of [-Infinity, 0, 10, 15, 20, 1e9]) expectIdentical([...one.fromFloor(key)], [a])
      const entries = layout(Array.from({ length: 100 }, () => [2, 3] as const)) // [2,5) [7,10) ...
      const t = fromSorted(entries)
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
    })

    it('spliceRange of one entry: tiny indexes (one entry to empty, to 3 and 4 pieces)', () => {
      const a = iv(10, 20)
      const one = empty().insert(a)
      expect(() => one.spliceRange(11, 11, [])).toThrow(/no entry/)
      expect(() => one.spliceRange(11, 11, [iv(11, 12), iv(12, 13), iv(14, 15), iv(16, 17)])).toThrow(/no entry/)
      const four = [iv(10, 11), iv(12, 13), iv(14, 15), iv(16, 17)]
      const t4 = one.spliceRange(10, 10, four)
      t4.checkValid()
      expectSame(t4, four)
      const gone = one.spliceRange(10, 10, [])
      gone.checkValid()
      expect(gone.size).toBe(0)
      expectSame(one, [a])
      const three = [iv(10, 12), iv(13, 15), iv(18, 20)]
      const t3 = one.spliceRange(10, 10, three)
      t3.checkValid()
      expectSame(t3, three)
      expect(t3.firstFit(10, 3, 1, 100)).toBe(15)
    })

    it('spliceRange of every entry into 0..3 pieces matches the model (both builds)', () => {
      for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 23, 24, 25, 74, 100]) {
        const entries = layout(Array.from({ length: n }, (_, i) => [1 + (i % 3), 6] as const))
        for (const t of [fromSorted(entries), inserted(shuffled(entries, n))]) {
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
              const t2 = t.spliceRange(s, s, pieces)
              t2.checkValid()
              expect(holds(t2, [...entries.slice(0, i), ...pieces, ...entries.slice(i + 1)])).toBe(true)
            }
          }
          expectSame(t, entries) // persistence
        }
      }
    })

    it('spliceRange: errors and tiny indexes', () => {
      expect(() => empty().spliceRange(1, 2, [])).toThrow(/no entry with start 1/)
      const entries = layout(Array.from({ length: 40 }, () => [2, 6] as const)) // [2,8) [10,16) ...
      const t = fromSorted(entries)
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
      // A small index: everything (to the empty index), a prefix, a suffix, the middle.
      const small = fromSorted(entries.slice(0, 4))
      const gone = small.spliceRange(s[0]!, s[3]!, [])
      gone.checkValid()
      expect(gone.size).toBe(0)
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

    it('spliceRange: many pieces grow an index from one entry, then again over the whole index', () => {
      const BIG = 1e9
      let t = empty().insert(iv(0, BIG))
      const versions: Array<[Index, Iv[]]> = [[t, contents(t)]]
      // One entry into 1000 pieces in one step.
      let m = Array.from({ length: 1000 }, (_, q) => iv(q * 1000, q * 1000 + 500))
      t = t.spliceRange(0, 0, m)
      t.checkValid()
      expectSame(t, m)
      versions.push([t, m])
      // The whole index into every entry cut in two (2000 pieces), then into 1 piece, then into many again.
      for (const next of [
        protectPieces(m),
        [iv(0, BIG)],
        Array.from({ length: 77 }, (_, q) => iv(q * 10, q * 10 + 3)),
      ]) {
        t = t.spliceRange(m[0]!.start, m[m.length - 1]!.start, next)
        m = next
        t.checkValid()
        expectSame(t, m)
        versions.push([t, m])
      }
      for (const [v, vm] of versions) expectSame(v, vm)
    })

    it('firstFit examples', () => {
      // [10,20) [20,30) [40,50) [100,110)
      const t = fromSorted([iv(10, 20), iv(20, 30), iv(40, 50), iv(100, 110)])
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
      const wide = fromSorted(layout(Array.from({ length: 64 }, () => [5, 5] as const)))
      for (const e of wide) {
        expect(wide.firstFit(e.start, 5, 1, e.end + 5)).toBe(e.end)
        expect(wide.firstFit(e.start, 5, 1, e.end + 4)).toBeUndefined()
      }
    })

    it('firstFit near Number.MAX_SAFE_INTEGER never overflows', () => {
      const hi = MAX_SAFE
      const t = fromSorted([iv(hi - 100, hi - 50), iv(hi - 20, hi - 10)])
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
      expect(empty().firstFit(hi - 2, 1, 2, hi)).toBe(hi - 1)
      expect(empty().firstFit(hi - 2, 2, 2, hi)).toBeUndefined()
      expect(empty().firstFit(hi - 2, 1, 4, hi)).toBeUndefined()
    })

    it('firstFit is not fooled by gaps that fit size but not alignment', () => {
      // Gaps of 9 between entries of length 7 (period 16, offset 1): a 9-byte block
      // aligned to 16 never fits inside, only after the last entry.
      const entries = layout(Array.from({ length: 200 }, (_, i) => [i === 0 ? 1 : 9, 7] as const))
      const t = fromSorted(entries)
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
      const t = fromSorted(entries)
      const end = entries[entries.length - 1]!.end
      expect(t.firstFit(0, 0x10000, 0x1000, MAX_SAFE)).toBe(0)
      expect(t.firstFit(1, 0x10000, 0x1000, MAX_SAFE)).toBe(Math.ceil(end / 0x1000) * 0x1000)
      expect(t.firstFit(1, 0x10000, 0x1000, end)).toBeUndefined()
      expect(t.firstFit(1, 2, 1, MAX_SAFE)).toBe(1)
      expect(t.firstFit(0x10000, 1, 1, MAX_SAFE)).toBe(entries[1]!.start - 1)
      expect(t.firstFit(0x10000, 2, 1, MAX_SAFE)).toBe(entries[2]!.start - 2)
      expect(t.firstFit(0x10000, 3, 1, MAX_SAFE)).toBe(end)
    })

    it('lastFit examples', () => {
      // [10,20) [20,30) [40,50) [100,110)
      const t = fromSorted([iv(10, 20), iv(20, 30), iv(40, 50), iv(100, 110)])
      expect(t.lastFit(0, 10, 1, 1000)).toBe(990)
      expect(t.lastFit(0, 10, 1, 110)).toBe(90)
      expect(t.lastFit(0, 10, 16, 110)).toBe(80)
      expect(t.lastFit(0, 51, 1, 110)).toBeUndefined() // the gap [50, 100) is 50 long
      expect(t.lastFit(0, 50, 1, 110)).toBe(50)
      expect(t.lastFit(0, 50, 2, 110)).toBe(50)
      expect(t.lastFit(0, 50, 4, 110)).toBeUndefined() // 52 + 50 > 100; [0, 10) and [30, 40) are too small
      expect(t.lastFit(0, 10, 1, 50)).toBe(30)
      expect(t.lastFit(0, 10, 16, 50)).toBe(0)
      expect(t.lastFit(1, 10, 16, 50)).toBeUndefined()
      expect(t.lastFit(0, 10, 1, 39)).toBe(0)
      expect(t.lastFit(1, 10, 1, 39)).toBeUndefined()
      expect(t.lastFit(0, 5, 1, 45)).toBe(35)
      expect(t.lastFit(36, 5, 1, 45)).toBeUndefined()
      expect(t.lastFit(0, 1, 1, 0)).toBeUndefined()
      expect(t.lastFit(10, 1, 1, 20)).toBeUndefined() // inside [10, 20)
      expect(t.lastFit(110, 1, 1, 111)).toBe(110)
      expect(t.lastFit(2 ** 40, 10, 2 ** 20, 2 ** 41)).toBe(2 ** 41 - 2 ** 20)
      // A block that starts exactly at lowest, in a gap inside a leaf and in one between leaves.
      const wide = fromSorted(layout(Array.from({ length: 64 }, () => [5, 5] as const)))
      const wideEnd = contents(wide)[63]!.end
      for (const e of wide) {
        expect(wide.lastFit(e.end, 5, 1, e.end + 5)).toBe(e.end)
        // Squeezed between e and the next entry, or (after the last) in the unbounded gap.
        expect(wide.lastFit(e.end + 1, 5, 1, e.end + 9)).toBe(e.end === wideEnd ? e.end + 4 : undefined)
      }
      expect(empty().lastFit(0, 10, 8, 100)).toBe(88)
      expect(empty().lastFit(89, 10, 8, 100)).toBeUndefined()
    })

    it('lastFit near Number.MAX_SAFE_INTEGER never overflows', () => {
      const hi = MAX_SAFE
      const t = fromSorted([iv(hi - 100, hi - 50), iv(hi - 20, hi - 10)])
      expect(t.lastFit(0, 10, 1, hi)).toBe(hi - 10)
      expect(t.lastFit(0, 11, 1, hi)).toBe(hi - 31)
      expect(t.lastFit(hi - 100, 30, 1, hi)).toBe(hi - 50)
      expect(t.lastFit(hi - 100, 31, 1, hi)).toBeUndefined()
      expect(t.lastFit(hi - 9, 10, 1, hi)).toBeUndefined()
      // 2^52 is the only multiple of 2^52 in [1, MAX_SAFE).
      expect(t.lastFit(0, 1, 2 ** 52, hi)).toBe(2 ** 52)
      expect(t.lastFit(2 ** 52 + 1, 1, 2 ** 52, hi)).toBeUndefined()
      expect(t.lastFit(0, 2 ** 52, 2 ** 52, hi)).toBe(0)
      expect(t.lastFit(hi - 30, 1, 16, hi)).toBeUndefined() // hi - 15 is inside [hi - 20, hi - 10)
      expect(t.lastFit(hi - 60, 1, 16, hi)).toBe(hi - 31)
      expect(empty().lastFit(0, 1, 2, hi)).toBe(hi - 1)
      expect(empty().lastFit(0, 2, 2, hi)).toBe(hi - 3)
    })

    it('firstFit and lastFit see through the misaligned layout (gaps large enough, none aligned)', () => {
      const P = 0x1000
      const entries = misaligned(5000, P)
      const t = fromSorted(entries)
      const end = entries[entries.length - 1]!.end
      expect(t.firstFit(0, 2 * P, 2 * P, MAX_SAFE)).toBe(end + P) // end is an odd page
      expect(t.firstFit(0, 2 * P, P, MAX_SAFE)).toBe(entries[0]!.end)
      expect(t.firstFit(0, 2 * P, 2 * P, end + P)).toBeUndefined()
      expect(t.lastFit(0, 2 * P, 2 * P, entries[entries.length - 1]!.start)).toBeUndefined()
      expect(t.lastFit(0, 2 * P, P, entries[entries.length - 1]!.start)).toBe(entries[entries.length - 2]!.end)
      expect(t.lastFit(0, P, 2 * P, entries[entries.length - 1]!.start)).toBe(entries[entries.length - 2]!.end + P)
      // One aligned gap, deep inside: both searches find it, from either side.
      const k = 3217
      const hole = entries[k]!
      const t2 = t.spliceRange(hole.start, hole.start, [iv(hole.start, hole.start + P)])
      // The gap after the cut entry is [hole.start + P, hole.start + 4 * P): 3 pages from an odd one.
      expect(t2.firstFit(0, 2 * P, 2 * P, MAX_SAFE)).toBe(hole.start + P)
      expect(t2.lastFit(0, 2 * P, 2 * P, entries[entries.length - 1]!.start)).toBe(hole.start + P)
      t2.checkValid()
      t.checkValid()
    })

    // -------------------------------------------------------------------------
    // Properties
    // -------------------------------------------------------------------------

    it('random insert/delete/replace/splice/spliceRange/fromFloor match the model, stay valid and persistent', () => {
      fc.assert(
        // size 'max': without it, fast-check generates arrays of at most ~10
        // operations whatever maxLength is, too few to build a multi-level tree.
        fc.property(fc.array(opArb, { maxLength: 300, size: 'max' }), fc.nat(), (ops, seed) => {
          let t = empty()
          let m: Iv[] = []
          const versions: Array<[Index, Iv[]]> = [[t, m]]
          for (const op of ops) {
            ;[t, m] = applyOp(t, m, op)
            t.checkValid()
            expect(holds(t, m)).toBe(true)
            versions.push([t, m])
          }
          // Drain in a random order: exercises merges down to the empty index.
          for (const e of shuffled(m, seed)) {
            t = del(t, e.start)
            m = m.filter((x) => x !== e)
            t.checkValid()
            expect(t.size).toBe(m.length)
            versions.push([t, m])
          }
          expect(t.size).toBe(0)
          for (const [v, vm] of versions) expect(holds(v, vm)).toBe(true)
        }),
        { numRuns: runs(50) },
      )
    })

    it('spliceRange over random runs of big indexes matches the model, stays valid and persistent', () => {
      fc.assert(
        fc.property(
          fc.noBias(fc.integer({ min: 1, max: 2500 })), // without noBias, mostly tiny indexes
          fc.boolean(),
          fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(), fc.nat()), {
            minLength: 1,
            maxLength: 16,
            size: 'max',
          }),
          (n, bulk, steps) => {
            const entries = layout(Array.from({ length: n }, (_, i) => [1 + (i % 4), 3 + (i % 5)] as const))
            let t = bulk ? fromSorted(entries) : inserted(entries)
            let m = entries
            const versions: Array<[Index, Iv[]]> = [[t, m]]
            for (const [at, b, c] of steps) {
              if (m.length === 0) break
              // Runs of up to 16 entries, up to 1/8 of the index, or up to all of it.
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
        { numRuns: runs(60) },
      )
    })

    it('fromSorted builds valid indexes of every size 0..300 that keep working', () => {
      for (let n = 0; n <= 300; n++) {
        const entries = layout(Array.from({ length: n }, (_, i) => [(i * 7) % 3, 1 + (i % 5)] as const))
        const t = fromSorted(entries)
        t.checkValid()
        expectSame(t, entries)
        if (n > 0) {
          const t2 = del(t, entries[n >> 1]!.start).insert(iv(entries[n - 1]!.end + 1, entries[n - 1]!.end + 2))
          t2.checkValid()
          expect(t2.size).toBe(n)
        }
      }
    })

    it('floor and fromFloor agree with the model', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(4), fc.integer({ min: 1, max: 4 })), { maxLength: 200, size: 'max' }),
          fc.array(fc.integer({ min: -5, max: 1200 }), { minLength: 1, maxLength: 30 }),
          fc.boolean(),
          (pairs, keys, bulk) => {
            const m = layout(pairs)
            const t = bulk ? fromSorted(m) : inserted(shuffled(m, pairs.length))
            expectIdentical([...t], m)
            for (const k of keys) {
              expect(t.floor(k)).toBe(modelFloor(m, k))
              expectIdentical([...t.fromFloor(k)], modelFromFloor(m, k))
            }
          },
        ),
        { numRuns: runs(50) },
      )
    })

    it('firstFit agrees with brute force (addresses < 200)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 8 })), { maxLength: 60, size: 'max' }),
          fc.integer({ min: 0, max: 220 }),
          fc.integer({ min: 1, max: 64 }),
          fc.constantFrom(1, 2, 4, 8, 16),
          fc.integer({ min: 0, max: 260 }),
          (pairs, from, size, align, limitEnd) => {
            const m = layout(pairs).filter((e) => e.end <= 200)
            const t = fromSorted(m)
            expect(t.firstFit(from, size, align, limitEnd)).toBe(bruteFirstFit(m, from, size, align, limitEnd))
          },
        ),
        { numRuns: runs(600) },
      )
    })

    it('firstFit and lastFit agree with exact references near Number.MAX_SAFE_INTEGER and at large alignments', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(MAX_SAFE - 400, 2 ** 52 - 200, 2 ** 32 - 100, 0),
          fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 20 })), { maxLength: 40, size: 'max' }),
          fc.integer({ min: 0, max: 52 }),
          fc.integer({ min: -50, max: 450 }),
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: -50, max: 450 }),
          fc.boolean(),
          (base, pairs, alignLog, fromOff, size, limitOff, fromZero) => {
            const m = layout(pairs, base).filter((e) => e.end <= MAX_SAFE)
            const t = fromSorted(m)
            const clamp = (x: number) => Math.max(0, Math.min(MAX_SAFE, x))
            const from = fromZero ? 0 : clamp(base + fromOff)
            const limitEnd = clamp(base + limitOff)
            const align = 2 ** alignLog
            const got = t.firstFit(from, size, align, limitEnd)
            expect(got).toBe(referenceFirstFit(m, from, size, align, limitEnd))
            // The same bounds read as lowest / ceilingEnd for the top-down search.
            const top = t.lastFit(from, size, align, limitEnd)
            expect(top).toBe(referenceLastFit(m, from, size, align, limitEnd))
            for (const r of [got, top]) {
              if (r === undefined) continue
              expect(Number.isSafeInteger(r)).toBe(true)
              expect(r).toBeGreaterThanOrEqual(from)
              expect(r + size).toBeLessThanOrEqual(limitEnd)
            }
            t.checkValid()
          },
        ),
        { numRuns: runs(600) },
      )
    })

    /**
     * Layouts for the free-area searches: random gaps and lengths, or the
     * misaligned layout with a few entries cut short (so a few gaps do fit).
     */
    const fitLayout = fc.oneof(
      fc
        .array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 8 })), { maxLength: 60, size: 'max' })
        .map((pairs) => layout(pairs)),
      fc
        .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(1, 2, 4), fc.array(fc.nat(11), { maxLength: 3 }))
        .map(([n, unit, cuts]) =>
          misaligned(n, unit).map((e, i) => (cuts.includes(i) && unit > 1 ? iv(e.start, e.start + unit / 2) : e)),
        ),
    )

    it('firstFit and lastFit agree with brute force (addresses < 200, plain and misaligned layouts)', () => {
      fc.assert(
        fc.property(
          fitLayout,
          fc.integer({ min: 0, max: 220 }),
          fc.integer({ min: 1, max: 64 }),
          fc.constantFrom(1, 2, 4, 8, 16),
          fc.integer({ min: 0, max: 260 }),
          fc.boolean(),
          (all, from, size, align, limitEnd, bulk) => {
            const m = all.filter((e) => e.end <= 200)
            const t = bulk ? fromSorted(m) : inserted(shuffled(m, size))
            expect(t.firstFit(from, size, align, limitEnd)).toBe(bruteFirstFit(m, from, size, align, limitEnd))
            expect(t.lastFit(from, size, align, limitEnd)).toBe(bruteLastFit(m, from, size, align, limitEnd))
            t.checkValid() // with the memos the searches filled
          },
        ),
        { numRuns: runs(800) },
      )
    })

    it('firstFit and lastFit agree with the exact references on every version of random updates (memos stay exact)', () => {
      fc.assert(
        fc.property(
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
          (ops, queries) => {
            let t = empty()
            let m: Iv[] = []
            // Query every few versions, so that later versions share nodes
            // whose memos were filled by queries on earlier ones.
            ops.forEach((op, step) => {
              ;[t, m] = applyOp(t, m, op)
              if (step % 10 !== 0) return
              for (const [from, size, align, limitEnd] of queries) {
                expect(t.firstFit(from, size, align, limitEnd)).toBe(referenceFirstFit(m, from, size, align, limitEnd))
                expect(t.lastFit(from, size, align, limitEnd)).toBe(referenceLastFit(m, from, size, align, limitEnd))
              }
              t.checkValid()
            })
          },
        ),
        { numRuns: runs(60) },
      )
    })
  })
}
