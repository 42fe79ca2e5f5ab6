/**
 * The index law suite: what every `IntervalIndex` must do, checked against a
 * plain sorted array with fast-check. Generic over the implementation, so it
 * runs against the B+tree (at several node sizes) and against the
 * Immutable.js reference index (interval-index.test.ts).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Interval, IntervalIndex } from '../../src/internal/interval-index.js'

export interface Iv extends Interval {
  readonly id: number
}

let nextId = 0
const iv = (start: number, end: number): Iv => ({ start, end, id: nextId++ })

/** Addresses stay below TOP, so random keys hit entries and gaps alike. */
const TOP = 2000

/** Up to `count` sorted, disjoint, non-empty pieces inside [lo, hi), chosen by `cuts`. */
const carve = (lo: number, hi: number, cuts: readonly number[]): Iv[] => {
  if (hi - lo < 1) return []
  const points = [...new Set(cuts.map((c) => lo + (c % (hi - lo + 1))))].sort((a, b) => a - b)
  const pieces: Iv[] = []
  for (let i = 0; i + 1 < points.length; i += 2)
    if (points[i]! < points[i + 1]!) pieces.push(iv(points[i]!, points[i + 1]!))
  return pieces
}

type Op = readonly [kind: number, a: number, b: number, cuts: readonly number[]]
const opArb: fc.Arbitrary<Op> = fc.tuple(fc.nat(5), fc.nat(), fc.nat(), fc.array(fc.nat(), { maxLength: 8 }))

/** Applies an op to the index and to the model (a sorted array), keeping the preconditions. */
const step = <I extends IntervalIndex<Iv>>(
  index: I,
  model: Iv[],
  [kind, a, b, cuts]: Op,
): [IntervalIndex<Iv>, Iv[]] => {
  const n = model.length
  const boundsAround = (i: number, j: number): [number, number] => [
    i > 0 ? model[i - 1]!.end : 0,
    j + 1 < n ? model[j + 1]!.start : TOP,
  ]
  if (kind <= 1 || n === 0) {
    // insert into a gap: the gap after entry a % (n + 1) - 1
    const g = a % (n + 1)
    const lo = g > 0 ? model[g - 1]!.end : 0
    const hi = g < n ? model[g]!.start : TOP
    const piece = carve(lo, hi, [b, ...cuts])[0]
    if (piece === undefined) return [index, model]
    return [index.insert(piece), [...model.slice(0, g), piece, ...model.slice(g)]]
  }
  const k = a % n
  switch (kind) {
    case 2: {
      const gone = model[k]!
      return [index.delete(gone.start), model.filter((e) => e !== gone)]
    }
    case 3: {
      const [lo, hi] = boundsAround(k, k)
      const piece = carve(lo, hi, [b, ...cuts])[0] ?? iv(model[k]!.start, model[k]!.end)
      return [index.replace(model[k]!.start, piece), [...model.slice(0, k), piece, ...model.slice(k + 1)]]
    }
    case 4: {
      const [lo, hi] = boundsAround(k, k)
      const pieces = carve(lo, hi, cuts)
      return [index.splice(model[k]!.start, pieces), [...model.slice(0, k), ...pieces, ...model.slice(k + 1)]]
    }
    default: {
      const l = Math.min(n - 1, k + (b % 6))
      const [lo, hi] = boundsAround(k, l)
      const pieces = carve(lo, hi, cuts)
      return [
        index.spliceRange(model[k]!.start, model[l]!.start, pieces),
        [...model.slice(0, k), ...pieces, ...model.slice(l + 1)],
      ]
    }
  }
}

const build = (empty: () => IntervalIndex<Iv>, ops: readonly Op[]): { index: IntervalIndex<Iv>; model: Iv[] } => {
  let index = empty()
  let model: Iv[] = []
  for (const op of ops) [index, model] = step(index, model, op)
  return { index, model }
}

const floorOf = (m: readonly Iv[], key: number) => [...m].reverse().find((e) => e.start <= key)
const firstFitOf = (
  m: readonly Iv[],
  from: number,
  size: number,
  align: number,
  limitEnd: number,
): number | undefined => {
  for (let a = Math.ceil(from / align) * align; a + size <= limitEnd; a += align) {
    if (!m.some((e) => e.start < a + size && a < e.end)) return a
  }
  return undefined
}

/** Registers the law suite for one implementation. */
export const intervalIndexLaws = (name: string, empty: () => IntervalIndex<Iv>): void => {
  const opsArb = fc.array(opArb, { maxLength: 60 })

  describe(`IntervalIndex laws: ${name}`, () => {
    it('updates keep the entries of the model, in order, and the index valid', () => {
      fc.assert(
        fc.property(opsArb, (ops) => {
          let index = empty()
          let model: Iv[] = []
          for (const op of ops) {
            ;[index, model] = step(index, model, op)
            index.checkValid()
            expect(index.size).toBe(model.length)
          }
          expect([...index]).toEqual(model)
        }),
      )
    })

    it('lookups agree with the model: floor, ceiling, first, last, from, fromFloor', () => {
      fc.assert(
        fc.property(opsArb, fc.array(fc.integer({ min: -1, max: TOP + 1 }), { maxLength: 20 }), (ops, keys) => {
          const { index, model } = build(empty, ops)
          expect(index.first()).toBe(model[0])
          expect(index.last()).toBe(model[model.length - 1])
          for (const key of keys) {
            expect(index.floor(key)).toBe(floorOf(model, key))
            expect(index.ceiling(key)).toBe(model.find((e) => e.start >= key))
            expect([...index.from(key)]).toEqual(model.filter((e) => e.start >= key))
            const f = floorOf(model, key)
            expect([...index.fromFloor(key)]).toEqual(f === undefined ? model : model.slice(model.indexOf(f)))
          }
        }),
      )
    })

    it('firstFit is the lowest free aligned start at or above from, inside the limit', () => {
      fc.assert(
        fc.property(
          opsArb,
          fc.nat(TOP),
          fc.integer({ min: 1, max: 300 }),
          fc.constantFrom(1, 2, 16, 64),
          fc.integer({ min: 0, max: TOP + 400 }),
          (ops, from, size, align, limitEnd) => {
            const { index, model } = build(empty, ops)
            const aligned = Math.ceil(size / align) * align
            expect(index.firstFit(from, aligned, align, limitEnd)).toBe(
              firstFitOf(model, from, aligned, align, limitEnd),
            )
          },
        ),
      )
    })

    it('every version stays as it was (persistence)', () => {
      fc.assert(
        fc.property(opsArb, (ops) => {
          let index = empty()
          let model: Iv[] = []
          const versions: [IntervalIndex<Iv>, Iv[]][] = [[index, model]]
          for (const op of ops) {
            ;[index, model] = step(index, model, op)
            versions.push([index, model])
          }
          for (const [v, m] of versions) expect([...v]).toEqual(m)
        }),
      )
    })

    it('delete of a missing start returns the same index; clear empties', () => {
      const index = empty().insert(iv(10, 20))
      expect(index.delete(15)).toBe(index)
      expect(index.clear().size).toBe(0)
      expect([...index.clear()]).toEqual([])
    })

    it('spliceRange refuses bounds that are not entry starts, or reversed', () => {
      const index = empty().insert(iv(10, 20)).insert(iv(30, 40))
      expect(() => index.spliceRange(11, 30, [])).toThrow()
      expect(() => index.spliceRange(30, 10, [])).toThrow()
    })
  })
}
