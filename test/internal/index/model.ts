/**
 * Shared test support for every {@link IntervalIndex}: entries, layouts, a
 * sorted-array model with random operations applied to both, and reference
 * first-fit searches. Used by the index law suite (`laws.ts`) and by the
 * structural tests of each implementation.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import type { IntervalIndex } from '../../../src/internal/index/interval-index.js'

export interface Iv {
  readonly start: number
  readonly end: number
  /** Distinguishes entries with equal bounds, to check that the right object is stored. */
  readonly tag: number
}

/** An index of test entries. */
export type Index = IntervalIndex<Iv>

let nextTag = 0
export const iv = (start: number, end: number): Iv => ({ start, end, tag: nextTag++ })

export const MAX_SAFE = Number.MAX_SAFE_INTEGER
/** Back-to-back-ish sorted entries: `pairs` of (gap before, length), starting at `base`. */
export const layout = (pairs: ReadonlyArray<readonly [number, number]>, base = 0): Iv[] => {
  const out: Iv[] = []
  let at = base
  for (const [gap, len] of pairs) {
    at += gap
    out.push(iv(at, at + len))
    at += len
  }
  return out
}

export const contents = (t: Index): Iv[] => [...t]

/** Same objects in the same order (one `expect` when they are: this runs in hot loops). */
export const expectIdentical = (got: readonly Iv[], expected: readonly Iv[]): void => {
  if (got.length === expected.length && got.every((e, i) => e === expected[i])) return
  expect(got).toEqual(expected) // fails (or, for equal but distinct objects, names them)
  expect.fail('same bounds but different entry objects')
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

export const modelFloor = (m: readonly Iv[], key: number): Iv | undefined => {
  let r: Iv | undefined
  for (const e of m) if (e.start <= key) r = e
  return r
}
/** What `fromFloor(key)` yields: from the floor entry of `key`, or from the first entry. */
export const modelFromFloor = (m: readonly Iv[], key: number): Iv[] => {
  let i = 0
  while (i + 1 < m.length && m[i + 1]!.start <= key) i++
  return m.slice(i)
}

/** Free gaps of a model, as [lo, hi) with hi = `top` for the last one (if top > last end). */
export const modelGaps = (m: readonly Iv[], top: number): Array<[number, number]> => {
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
export type Op = readonly [kind: number, a: number, b: number, c: number]
export const opArb: fc.Arbitrary<Op> = fc.tuple(fc.nat(99), fc.nat(), fc.nat(), fc.nat())
export const TOP = 100_000

/**
 * Up to `k` sorted, non-overlapping (possibly touching) non-empty pieces of
 * `[lo, hi)`, from a deterministic pseudo-random `seed`: the ends of 2k sorted
 * random cut points in `[lo, hi]`, taken in pairs, dropping empty pairs.
 */
export const carve = (lo: number, hi: number, k: number, seed: number): Iv[] => {
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
export const pieceCount = (x: number, many: readonly number[]): number => (x % 16 < 12 ? x % 4 : many[x % many.length]!)

/** Every entry of `run` cut in two where it is long enough, else copied (as `protect` re-flags a run). */
export const protectPieces = (run: readonly Iv[]): Iv[] =>
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
export const spliceRunOp = (
  t: Index,
  m: readonly Iv[],
  i: number,
  j: number,
  c: number,
  many: readonly number[] = [4, 9, 30, 120],
): [Index, Iv[]] => {
  const inside = (c >>> 8) % 2 === 0
  const lo = inside ? m[i]!.start : i > 0 ? m[i - 1]!.end : 0
  const hi = inside ? m[j]!.end : j + 1 < m.length ? m[j + 1]!.start : TOP
  const pieces = (c >>> 20) % 8 === 0 ? protectPieces(m.slice(i, j + 1)) : carve(lo, hi, pieceCount(c >>> 9, many), c)
  const m2 = [...m.slice(0, i), ...pieces, ...m.slice(j + 1)]
  return [t.spliceRange(m[i]!.start, m[j]!.start, pieces), m2]
}

/**
 * Applies `op` to both the index and the model. Kinds: < 40 insert into a
 * random free gap (if there is one; splices can fill `[0, TOP)`), < 52
 * delete a random entry (`spliceRange(s, s, [])`), < 60 replace a random
 * entry by one that moves within its neighbours (`spliceRange(s, s, [e])`),
 * < 75 splice a random entry into 0..3 pieces carved inside it (as `protect`
 * or `unmap` do) or inside the space between its neighbours, < 86
 * `spliceRange` over a random run of entries into 0..120 pieces (see
 * {@link spliceRunOp}), < 93 check `fromFloor` at a random key (no change),
 * otherwise splice at an absent key (must throw and change nothing).
 */
export const applyOp = (t: Index, m: Iv[], [kind, a, b, c]: Op): [Index, Iv[]] => {
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
    return [t.spliceRange(old.start, old.start, []), m2]
  }
  if (kind < 60) {
    const lo = i > 0 ? m[i - 1]!.end : 0
    const hi = i + 1 < m.length ? m[i + 1]!.start : TOP
    const start = lo + (b % (hi - lo))
    const end = start + 1 + (c % (hi - start))
    const e = iv(start, end)
    const m2 = m.slice()
    m2[i] = e
    return [t.spliceRange(old.start, old.start, [e]), m2]
  }
  if (kind < 75) {
    const inside = b % 2 === 0
    const lo = inside ? old.start : i > 0 ? m[i - 1]!.end : 0
    const hi = inside ? old.end : i + 1 < m.length ? m[i + 1]!.start : TOP
    const pieces = carve(lo, hi, (b >>> 1) % 4, c)
    const m2 = m.slice()
    m2.splice(i, 1, ...pieces)
    return [t.spliceRange(old.start, old.start, pieces), m2]
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
  expect(() => t.spliceRange(key, key, [])).toThrow(/no entry/)
  return [t, m]
}

/** Whether `t` holds exactly the objects of `m` (one `expect` instead of one per entry, for hot loops). */
export const holds = (t: Index, m: readonly Iv[]): boolean => {
  if (t.size !== m.length) return false
  let i = 0
  for (const e of t) if (e !== m[i++]) return false
  return i === m.length
}

export const expectSame = (t: Index, m: readonly Iv[]): void => {
  expect(t.size).toBe(m.length)
  const got = contents(t)
  expect(got.length).toBe(m.length)
  for (let i = 0; i < m.length; i++) expect(got[i]).toBe(m[i])
}

/** Deterministic shuffle (for draining an index in a random order). */
export const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
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
// Reference free-area searches
// ---------------------------------------------------------------------------

/** Brute force over every candidate address (small address spaces only). */
export const bruteFirstFit = (m: readonly Iv[], from: number, size: number, align: number, limitEnd: number) => {
  for (let a = Math.ceil(from / align) * align; a + size <= limitEnd; a += align) {
    if (m.every((e) => e.end <= a || e.start >= a + size)) return a
  }
  return undefined
}

/** The gaps of `m` in BigInt, in address order; the last one (after the last entry) is unbounded. */
const bigGaps = (m: readonly Iv[]): Array<[bigint, bigint | undefined]> => {
  let lo = 0n
  const gaps: Array<[bigint, bigint | undefined]> = []
  for (const e of m) {
    gaps.push([lo, BigInt(e.start)])
    lo = BigInt(e.end)
  }
  gaps.push([lo, undefined])
  return gaps
}

/**
 * Exact reference over the gaps, in BigInt (so nothing can round or wrap):
 * the first gap whose aligned candidate fits below both the gap end and
 * `limitEnd`.
 */
export const referenceFirstFit = (m: readonly Iv[], from: number, size: number, align: number, limitEnd: number) => {
  const A = BigInt(align)
  const S = BigInt(size)
  const L = BigInt(limitEnd)
  const F = BigInt(from)
  const gaps = bigGaps(m)
  for (const [glo, ghi] of gaps) {
    const x = glo > F ? glo : F
    const a = ((x + A - 1n) / A) * A
    if (a + S <= L && (ghi === undefined || a + S <= ghi)) return Number(a)
  }
  return undefined
}

/** Brute force for `lastFit`: every candidate address from the top down (small address spaces only). */
export const bruteLastFit = (m: readonly Iv[], lowest: number, size: number, align: number, ceilingEnd: number) => {
  for (let a = Math.floor((ceilingEnd - size) / align) * align; a >= lowest; a -= align) {
    if (m.every((e) => e.end <= a || e.start >= a + size)) return a
  }
  return undefined
}

/**
 * Exact reference for `lastFit`, in BigInt: the highest gap (the one after
 * the last entry is unbounded) whose highest aligned candidate below both the
 * gap end and `ceilingEnd` lies in the gap and at or above `lowest`.
 */
export const referenceLastFit = (m: readonly Iv[], lowest: number, size: number, align: number, ceilingEnd: number) => {
  const A = BigInt(align)
  const S = BigInt(size)
  const C = BigInt(ceilingEnd)
  const L = BigInt(lowest)
  const gaps = bigGaps(m)
  for (const [glo, ghi] of gaps.reverse()) {
    const y = ghi === undefined || ghi > C ? C - S : ghi - S
    if (y < 0n) continue
    const a = (y / A) * A
    if (a >= glo && a >= L) return Number(a)
  }
  return undefined
}

/**
 * The adversarial layout for aligned searches: `n` entries of `2 * unit`
 * starting at odd multiples of `unit` (period `4 * unit`), so every gap is
 * `2 * unit` long, as large as a `2 * unit` request, but starts `unit` past a
 * multiple of `2 * unit`: no gap holds a `2 * unit` block aligned to `2 * unit`.
 * A search pruned by `maxGap` alone visits every gap.
 */
export const misaligned = (n: number, unit: number, base = 0): Iv[] =>
  Array.from({ length: n }, (_, i) => iv(base + (4 * i + 1) * unit, base + (4 * i + 3) * unit))
