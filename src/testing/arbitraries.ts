/**
 * fast-check arbitraries for addresses, ranges, areas, operations and whole
 * sets, in a small page-aligned address space where random operations
 * collide often.
 *
 * @packageDocumentation
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Addr, AddrRange } from '../address.js'
import { MemoryArea } from '../area.js'
import type { MappingBackend } from '../backend.js'
import type { MappingError } from '../error.js'
import { MemorySet } from '../memory-set.js'
import { hex } from '../internal/numbers.js'

/**
 * The address space the arbitraries draw from: `pages` pages of `pageSize`
 * bytes starting at `base`. Small spaces make operations collide.
 *
 * @since 0.2.0
 * @category testing
 */
export interface Space {
  /** Bytes per page (default 4096). */
  readonly pageSize?: number
  /** Pages in the space (default 64). */
  readonly pages?: number
  /** First address (default 0); a multiple of `pageSize`. */
  readonly base?: Addr
}

const resolve = (space: Space = {}) => ({
  pageSize: space.pageSize ?? 4096,
  pages: space.pages ?? 64,
  base: space.base ?? 0,
})

/**
 * Page-aligned addresses in `[base, base + pages * pageSize]` (both ends included).
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { addrArb } from 'memory-set/testing'
 * fc.sample(addrArb({ pages: 4 }), 3) // e.g. [0x2000, 0x0, 0x4000]
 * ```
 * @since 0.2.0
 * @category testing
 */
export const addrArb = (space?: Space): fc.Arbitrary<Addr> => {
  const { pageSize, pages, base } = resolve(space)
  return fc.integer({ min: 0, max: pages }).map((page) => base + page * pageSize)
}

/**
 * Non-empty page-aligned ranges inside the space, at most `maxPages` long (default 8).
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { rangeArb } from 'memory-set/testing'
 * fc.assert(fc.property(rangeArb(), (r) => r.start < r.end))
 * ```
 * @since 0.2.0
 * @category testing
 */
export const rangeArb = (space?: Space & { readonly maxPages?: number }): fc.Arbitrary<AddrRange> => {
  const { pageSize, pages, base } = resolve(space)
  const maxPages = Math.max(1, Math.min(space?.maxPages ?? 8, pages))
  return (
    fc
      // A range that would run past the end is moved down to end there.
      .record({ page: fc.integer({ min: 0, max: pages }), length: fc.integer({ min: 1, max: maxPages }) })
      .map(({ page, length }) => {
        const first = Math.min(page, pages - length)
        return { start: base + first * pageSize, end: base + (first + length) * pageSize }
      })
  )
}

/**
 * Areas over {@link rangeArb} ranges with flags from `flags`, all with `backend`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { noopBackend } from 'memory-set'
 * import { areaArb } from 'memory-set/testing'
 * const areas = areaArb(fc.constantFrom('r', 'rw'), noopBackend<string>())
 * fc.assert(fc.property(areas, (a) => a.size > 0))
 * ```
 * @since 0.2.0
 * @category testing
 */
export const areaArb = <F, PT>(
  flags: fc.Arbitrary<F>,
  backend: MappingBackend<F, PT>,
  space?: Space & { readonly maxPages?: number },
): fc.Arbitrary<MemoryArea<F, PT>> =>
  fc.tuple(rangeArb(space), flags).map(([r, f]) => new MemoryArea(r.start, r.end - r.start, f, backend))

/**
 * One `MemorySet` operation as data (byte addresses), so sequences of them
 * can be generated, shrunk, printed ({@link opToString}) and applied
 * ({@link applyOp}).
 *
 * @since 0.2.0
 * @category testing
 */
export type Op<F> =
  | {
      readonly kind: 'map'
      readonly start: Addr
      readonly size: number
      readonly flags: F
      readonly unmapOverlap: boolean
    }
  | { readonly kind: 'unmap'; readonly start: Addr; readonly size: number }
  | { readonly kind: 'protect'; readonly start: Addr; readonly size: number; readonly flags: F }
  | { readonly kind: 'clear' }

/**
 * Random operations inside the space: mostly maps (with and without
 * `unmapOverlap`), unmaps and protects of up to 8 pages, now and then a clear.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { opArb } from 'memory-set/testing'
 * fc.sample(opArb(fc.nat(7), { pages: 16 }), 2)
 * ```
 * @since 0.2.0
 * @category testing
 */
export const opArb = <F>(
  flags: fc.Arbitrary<F>,
  space?: Space & { readonly maxPages?: number },
): fc.Arbitrary<Op<F>> => {
  const range = rangeArb(space).map((r) => ({ start: r.start, size: r.end - r.start }))
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(range, flags, fc.boolean())
        .map(([r, f, unmapOverlap]): Op<F> => ({ kind: 'map', ...r, flags: f, unmapOverlap })),
    },
    { weight: 3, arbitrary: range.map((r): Op<F> => ({ kind: 'unmap', ...r })) },
    { weight: 3, arbitrary: fc.tuple(range, flags).map(([r, f]): Op<F> => ({ kind: 'protect', ...r, flags: f })) },
    { weight: 1, arbitrary: fc.constant<Op<F>>({ kind: 'clear' }) },
  )
}

/**
 * Arrays of up to `maxLength` (default 30) {@link opArb} operations, long
 * ones as likely as short ones.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { opsArb } from 'memory-set/testing'
 * fc.sample(opsArb(fc.nat(3), { maxLength: 5 }), 1)
 * ```
 * @since 0.2.0
 * @category testing
 */
export const opsArb = <F>(
  flags: fc.Arbitrary<F>,
  options?: Space & { readonly maxPages?: number; readonly maxLength?: number },
): fc.Arbitrary<Op<F>[]> => fc.array(opArb(flags, options), { maxLength: options?.maxLength ?? 30, size: 'max' })

/**
 * `op` as a call, with hex addresses: `map(0x1000, 0x2000, 5, false)`.
 *
 * @example
 * ```ts
 * import { opToString } from 'memory-set/testing'
 * opToString({ kind: 'unmap', start: 0x1000, size: 0x1000 }) // 'unmap(0x1000, 0x1000)'
 * ```
 * @since 0.2.0
 * @category testing
 */
export const opToString = <F>(op: Op<F>): string => {
  switch (op.kind) {
    case 'map':
      return `map(${hex(op.start)}, ${hex(op.size)}, ${fc.stringify(op.flags)}, ${String(op.unmapOverlap)})`
    case 'unmap':
      return `unmap(${hex(op.start)}, ${hex(op.size)})`
    case 'protect':
      return `protect(${hex(op.start)}, ${hex(op.size)}, ${fc.stringify(op.flags)})`
    case 'clear':
      return 'clear()'
  }
}

/**
 * Applies `op` to a `(set, pageTable)` state: `map` maps a new area with
 * `backend`, `protect` gives every overlapped area the op's flags.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { MemorySet, noopBackend } from 'memory-set'
 * import { applyOp } from 'memory-set/testing'
 * const step = applyOp({ kind: 'map', start: 0, size: 0x1000, flags: 'r', unmapOverlap: false }, noopBackend<string>())
 * E.isRight(step([MemorySet.empty<string, null>(), null])) // true
 * ```
 * @since 0.2.0
 * @category testing
 */
export const applyOp =
  <F, PT>(op: Op<F>, backend: MappingBackend<F, PT>) =>
  ([set, pageTable]: readonly [MemorySet<F, PT>, PT]): E.Either<MappingError, readonly [MemorySet<F, PT>, PT]> => {
    switch (op.kind) {
      case 'map':
        return set.map(new MemoryArea(op.start, op.size, op.flags, backend), pageTable, op.unmapOverlap)
      case 'unmap':
        return set.unmap(op.start, op.size, pageTable)
      case 'protect':
        return set.protect(op.start, op.size, () => O.some(op.flags), pageTable)
      case 'clear':
        return set.clear(pageTable)
    }
  }

/**
 * Whole sets of up to `maxAreas` (default 20) disjoint areas in the space,
 * built with `MemorySet.fromAreas` (no backend calls: use it with a backend
 * that keeps no page table, like `noopBackend`; for a coherent
 * `(set, pageTable)` pair use {@link stateArb}).
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { noopBackend } from 'memory-set'
 * import { setArb } from 'memory-set/testing'
 * fc.assert(fc.property(setArb(fc.nat(3), noopBackend<number>()), (set) => set.size <= 20))
 * ```
 * @since 0.2.0
 * @category testing
 */
export const setArb = <F, PT>(
  flags: fc.Arbitrary<F>,
  backend: MappingBackend<F, PT>,
  options?: Space & { readonly maxAreas?: number },
): fc.Arbitrary<MemorySet<F, PT>> => {
  const { pageSize, pages, base } = resolve(options)
  const maxAreas = Math.min(options?.maxAreas ?? 20, Math.floor(pages / 2))
  // 2k distinct page boundaries, sorted, pair up into k disjoint areas.
  return fc
    .uniqueArray(fc.integer({ min: 0, max: pages }), { maxLength: 2 * maxAreas, size: 'max' })
    .chain((bounds) => {
      const sorted = [...bounds].sort((a, b) => a - b)
      const ranges: [number, number][] = []
      for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([sorted[i]!, sorted[i + 1]!])
      return fc
        .array(flags, { minLength: ranges.length, maxLength: ranges.length })
        .map((fs) =>
          ranges.map(
            ([from, to], i) => new MemoryArea(base + from * pageSize, (to - from) * pageSize, fs[i]!, backend),
          ),
        )
    })
    .map((areas) => {
      const set = MemorySet.fromAreas(areas)
      // The areas are disjoint and non-empty by construction.
      if (E.isLeft(set)) throw new Error(`setArb: ${set.left.message}`)
      return set.right
    })
}

/**
 * Coherent `(set, pageTable)` states: the result of random operations
 * ({@link opsArb}) applied from the empty set and `emptyPageTable` through
 * `backend` (operations that return `Left` are skipped).
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { emptyPageTable, pageTableBackend } from 'memory-set'
 * import { stateArb } from 'memory-set/testing'
 * const states = stateArb(fc.nat(3), pageTableBackend<number>(), emptyPageTable<number>())
 * fc.assert(fc.property(states, ([set, pt]) => pt.size >= set.size))
 * ```
 * @since 0.2.0
 * @category testing
 */
export const stateArb = <F, PT>(
  flags: fc.Arbitrary<F>,
  backend: MappingBackend<F, PT>,
  emptyPageTable: PT,
  options?: Space & { readonly maxPages?: number; readonly maxLength?: number },
): fc.Arbitrary<readonly [MemorySet<F, PT>, PT]> =>
  opsArb(flags, options).map((ops) =>
    ops.reduce<readonly [MemorySet<F, PT>, PT]>(
      (state, op) => E.getOrElse(() => state)(applyOp(op, backend)(state)),
      [MemorySet.empty<F, PT>(), emptyPageTable],
    ),
  )
