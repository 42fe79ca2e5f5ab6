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
import type * as O from 'fp-ts/lib/Option.js'
import { OrderedMap, Seq, isKeyed, type Collection, type ValueObject } from 'immutable'
import { isAddr, type Addr, type AddrRange } from './address.js'
import { MemoryArea } from './area.js'
import { MappingError } from './error.js'
import { hasBrand, ordinaryInstanceOf } from './internal/brand.js'
import { readRange, readSetOptions } from './internal/guards.js'
import { BTree } from './internal/index/btree/btree.js'
import { combineHashes } from './internal/hash.js'
import { INSPECT, inspectFlags } from './internal/inspect.js'
import { hex } from './internal/numbers.js'
import { registerIndexReader } from './internal/set-access.js'
import { planClear } from './operations/clear.js'
import { sortedAreas } from './operations/from-areas.js'
import { planMap } from './operations/map.js'
import { joinAll, mergeEdit } from './operations/merge.js'
import { UNCHANGED, commit, type AreaIndex, type Plan, type Planned } from './operations/plan.js'
import { planProtect } from './operations/protect.js'
import { planUnmap } from './operations/unmap.js'
import { find, overlaps } from './queries/find.js'
import { findFreeArea, findFreeAreaTopDown } from './queries/free-area.js'
import { gaps } from './queries/gaps.js'
import { overlappingAreas } from './queries/overlapping.js'

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
  /**
   * Make a **merging** set: adjacent compatible areas (equal flags by
   * `Immutable.is`, backends that merge) are kept as one area after every
   * operation. Default `false`: areas are never merged, as in the Rust crate.
   *
   * @since 0.2.0
   */
  readonly merge?: boolean
}

/**
 * Options of {@link MemorySet.protect}.
 *
 * @since 0.2.0
 * @category model
 */
export interface ProtectOptions {
  /**
   * Fail with `NotMapped`, changing nothing, when any address of the range is
   * not mapped. Default `false`: holes are skipped (the Rust crate's behaviour).
   */
  readonly strict?: boolean
}

/**
 * Marks sets made by any copy of this library (see `internal/brand.ts`):
 * `Symbol.for` gives the ESM and the CommonJS build the same key.
 */
const BRAND: unique symbol = Symbol.for('memory-set/MemorySet') as never

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
 * import { MemoryArea, MemorySet, pageTableBackend, emptyPageTable, type PageTable } from 'memory-set'
 *
 * const backend = pageTableBackend<string>()
 * const result = MemorySet.empty<string, PageTable<string>>()
 *   .map(new MemoryArea(0x1000, 0x4000, 'rw', backend), emptyPageTable(), false)
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
  readonly #index: AreaIndex<F, PT>
  // Lazily computed; a private field, so it can be filled in after freezing.
  #hash: number | undefined

  readonly #merging: boolean
  // The node size to rebuild the index with (`coalesce`); undefined for the default.
  readonly #nodeSize: number | undefined

  private constructor(index: AreaIndex<F, PT>, merging: boolean, nodeSize: number | undefined) {
    this.#index = index
    this.#merging = merging
    this.#nodeSize = nodeSize
    Object.freeze(this)
  }

  // Filled in by the static block below: TypeScript's output refers to the
  // class through an alias that is only assigned after the class body, so a
  // static field initialiser must not name the class (`this` is safe).
  static #emptyDefault: MemorySet<unknown, unknown>
  static #emptyMerging: MemorySet<unknown, unknown>

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
    const read = readSetOptions(options)
    if (!read.ok) throw new RangeError(`MemorySet.empty: ${read.problem}`)
    const { merging, nodeSize } = read
    if (nodeSize === undefined) return (merging ? MemorySet.#emptyMerging : MemorySet.#emptyDefault) as MemorySet<F, PT>
    return new MemorySet(BTree.empty(nodeSize), merging, nodeSize)
  }

  /**
   * A set holding `areas`, built without running any backend: for loading a
   * snapshot whose page table is restored separately. O(n) when the areas
   * come sorted by address (O(n log n) otherwise, for the sort).
   *
   * `Left(InvalidParam)` when `areas` is not iterable, an element is not a
   * well-formed `MemoryArea` (start and end addresses, `start <= end`, `size`
   * equal to `end - start`, whatever the object claims), an area is empty,
   * two areas overlap, or `options` is malformed. Areas made by another copy
   * of the library (its CommonJS or ESM build) are accepted and stored as
   * areas of this copy. With `{ merge: true }` the set is a merging
   * one and adjacent compatible areas are joined (no backend runs for that).
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * const loaded = MemorySet.fromAreas([new MemoryArea(0, 0x1000, 'r', backend), new MemoryArea(0x2000, 0x1000, 'rw', backend)])
   * E.isRight(loaded) && loaded.right.size // 2
   * ```
   *
   * Any Immutable.js collection of areas works too; a keyed one (such as the
   * `OrderedMap` of {@link MemorySet.toOrderedMap}) gives its values.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { List } from 'immutable'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const areas = List([new MemoryArea(0, 0x1000, 'r', noopBackend<string>())])
   * const set = MemorySet.fromAreas(areas)
   * E.isRight(set) && E.isRight(MemorySet.fromAreas(set.right.toOrderedMap())) // true
   * ```
   */
  static fromAreas<F, PT>(
    areas: Iterable<MemoryArea<F, PT>> | Collection<unknown, MemoryArea<F, PT>>,
    options?: MemorySetOptions,
  ): E.Either<MappingError, MemorySet<F, PT>> {
    const read = readSetOptions(options)
    if (!read.ok) return E.left(MappingError.invalidParam(`fromAreas: ${read.problem}`))
    const { merging, nodeSize } = read
    const sorted = sortedAreas(immutableValues(areas))
    if (E.isLeft(sorted)) return sorted
    const list = merging ? joinAll(sorted.right) : sorted
    if (E.isLeft(list)) return list
    return E.right(new MemorySet(BTree.fromSorted(list.right, nodeSize), merging, nodeSize))
  }

  /**
   * Whether this is a merging set (made with `{ merge: true }` or by
   * {@link MemorySet.coalesce}): one that keeps adjacent compatible areas as
   * one area.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<string, null>({ merge: true }).merging // true
   * ```
   * @since 0.2.0
   */
  get merging(): boolean {
    return this.#merging
  }

  /**
   * A merging set holding this set's areas, merged wherever adjacent areas
   * are compatible (equal flags, backends that merge). Runs no backend
   * effect. O(n); a merging set returns itself.
   *
   * @throws TypeError when a backend's `merge` hook returns something that is
   *   neither a backend nor `undefined` (a bug in that backend).
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * const two = MemorySet.fromAreas([new MemoryArea(0, 0x1000, 'rw', backend), new MemoryArea(0x1000, 0x1000, 'rw', backend)])
   * E.isRight(two) && two.right.coalesce().size // 1
   * ```
   * @since 0.2.0
   */
  coalesce(): MemorySet<F, PT> {
    if (this.#merging) return this
    const joined = joinAll(this.#index)
    if (E.isLeft(joined)) throw new TypeError(`coalesce: ${joined.left.message}`)
    return new MemorySet(BTree.fromSorted(joined.right, this.#nodeSize), true, this.#nodeSize)
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
    return find(this.#index, addr)
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
    return overlaps(this.#index, range)
  }

  /**
   * The areas intersecting `[range.start, range.end)`, in address order.
   * O(log n + k) for k areas. An empty, reversed or malformed range yields
   * nothing.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * for (const area of MemorySet.empty<string, null>().overlapping({ start: 0, end: 0x10000 })) console.log(area.flags)
   * ```
   * @since 0.2.0
   */
  overlapping(range: AddrRange): IterableIterator<MemoryArea<F, PT>> {
    const { start, end } = readRange(range) ?? {}
    if (typeof start !== 'number' || typeof end !== 'number') return overlappingAreas(this.#index, 0, 0)
    return overlappingAreas(this.#index, start, end)
  }

  /**
   * The maximal free ranges inside `[limit.start, limit.end)`, in address
   * order. O(log n + k) for k gaps. A limit whose ends are not addresses, or
   * an empty one, yields nothing.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * Array.from(MemorySet.empty<string, null>().gaps({ start: 0, end: 0x1000 })) // [{ start: 0, end: 0x1000 }]
   * ```
   * @since 0.2.0
   */
  gaps(limit: AddrRange): IterableIterator<AddrRange> {
    const { start, end } = readRange(limit) ?? {}
    if (!isAddr(start) || !isAddr(end)) return gaps(this.#index, 0, 0)
    return gaps(this.#index, start, end)
  }

  /**
   * The lowest address `a` with `a >= max(hint, limit.start)`, `a % align === 0`,
   * `a + size <= limit.end` and `[a, a + size)` free of every area.
   *
   * `None` when there is no such address, and also when `size` is not a
   * positive safe integer, `align` is not a power of two, `size % align !== 0`,
   * `limit.start > limit.end`, or any number is not a non-negative safe
   * integer. Never wraps around and never returns a mapped address.
   * O(log n) for any alignment: per-node summaries of the largest aligned
   * block each subtree's gaps can hold let the search skip every subtree
   * that cannot hold `size` bytes at that alignment.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<number, null>().findFreeArea(0x1234, 0x1000, { start: 0, end: 0x10000 }, 0x1000)
   * // Some(0x2000)
   * ```
   */
  findFreeArea(hint: Addr, size: number, limit: AddrRange, align: number = 1): O.Option<Addr> {
    return findFreeArea(this.#index, hint, size, limit, align)
  }

  /**
   * The **highest** address `a` with `a % align === 0`, `a >= limit.start`,
   * `a + size <= min(ceiling, limit.end)` and `[a, a + size)` free of every
   * area: how Linux places a mapping top-down below its mmap base. The same
   * `None` rules as {@link MemorySet.findFreeArea}. O(log n) for any alignment.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<number, null>().findFreeAreaTopDown(0x9000, 0x2000, { start: 0, end: 0x10000 }, 0x1000)
   * // Some(0x7000)
   * ```
   * @since 0.2.0
   */
  findFreeAreaTopDown(ceiling: Addr, size: number, limit: AddrRange, align: number = 1): O.Option<Addr> {
    return findFreeAreaTopDown(this.#index, ceiling, size, limit, align)
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
    return this.#run(planMap(this.#index, area, unmapOverlap), pageTable)
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
    return this.#run(planUnmap(this.#index, start, size), pageTable)
  }

  /**
   * Changes flags over `[start, start + size)`. `updateFlags` is called once
   * for every area overlapping the range (in address order) and for no
   * other: `None` leaves that area alone, `Some(f)` gives its overlapped part
   * the flags `f` (splitting it at the range boundaries) and the backend
   * protects exactly that part. Unmapped holes are skipped, unless
   * `options.strict`: then any unmapped address in the range is
   * `Left(NotMapped)` and nothing changes (`updateFlags` is not called). When
   * nothing changes, returns this very set.
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
  protect(
    start: Addr,
    size: number,
    updateFlags: (old: F) => O.Option<F>,
    pageTable: PT,
    options?: ProtectOptions,
  ): MappingResult<F, PT> {
    const strict = readStrict(options)
    if (strict === undefined) return E.left(MappingError.invalidParam('protect: reading options.strict threw'))
    return this.#run(planProtect(this.#index, start, size, updateFlags, strict), pageTable)
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
    return this.#run(planClear(this.#index), pageTable)
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
    if (!(other instanceof MemorySet)) return false
    // Anything that goes wrong reading `other` means "not equal": JavaScript
    // can call the private constructor through a subclass (`new Sub()`), and
    // such a set holds whatever index it was given, perhaps none.
    try {
      if (#index in other) {
        if (other.#index.size !== this.#index.size) return false
        if (this.#hash !== undefined && other.#hash !== undefined && this.#hash !== other.#hash) return false
        return sameAreas(this.#index, other.#index[Symbol.iterator]())
      }
      // A set of another copy of the library (its other build), or an object
      // that only carries the brand: compared through its public members.
      const size: unknown = (other as { readonly size?: unknown }).size
      if (size !== this.#index.size) return false
      return sameAreas(this.#index, (other as Iterable<unknown>)[Symbol.iterator]())
    } catch {
      return false
    }
  }

  /** A 32-bit hash consistent with {@link MemorySet.equals}, computed once per set. */
  hashCode(): number {
    if (this.#hash === undefined) {
      let h = 0
      // MemoryArea's own methods, not a subclass's overrides: equal sets must hash alike.
      for (const area of this.#index) h = combineHashes(h, MemoryArea.prototype.hashCode.call(area))
      this.#hash = h
    }
    return this.#hash
  }

  /** `MemorySet [MemoryArea [0x1000, 0x2000) flags=rw, ...]` */
  toString(): string {
    return `MemorySet [${Array.from(this.#index, (area) => MemoryArea.prototype.toString.call(area)).join(', ')}]`
  }

  /**
   * `instanceof MemorySet` holds for sets made by any copy of this library
   * (ESM or CommonJS), not only this one; a subclass keeps the ordinary
   * prototype-chain `instanceof`. Never throws.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses inherit this static method; `this` tells who is asking.
    if (this !== MemorySet) return ordinaryInstanceOf(this, value)
    return hasBrand(value, BRAND)
  }

  /**
   * The areas as a lazy Immutable.js `Seq`, for its collection methods.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<string, null>().toSeq().filter((a) => a.flags === 'rw').count() // 0
   * ```
   * @since 0.2.0
   */
  toSeq(): Seq.Indexed<MemoryArea<F, PT>> {
    // A Seq over this iterable: Immutable caches what it iterates, and the set never changes.
    return Seq.Indexed(this.toArray())
  }

  /**
   * The areas as an Immutable.js `OrderedMap` keyed by start address, in address order.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * MemorySet.empty<string, null>().toOrderedMap().size // 0
   * ```
   * @since 0.2.0
   */
  toOrderedMap(): OrderedMap<Addr, MemoryArea<F, PT>> {
    return OrderedMap<Addr, MemoryArea<F, PT>>().withMutations((map) => {
      for (const area of this.#index) map.set(area.start, area)
    })
  }

  /**
   * The areas as `{ start, end, flags }` objects, for `JSON.stringify`.
   *
   * @example
   * ```ts
   * import { MemorySet } from 'memory-set'
   * JSON.stringify(MemorySet.empty<string, null>()) // '[]'
   * ```
   * @since 0.2.0
   */
  toJSON(): { readonly start: Addr; readonly end: Addr; readonly flags: F }[] {
    return Array.from(this.#index, (area) => area.toJSON())
  }

  /**
   * How Node's `console.log` and `util.inspect` show a set: one line per
   * area, `MemorySet(2) [ [0x1000, 0x2000) 'rw', ... ]`.
   *
   * @since 0.2.0
   */
  [INSPECT](depth: number, options: unknown, inspect?: (value: unknown, options?: unknown) => string): string {
    if (this.#index.size === 0) return 'MemorySet(0) []'
    if (depth < 0) return `[MemorySet(${this.#index.size})]`
    const lines = Array.from(
      this.#index,
      (area) => `  [${hex(area.start)}, ${hex(area.end)}) ${inspectFlags(area.flags, options, inspect)}`,
    )
    return `MemorySet(${this.#index.size}) [\n${lines.join(',\n')}\n]`
  }

  /**
   * The single ending of every updating operation: a planning error is
   * returned as is, a plan with nothing to do returns this very set, and any
   * other plan is committed (effects run, then the index edited) into a new set.
   */
  #run(planned: Planned<F, PT>, pageTable: PT): MappingResult<F, PT> {
    if (E.isLeft(planned)) return planned
    if (planned.right === UNCHANGED) return E.right([this, pageTable] as const)
    let plan: Plan<F, PT> = planned.right
    if (this.#merging) {
      const edit = mergeEdit(this.#index, plan.edit)
      if (E.isLeft(edit)) return edit
      plan = { effects: plan.effects, edit: edit.right }
    }
    const committed = commit(this.#index, plan, pageTable)
    if (E.isLeft(committed)) return committed
    const [index, pt] = committed.right
    return E.right([new MemorySet(index, this.#merging, this.#nodeSize), pt] as const)
  }

  static {
    this.#emptyDefault = new this(BTree.empty(), false, undefined)
    this.#emptyMerging = new this(BTree.empty(), true, undefined)
    registerIndexReader((set) => set.#index)
  }
}

Object.defineProperty(MemorySet.prototype, BRAND, { value: true })

/**
 * Whether `ours` and `theirs` yield equal areas in the same order. `theirs`
 * may come from another copy of the library; reading it may throw (callers
 * that pass a foreign iterator catch).
 */
const sameAreas = <F, PT>(ours: AreaIndex<F, PT>, theirs: Iterator<unknown>): boolean => {
  for (const area of ours) {
    const next = theirs.next()
    if (next.done === true || !MemoryArea.prototype.equals.call(area, next.value)) return false
  }
  return theirs.next().done === true
}

/** `options.strict === true`, read once; `undefined` when reading it throws. */
const readStrict = (options: unknown): boolean | undefined => {
  if (typeof options !== 'object' || options === null) return false
  try {
    return (options as { readonly strict?: unknown }).strict === true
  } catch {
    return undefined
  }
}

/**
 * The values of a keyed Immutable.js collection (which iterates `[key, value]`
 * entries), or `areas` itself. Reading a hostile object's properties may
 * throw: then it is not a collection, and `sortedAreas` says what it is.
 */
const immutableValues = <A>(areas: Iterable<A> | Collection<unknown, A>): Iterable<A> => {
  try {
    if (isKeyed(areas)) return areas.values() as Iterable<A>
  } catch {
    // Not an Immutable collection.
  }
  return areas as Iterable<A>
}
