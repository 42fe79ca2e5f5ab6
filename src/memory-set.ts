/**
 * `MemorySet`: a persistent, sorted collection of non-overlapping memory areas.
 *
 * Every operation plans its change against the persistent index, runs the
 * backend effects in order on the page-table value, and builds the new set
 * only if every effect succeeded. Nothing is ever mutated, so "all or
 * nothing" needs no rollback: on failure the caller still holds the old set
 * and the old page table.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { ValueObject } from 'immutable'
import { alignUp, checkedRange, hex, isAddr, isPowerOfTwo, type Addr, type AddrRange } from './address.js'
import { MemoryArea } from './area.js'
import type { PageTableEffect } from './backend.js'
import { MappingError } from './error.js'
import { BTree } from './internal/btree.js'
import { combineHashes } from './internal/hash.js'
import type { IntervalIndex } from './internal/interval-index.js'

/**
 * The result of a `MemorySet` operation: the new set and the new page table,
 * or the error that stopped it (in which case nothing changed).
 *
 * @since 0.1.0
 * @category model
 */
export type MappingResult<F, PT> = E.Either<MappingError, readonly [MemorySet<F, PT>, PT]>

/**
 * Options for creating a `MemorySet`.
 *
 * @since 0.1.0
 * @category model
 */
export interface MemorySetOptions {
  /**
   * Maximum entries per node of the internal B+tree (at least 4). The default
   * was chosen by measurement; small values are for tests that want to
   * exercise node splits and merges.
   */
  readonly maxNodeSize?: number
}

type Index<F, PT> = IntervalIndex<MemoryArea<F, PT>>

/** Runs effects left to right, stopping at the first `Left`. */
const runEffects = <PT>(effects: readonly PageTableEffect<PT>[], pageTable: PT): E.Either<MappingError, PT> => {
  let current = pageTable
  for (const effect of effects) {
    const result: unknown = effect(current)
    if (!isEither<PT>(result)) {
      // A backend bug, reported as a value rather than a TypeError from deep inside.
      return E.left(MappingError.badState(`a backend effect returned ${String(result)}, not an fp-ts Either`))
    }
    if (E.isLeft(result)) return result
    current = result.right
  }
  return E.right(current)
}

/** The part `[from, to)` of `area` that lies inside `[start, end)` (which intersects it). */
const overlap = (area: { readonly start: Addr; readonly end: Addr }, start: Addr, end: Addr): [Addr, Addr] => [
  Math.max(area.start, start),
  Math.min(area.end, end),
]

/** A copy of `area` restricted to `[start, end)` (which lies inside it), optionally re-flagged. */
const slice = <F, PT>(area: MemoryArea<F, PT>, start: Addr, end: Addr, flags: F = area.flags): MemoryArea<F, PT> =>
  new MemoryArea(start, end - start, flags, area.backend)

/**
 * Test-only access to a set's index (for `checkValid()`), not exported from
 * the package entry point.
 *
 * @internal
 */
// Assigned by MemorySet's static block (declared first: a `let` is unusable before its line).
export let internals: {
  indexOf: <F, PT>(set: MemorySet<F, PT>) => IntervalIndex<MemoryArea<F, PT>>
}

/**
 * A persistent set of memory areas: sorted by address, non-overlapping,
 * non-empty. Operations return a new set (sharing structure with this one)
 * together with the new page table, as an fp-ts `Either`.
 *
 * @typeParam F - the flags type of the areas.
 * @typeParam PT - the page-table value the backends transform.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { MemoryArea, MemorySet, pageTableBackend, emptyPageTable } from 'memory-set'
 *
 * const backend = pageTableBackend<string>()
 * const result = MemorySet.empty<string, typeof emptyPageTable>()
 *   .map(new MemoryArea(0x1000, 0x4000, 'rw', backend), emptyPageTable, false)
 * if (E.isRight(result)) {
 *   const [set, pageTable] = result.right
 *   set.size // 1
 *   pageTable.size // 4 pages
 * }
 * ```
 * @since 0.1.0
 * @category model
 */
export class MemorySet<F, PT> implements ValueObject, Iterable<MemoryArea<F, PT>> {
  readonly #index: Index<F, PT>
  // Lazily computed; a private field, so it can be filled in after freezing.
  #hash: number | undefined

  private constructor(index: Index<F, PT>) {
    this.#index = index
    Object.freeze(this)
  }

  static #emptyDefault: MemorySet<unknown, unknown> = new MemorySet(BTree.empty())

  /**
   * The empty set.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<number, null>().isEmpty() // true
   * ```
   */
  static empty<F, PT>(options?: MemorySetOptions): MemorySet<F, PT> {
    if (options?.maxNodeSize === undefined) return MemorySet.#emptyDefault as MemorySet<F, PT>
    return new MemorySet(BTree.empty(options.maxNodeSize))
  }

  /**
   * A set holding `areas`, built without running any backend: for loading a
   * snapshot whose page table is restored separately. O(n) when the areas
   * come sorted by address (O(n log n) otherwise, for the sort).
   *
   * `Left(InvalidParam)` when an element is not a `MemoryArea`, an area is
   * empty, or two areas overlap.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * const loaded = MemorySet.fromAreas([new MemoryArea(0, 0x1000, 'r', backend), new MemoryArea(0x2000, 0x1000, 'rw', backend)])
   * E.isRight(loaded) && loaded.right.size // 2
   * ```
   */
  static fromAreas<F, PT>(
    areas: Iterable<MemoryArea<F, PT>>,
    options?: MemorySetOptions,
  ): E.Either<MappingError, MemorySet<F, PT>> {
    const sorted = Array.from(areas)
    for (const area of sorted) {
      if (!(area instanceof MemoryArea)) {
        return E.left(MappingError.invalidParam(`fromAreas: ${String(area)} is not a MemoryArea`))
      }
      if (area.size === 0) return E.left(MappingError.invalidParam(`fromAreas: area at ${hex(area.start)} has size 0`))
    }
    if (!sorted.every((area, i) => i === 0 || sorted[i - 1]!.start <= area.start)) {
      sorted.sort((a, b) => a.start - b.start)
    }
    for (let i = 1; i < sorted.length; i++) {
      const [prev, next] = [sorted[i - 1]!, sorted[i]!]
      if (prev.end > next.start) {
        return E.left(
          MappingError.invalidParam(
            `fromAreas: [${hex(prev.start)}, ${hex(prev.end)}) overlaps [${hex(next.start)}, ${hex(next.end)})`,
          ),
        )
      }
    }
    return E.right(new MemorySet(BTree.fromSorted(sorted, options?.maxNodeSize)))
  }

  /** Number of areas. O(1). */
  get size(): number {
    return this.#index.size
  }

  /** Whether the set has no areas. */
  isEmpty(): boolean {
    return this.#index.size === 0
  }

  /**
   * The areas in ascending address order.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * for (const area of MemorySet.empty<number, null>()) console.log(area.start)
   * ```
   */
  [Symbol.iterator](): IterableIterator<MemoryArea<F, PT>> {
    return this.#index[Symbol.iterator]()
  }

  /** The areas in ascending address order, as a new array. */
  toArray(): MemoryArea<F, PT>[] {
    return Array.from(this.#index)
  }

  /**
   * The area containing `addr` (`start <= addr < end`), if any. O(log n).
   * An argument that is not a number (or is NaN) finds nothing.
   *
   * @example
   * ```ts
   * import * as O from 'fp-ts/lib/Option.js'
   * import { MemorySet } from 'memory-set'
   * O.isNone(MemorySet.empty<number, null>().find(0x1000)) // true
   * ```
   */
  find(addr: Addr): O.Option<MemoryArea<F, PT>> {
    if (typeof addr !== 'number' || Number.isNaN(addr)) return O.none
    const candidate = this.#index.floor(addr)
    return candidate !== undefined && addr < candidate.end ? O.some(candidate) : O.none
  }

  /**
   * Whether any area intersects `[range.start, range.end)`. An empty or
   * reversed range (or one with NaN ends) overlaps nothing. O(log n).
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<number, null>().overlaps({ start: 0, end: 0x1000 }) // false
   * ```
   */
  overlaps(range: AddrRange): boolean {
    const start = range?.start
    const end = range?.end
    if (typeof start !== 'number' || typeof end !== 'number' || !(start < end)) return false
    // At most two steps: the area at or before `start`, then the next one.
    for (const area of this.#index.fromFloor(start)) {
      if (area.start >= end) return false
      if (area.end > start) return true
    }
    return false
  }

  /**
   * The lowest address `a` with `a >= max(hint, limit.start)`, `a % align === 0`,
   * `a + size <= limit.end` and `[a, a + size)` free of every area.
   *
   * `None` when there is no such address, and also when `size` is not a
   * positive safe integer, `align` is not a power of two, `size % align !== 0`,
   * `limit.start > limit.end`, or any number is not a non-negative safe
   * integer. Never wraps around and never returns a mapped address.
   * O(log n) when gaps are multiples of `align` (per-node gap summaries let
   * the search skip every subtree that cannot hold `size` bytes).
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<number, null>().findFreeArea(0x1234, 0x1000, { start: 0, end: 0x10000 }, 0x1000)
   * // Some(0x2000)
   * ```
   */
  findFreeArea(hint: Addr, size: number, limit: AddrRange, align: number = 1): O.Option<Addr> {
    if (!isAddr(hint) || !isAddr(size) || size === 0 || !isPowerOfTwo(align) || size % align !== 0) return O.none
    const lo = limit?.start
    const hi = limit?.end
    if (!isAddr(lo) || !isAddr(hi) || lo > hi) return O.none
    const from = alignUp(Math.max(hint, lo), align)
    if (from === undefined || size > hi - from) return O.none
    return O.fromNullable(this.#index.firstFit(from, size, align, hi))
  }

  /**
   * Adds `area`, mapping it through its backend.
   *
   * - size 0: `Left(InvalidParam)`;
   * - overlapping an existing area with `unmapOverlap = false`: `Left(AlreadyExists)`;
   * - with `unmapOverlap = true`: the overlapped parts are first unmapped
   *   exactly as {@link MemorySet.unmap} would, then the area is mapped.
   *
   * A backend `Left` anywhere makes the whole call `Left`, and nothing changed.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * const set = MemorySet.empty<string, null>()
   * const once = set.map(new MemoryArea(0x1000, 0x1000, 'r', backend), null, false)
   * E.isRight(once) // true
   * ```
   */
  map(area: MemoryArea<F, PT>, pageTable: PT, unmapOverlap: boolean): MappingResult<F, PT> {
    // The constructor validated the numbers and instances are frozen, so a
    // MemoryArea is always a well-formed range.
    if (!(area instanceof MemoryArea)) {
      return E.left(MappingError.invalidParam(`map: area must be a MemoryArea, got ${String(area)}`))
    }
    if (area.size === 0) return E.left(MappingError.invalidParam(`map: area at ${hex(area.start)} has size 0`))

    const overlapped = this.#overlapping(area.start, area.end)
    if (overlapped.length > 0 && !unmapOverlap) {
      const [first] = overlapped as [MemoryArea<F, PT>]
      return E.left(
        MappingError.alreadyExists(
          `map: [${hex(area.start)}, ${hex(area.end)}) overlaps the area [${hex(first.start)}, ${hex(first.end)})`,
        ),
      )
    }
    const effects = unmapEffects(overlapped, area.start, area.end)
    effects.push(area.backend.map(area.start, area.size, area.flags))
    const pt = runEffects(effects, pageTable)
    if (E.isLeft(pt)) return pt
    const index =
      overlapped.length === 0
        ? this.#index.insert(area)
        : applyUnmap(this.#index, overlapped, area.start, area.end, area)
    return E.right([new MemorySet(index), pt.right] as const)
  }

  /**
   * Removes `[start, start + size)`: areas inside it are removed, areas
   * crossing a boundary are shrunk, an area containing the whole range is
   * split in two. The backend unmaps exactly the removed parts.
   * Size 0, or a range with no area in it, returns this very set.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * const mapped = MemorySet.empty<string, null>().map(new MemoryArea(0x1000, 0x4000, 'rw', backend), null, false)
   * const split = E.flatMap(mapped, ([set, pt]) => set.unmap(0x2000, 0x2000, pt))
   * // areas [0x1000, 0x2000) and [0x4000, 0x5000)
   * ```
   */
  unmap(start: Addr, size: number, pageTable: PT): MappingResult<F, PT> {
    const range = checkedRange(start, size, 'unmap')
    if (E.isLeft(range)) return range
    const { end } = range.right
    const overlapped = this.#overlapping(start, end)
    if (overlapped.length === 0) return E.right([this, pageTable] as const)
    const pt = runEffects(unmapEffects(overlapped, start, end), pageTable)
    if (E.isLeft(pt)) return pt
    return E.right([new MemorySet(applyUnmap(this.#index, overlapped, start, end)), pt.right] as const)
  }

  /**
   * Changes flags over `[start, start + size)`. `updateFlags` is called once
   * for every area overlapping the range (in address order) and for no
   * other: `None` leaves that area alone, `Some(f)` gives its overlapped part
   * the flags `f` (splitting it at the range boundaries) and the backend
   * protects exactly that part. Unmapped holes are skipped. When nothing
   * changes, returns this very set.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import * as O from 'fp-ts/lib/Option.js'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * const mapped = MemorySet.empty<string, null>().map(new MemoryArea(0x1000, 0x3000, 'rw', backend), null, false)
   * const readOnlyMiddle = E.flatMap(mapped, ([set, pt]) => set.protect(0x2000, 0x1000, () => O.some('r'), pt))
   * // areas [0x1000, 0x2000) rw, [0x2000, 0x3000) r, [0x3000, 0x4000) rw
   * ```
   */
  protect(start: Addr, size: number, updateFlags: (old: F) => O.Option<F>, pageTable: PT): MappingResult<F, PT> {
    const range = checkedRange(start, size, 'protect')
    if (E.isLeft(range)) return range
    if (typeof updateFlags !== 'function') {
      return E.left(MappingError.invalidParam('protect: updateFlags must be a function'))
    }
    const { end } = range.right
    // The new flags of each overlapped area, or undefined where updateFlags said None.
    const overlapped = this.#overlapping(start, end)
    const updates: (O.Some<F> | undefined)[] = []
    let firstChanged = -1
    let lastChanged = -1
    for (const [i, area] of overlapped.entries()) {
      const update: unknown = updateFlags(area.flags)
      if (!isOption<F>(update)) {
        return E.left(MappingError.invalidParam('protect: updateFlags must return an fp-ts Option'))
      }
      if (O.isSome(update)) {
        updates.push(update)
        if (firstChanged < 0) firstChanged = i
        lastChanged = i
      } else {
        updates.push(undefined)
      }
    }
    if (firstChanged < 0) return E.right([this, pageTable] as const)

    const effects: PageTableEffect<PT>[] = []
    for (const [i, area] of overlapped.entries()) {
      const update = updates[i]
      if (update === undefined) continue
      const [from, to] = overlap(area, start, end)
      effects.push(area.backend.protect(from, to - from, update.value))
    }
    const pt = runEffects(effects, pageTable)
    if (E.isLeft(pt)) return pt

    // One spliceRange over the run from the first to the last re-flagged area:
    // areas left alone are carried over as they are, each re-flagged one
    // becomes up to three pieces ([area.start, start) and [end, area.end) keep
    // the old flags, the overlap gets the new ones).
    const pieces: MemoryArea<F, PT>[] = []
    for (let i = firstChanged; i <= lastChanged; i++) {
      const area = overlapped[i]!
      const update = updates[i]
      if (update === undefined) {
        pieces.push(area)
        continue
      }
      const [from, to] = overlap(area, start, end)
      if (area.start < from) pieces.push(slice(area, area.start, from))
      pieces.push(slice(area, from, to, update.value))
      if (to < area.end) pieces.push(slice(area, to, area.end))
    }
    const index = this.#index.spliceRange(overlapped[firstChanged]!.start, overlapped[lastChanged]!.start, pieces)
    return E.right([new MemorySet(index), pt.right] as const)
  }

  /**
   * Unmaps every area. An empty set returns itself.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { MemorySet } from 'memory-set'
   * const set = MemorySet.empty<string, null>()
   * E.isRight(set.clear(null)) // true
   * ```
   */
  clear(pageTable: PT): MappingResult<F, PT> {
    if (this.#index.size === 0) return E.right([this, pageTable] as const)
    const effects: PageTableEffect<PT>[] = []
    for (const area of this.#index) effects.push(area.backend.unmap(area.start, area.size))
    const pt = runEffects(effects, pageTable)
    if (E.isLeft(pt)) return pt
    return E.right([new MemorySet(this.#index.clear()), pt.right] as const)
  }

  /**
   * Value equality (Immutable.js `ValueObject`): the same areas, compared
   * with {@link MemoryArea.equals}. O(n).
   *
   * @example
   * ```ts
   * import { is } from 'immutable'
   * import { MemorySet } from 'memory-set'
   * is(MemorySet.empty(), MemorySet.empty({ maxNodeSize: 8 })) // true
   * ```
   */
  equals(other: unknown): boolean {
    if (this === other) return true
    if (!(other instanceof MemorySet) || other.size !== this.size) return false
    if (this.#hash !== undefined && other.#hash !== undefined && this.#hash !== other.#hash) return false
    const theirs = other[Symbol.iterator]()
    for (const area of this.#index) {
      const next = theirs.next()
      if (next.done === true || !area.equals(next.value)) return false
    }
    return true
  }

  /** A 32-bit hash consistent with {@link MemorySet.equals}, computed once per set. */
  hashCode(): number {
    if (this.#hash === undefined) {
      let h = 0
      for (const area of this.#index) h = combineHashes(h, area.hashCode())
      this.#hash = h
    }
    return this.#hash
  }

  /** `MemorySet [MemoryArea [0x1000, 0x2000) flags=rw, ...]` */
  toString(): string {
    return `MemorySet [${Array.from(this.#index, String).join(', ')}]`
  }

  /** The areas intersecting `[start, end)`, in address order. O(log n + k). */
  #overlapping(start: Addr, end: Addr): MemoryArea<F, PT>[] {
    const found: MemoryArea<F, PT>[] = []
    if (start >= end) return found
    // One descent: the floor entry may end before `start`; every later one starts after it.
    for (const area of this.#index.fromFloor(start)) {
      if (area.start >= end) break
      if (area.end > start) found.push(area)
    }
    return found
  }

  static {
    internals = {
      indexOf: (set) => set.#index,
    }
  }
}

/** Backend unmap effects for the parts of `overlapped` inside `[start, end)`. */
const unmapEffects = <F, PT>(overlapped: readonly MemoryArea<F, PT>[], start: Addr, end: Addr): PageTableEffect<PT>[] =>
  overlapped.map((area) => {
    const [from, to] = overlap(area, start, end)
    return area.backend.unmap(from, to - from)
  })

/**
 * `index` with `[start, end)` cut out of `overlapped` (the areas that
 * intersect it, in address order; at least one), and `replacement` (an area
 * covering exactly `[start, end)`) put in its place if given.
 *
 * Only the first area can keep a left part and only the last a right part;
 * everything in between goes. So the whole run is replaced by at most three
 * pieces in one `spliceRange`: O(log n) however many areas the range covers.
 */
const applyUnmap = <F, PT>(
  index: Index<F, PT>,
  overlapped: readonly MemoryArea<F, PT>[],
  start: Addr,
  end: Addr,
  replacement?: MemoryArea<F, PT>,
): Index<F, PT> => {
  const first = overlapped[0]!
  const last = overlapped[overlapped.length - 1]!
  const pieces: MemoryArea<F, PT>[] = []
  if (first.start < start) pieces.push(slice(first, first.start, start))
  if (replacement !== undefined) pieces.push(replacement)
  if (last.end > end) pieces.push(slice(last, end, last.end))
  return index.spliceRange(first.start, last.start, pieces)
}

const isEither = <A>(value: unknown): value is E.Either<MappingError, A> =>
  typeof value === 'object' &&
  value !== null &&
  ((value as { _tag?: unknown })._tag === 'Left' || (value as { _tag?: unknown })._tag === 'Right')

const isOption = <A>(value: unknown): value is O.Option<A> =>
  typeof value === 'object' &&
  value !== null &&
  ((value as { _tag?: unknown })._tag === 'None' || (value as { _tag?: unknown })._tag === 'Some')
