/**
 * Reference backends: a persistent per-page page table, and a backend that
 * does no page-table work at all.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Map as ImmutableMap, is } from 'immutable'
import { isAddr, type Addr } from './address.js'
import { describe } from './internal/describe.js'
import { hex, isPowerOfTwo, rangeProblem, showRange } from './internal/numbers.js'
import type { MappingBackend, PageTableEffect } from './backend.js'
import { MappingError } from './error.js'

/**
 * A persistent page table: page number (`address / pageSize`) to flags.
 * Unmapped pages have no entry.
 *
 * @since 0.1.0
 * @category page tables
 */
export type PageTable<F> = ImmutableMap<number, F>

/**
 * The page table with no page mapped.
 *
 * @example
 * ```ts
 * import { emptyPageTable } from 'memory-set'
 * emptyPageTable<string>().size // 0
 * ```
 * @since 0.1.0
 * @category page tables
 */
export const emptyPageTable = <F>(): PageTable<F> => ImmutableMap<number, F>()

/**
 * Options of {@link pageTableBackend}.
 *
 * @since 0.1.0
 * @category page tables
 */
export interface PageTableBackendOptions {
  /** Bytes per page: a power of two. Default 4096. Use 1 for a byte-granular table. */
  readonly pageSize?: number
  /**
   * Most pages the table may hold: a `map` that would pass it is
   * `InvalidParam` instead of running for hours and exhausting memory (each
   * page costs about 150 bytes and 0.4 us). Default 2^24 (64 GiB of 4 KiB pages).
   *
   * @since 0.2.0
   */
  readonly maxPages?: number
}

/** The default of {@link PageTableBackendOptions.maxPages}. */
const DEFAULT_MAX_PAGES = 2 ** 24

/**
 * A {@link MappingBackend} over a {@link PageTable}, with the rules of the
 * Rust crate's mock backend: `map` fails on a page that is already mapped,
 * `unmap` and `protect` fail on a page that is not. Failures are
 * `BadState`; a range that is not page-aligned, or whose start or size is not
 * a non-negative safe integer, is `InvalidParam`, and so is a page table that
 * is not an Immutable.js `Map`. Any flags value can be mapped, `undefined`
 * included.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pageTableBackend, emptyPageTable } from 'memory-set'
 * const backend = pageTableBackend<string>()
 * const pt = backend.map(0x2000, 0x2000, 'rw')(emptyPageTable())
 * E.isRight(pt) && pt.right.get(2) // 'rw'
 * E.isLeft(backend.unmap(0x8000, 0x1000)(emptyPageTable())) // true: not mapped
 * ```
 * @since 0.1.0
 * @category page tables
 */
export interface PageTableBackend<F> extends MappingBackend<F, PageTable<F>> {
  /** Bytes per page. */
  readonly pageSize: number
}

/**
 * Creates a {@link PageTableBackend}. Areas compare equal only when they
 * share a backend object, so create one per page size and reuse it.
 *
 * The table holds one entry per mapped page, so mapping n pages costs O(n)
 * time and memory (about 0.4 us and 150 bytes per page): use it for tests and
 * models, and the no-op backend (or your own) for huge ranges.
 *
 * @throws RangeError when `pageSize` is not a power of two, or `maxPages` is
 *   not a non-negative safe integer; TypeError when `options` is not an object.
 * @since 0.1.0
 * @category page tables
 */
export const pageTableBackend = <F>(options?: PageTableBackendOptions): PageTableBackend<F> => {
  const { pageSize: givenPageSize, maxPages: givenMaxPages } = readOptions(options)
  const pageSize = givenPageSize ?? 4096
  if (!isPowerOfTwo(pageSize)) {
    throw new RangeError(`pageTableBackend: pageSize must be a power of two, got ${describe(pageSize)}`)
  }
  const maxPages = givenMaxPages ?? DEFAULT_MAX_PAGES
  if (!isAddr(maxPages)) {
    throw new RangeError(`pageTableBackend: maxPages must be a non-negative safe integer, got ${describe(maxPages)}`)
  }

  /**
   * An effect over the pages of `[start, start + size)`: `check` each page's
   * current state first (so a failure leaves nothing half-done), then `write`.
   * Every number is checked when the effect runs, not trusted: backends are
   * also called directly, outside a `MemorySet`.
   */
  const overPages =
    (
      what: string,
      start: unknown,
      size: unknown,
      wantMapped: boolean,
      write: (table: PageTable<F>, page: number) => void,
    ): PageTableEffect<PageTable<F>> =>
    (table) => {
      const problem = rangeProblem(start, size)
      if (problem !== undefined) return E.left(MappingError.invalidParam(`${what}: ${problem}`))
      const [from, bytes] = [start as Addr, size as number]
      if (from % pageSize !== 0 || bytes % pageSize !== 0) {
        return E.left(
          MappingError.invalidParam(
            `${what}: ${showRange(from, from + bytes)} is not aligned to the page size ${hex(pageSize)}`,
          ),
        )
      }
      if (!isImmutableMap(table)) {
        return E.left(
          MappingError.invalidParam(`${what}: the page table must be an Immutable.js Map, got ${describe(table)}`),
        )
      }
      const first = from / pageSize
      const end = first + bytes / pageSize
      const bad = wantMapped ? firstUnmapped(table, first, end) : firstMapped(table, first, end)
      if (bad !== undefined) {
        const state = wantMapped ? 'is not mapped' : 'is already mapped'
        return E.left(MappingError.badState(`${what}: page at ${hex(bad * pageSize)} ${state}`))
      }
      if (!wantMapped && table.size + (end - first) > maxPages) {
        return E.left(
          MappingError.invalidParam(
            `${what}: ${showRange(from, from + bytes)} would make the page table hold ${table.size + (end - first)} pages, more than maxPages ${maxPages}`,
          ),
        )
      }
      return E.right(
        table.withMutations((draft) => {
          for (let page = first; page < end; page++) write(draft, page)
        }),
      )
    }

  return Object.freeze({
    pageSize,
    map: (start: Addr, size: number, flags: F) =>
      overPages('map', start, size, false, (t, p) => {
        t.set(p, flags)
      }),
    unmap: (start: Addr, size: number) =>
      overPages('unmap', start, size, true, (t, p) => {
        t.delete(p)
      }),
    protect: (start: Addr, size: number, newFlags: F) =>
      overPages('protect', start, size, true, (t, p) => {
        t.set(p, newFlags)
      }),
  })
}

/** `options.pageSize` and `options.maxPages`, each read once; a clear TypeError for what cannot be read. */
const readOptions = (options: unknown): { pageSize?: unknown; maxPages?: unknown } => {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`pageTableBackend: options must be an object, got ${describe(options)}`)
  }
  try {
    const { pageSize, maxPages } = options as Record<string, unknown>
    return { pageSize, maxPages }
  } catch (error) {
    throw new TypeError(`pageTableBackend: reading options threw ${describe(error)}`, { cause: error })
  }
}

/**
 * `Immutable.Map.isMap` (of any copy of Immutable.js) with the `withMutations`
 * the effects write through; false instead of a throw for a hostile Proxy.
 * `isMap` only reads a marker property, which a forged object can carry.
 */
const isImmutableMap = (value: unknown): value is ImmutableMap<unknown, unknown> => {
  try {
    return ImmutableMap.isMap(value) && typeof (value as { withMutations?: unknown }).withMutations === 'function'
  } catch {
    return false
  }
}

/**
 * The first page in `[first, end)` without an entry, or `undefined`. Every
 * page passed before it is a distinct entry, so this takes at most
 * `table.size + 1` steps however large the range is.
 */
const firstUnmapped = (table: ImmutableMap<number, unknown>, first: number, end: number): number | undefined => {
  for (let page = first; page < end; page++) if (!table.has(page)) return page
  return undefined
}

/**
 * The first page in `[first, end)` with an entry, or `undefined`: O(min(range, table)).
 * A range larger than the table is checked through the table's keys, not page by page.
 */
const firstMapped = (table: ImmutableMap<number, unknown>, first: number, end: number): number | undefined => {
  if (end - first <= table.size) {
    for (let page = first; page < end; page++) if (table.has(page)) return page
    return undefined
  }
  let found: number | undefined
  // Only integer keys are pages: `table.has(page)` above never finds `1.5` or `'1'` either.
  for (const page of table.keys()) {
    if (Number.isInteger(page) && page >= first && page < end && (found === undefined || page < found)) found = page
  }
  return found
}

/**
 * Where `pageTable` disagrees with the areas of `areas` (each page of each
 * area mapped with the area's flags, no other page mapped), or `None` when
 * they agree. For tests and verification of code built on the reference backend.
 *
 * A verification helper must never pass on a typo, so a `pageSize` that is
 * not a power of two, a page table that is not an Immutable.js `Map`, an area
 * whose bounds are not page-aligned addresses, and overlapping areas are
 * reported as disagreements too (an empty area overlaps nothing). O(a log a +
 * p log p) for a areas and p mapped pages, whatever the size of the areas.
 *
 * @example
 * ```ts
 * import * as O from 'fp-ts/lib/Option.js'
 * import { MemorySet, emptyPageTable, pageTableMismatch } from 'memory-set'
 * O.isNone(pageTableMismatch(MemorySet.empty<string, null>(), emptyPageTable<string>(), 4096)) // true
 * O.isSome(pageTableMismatch(MemorySet.empty<string, null>(), emptyPageTable<string>(), 4069)) // true: a typo
 * ```
 * @since 0.1.0
 * @category page tables
 */
export const pageTableMismatch = <F>(
  areas: Iterable<{ readonly start: Addr; readonly end: Addr; readonly flags: F }>,
  pageTable: PageTable<F>,
  pageSize: number,
): O.Option<string> => {
  if (!isPowerOfTwo(pageSize)) return O.some(`pageSize must be a power of two, got ${describe(pageSize)}`)
  if (!isImmutableMap(pageTable)) return O.some(`the page table is not an Immutable.js Map: ${describe(pageTable)}`)
  const list: { start: Addr; end: Addr; flags: unknown }[] = []
  try {
    // `Array.from(5)` is `[]`: a non-iterable must be reported, not taken as "no areas".
    if (typeof (areas as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator] !== 'function') {
      return O.some(`the areas are not iterable: ${describe(areas)}`)
    }
    // Each area read once, in one pass (`areas` may be a one-shot iterator), and
    // checked at once, so an endless iterable of one area stops at its second.
    for (const area of areas) {
      const { start, end, flags } = area
      if (!isAddr(start) || !isAddr(end) || start > end) {
        return O.some(`an area from ${describe(start)} to ${describe(end)} is not an address range`)
      }
      if (start % pageSize !== 0 || end % pageSize !== 0) {
        return O.some(`the area ${showRange(start, end)} is not aligned to the page size ${hex(pageSize)}`)
      }
      // An empty area covers no page, so it overlaps nothing: left out here and below.
      if (start === end) continue
      const prev = list[list.length - 1]
      if (prev !== undefined && prev.start < end && start < prev.end) {
        return O.some(`the areas ${showRange(prev.start, prev.end)} and ${showRange(start, end)} overlap`)
      }
      list.push({ start, end, flags })
    }
  } catch (error) {
    return O.some(`reading the areas threw ${describe(error)}`)
  }
  const sorted = list.sort((a, b) => a.start - b.start)
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1]!, sorted[i]!]
    if (prev.end > next.start) {
      return O.some(`the areas ${showRange(prev.start, prev.end)} and ${showRange(next.start, next.end)} overlap`)
    }
  }
  // Pages in address order, so the message names the lowest disagreement.
  const pages = Array.from(pageTable.keys()).sort((a, b) => a - b)
  let areaIndex = 0
  for (const page of pages) {
    if (!Number.isSafeInteger(page))
      return O.some(`the page table has a key ${describe(page)} that is not a page number`)
    const addr = page * pageSize
    while (areaIndex < sorted.length && sorted[areaIndex]!.end <= addr) {
      const missing = firstUnmapped(pageTable, sorted[areaIndex]!.start / pageSize, sorted[areaIndex]!.end / pageSize)
      if (missing !== undefined) return O.some(`page at ${hex(missing * pageSize)} should be mapped but is not`)
      areaIndex++
    }
    const area = sorted[areaIndex]
    if (area === undefined || addr < area.start) return O.some(`page at ${hex(addr)} is mapped outside every area`)
    const flags = pageTable.get(page)
    if (!sameFlags(flags, area.flags)) {
      return O.some(`page at ${hex(addr)} has flags ${describe(flags)}, its area has ${describe(area.flags)}`)
    }
  }
  for (; areaIndex < sorted.length; areaIndex++) {
    const missing = firstUnmapped(pageTable, sorted[areaIndex]!.start / pageSize, sorted[areaIndex]!.end / pageSize)
    if (missing !== undefined) return O.some(`page at ${hex(missing * pageSize)} should be mapped but is not`)
  }
  return O.none
}

/** `Immutable.is`, false instead of a throw when the flags' own `equals` or `valueOf` throws. */
const sameFlags = (a: unknown, b: unknown): boolean => {
  try {
    return is(a, b)
  } catch {
    return false
  }
}

const NOOP_BACKEND = Object.freeze({
  map: () => E.right,
  unmap: () => E.right,
  protect: () => E.right,
})

/**
 * A backend that does no page-table work: every effect returns the page
 * table unchanged. For pure bookkeeping (allocator models, benchmarks).
 * Always the same object, so areas using it compare equal.
 *
 * @example
 * ```ts
 * import { MemoryArea, noopBackend } from 'memory-set'
 * const area = new MemoryArea(0, 0x1000, 'r', noopBackend<string>())
 * ```
 * @since 0.1.0
 * @category page tables
 */
export const noopBackend = <F, PT = null>(): MappingBackend<F, PT> => NOOP_BACKEND
