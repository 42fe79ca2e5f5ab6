/**
 * Reference backends: a persistent per-page page table, and a backend that
 * does no page-table work at all.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Map as ImmutableMap, is } from 'immutable'
import type { Addr } from './address.js'
import { hex, isPowerOfTwo } from './internal/numbers.js'
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
}

/**
 * A {@link MappingBackend} over a {@link PageTable}, with the rules of the
 * Rust crate's mock backend: `map` fails on a page that is already mapped,
 * `unmap` and `protect` fail on a page that is not. Failures are
 * `BadState`; a range that is not page-aligned is `InvalidParam`.
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
 * @throws RangeError when `pageSize` is not a power of two.
 * @since 0.1.0
 * @category page tables
 */
export const pageTableBackend = <F>(options: PageTableBackendOptions = {}): PageTableBackend<F> => {
  const pageSize = options.pageSize ?? 4096
  if (!isPowerOfTwo(pageSize)) {
    throw new RangeError(`pageTableBackend: pageSize must be a power of two, got ${String(pageSize)}`)
  }

  /**
   * An effect over the pages of `[start, start + size)`: `check` each page's
   * current entry first (so a failure leaves nothing half-done), then `write`.
   */
  const overPages =
    (
      what: string,
      start: Addr,
      size: number,
      check: (entry: F | undefined) => boolean,
      problem: string,
      write: (table: PageTable<F>, page: number) => void,
    ): PageTableEffect<PageTable<F>> =>
    (table) => {
      if (start % pageSize !== 0 || size % pageSize !== 0) {
        return E.left(
          MappingError.invalidParam(
            `${what}: [${hex(start)}, ${hex(start + size)}) is not aligned to the page size ${hex(pageSize)}`,
          ),
        )
      }
      const first = start / pageSize
      const end = first + size / pageSize
      for (let page = first; page < end; page++) {
        if (!check(table.get(page))) {
          return E.left(MappingError.badState(`${what}: page at ${hex(page * pageSize)} ${problem}`))
        }
      }
      return E.right(
        table.withMutations((draft) => {
          for (let page = first; page < end; page++) write(draft, page)
        }),
      )
    }

  const mapped = (entry: F | undefined): boolean => entry !== undefined
  return Object.freeze({
    pageSize,
    map: (start: Addr, size: number, flags: F) =>
      overPages(
        'map',
        start,
        size,
        (entry) => entry === undefined,
        'is already mapped',
        (t, p) => {
          t.set(p, flags)
        },
      ),
    unmap: (start: Addr, size: number) =>
      overPages('unmap', start, size, mapped, 'is not mapped', (t, p) => {
        t.delete(p)
      }),
    protect: (start: Addr, size: number, newFlags: F) =>
      overPages('protect', start, size, mapped, 'is not mapped', (t, p) => {
        t.set(p, newFlags)
      }),
  })
}

/**
 * Where `pageTable` disagrees with the areas of `areas` (each page of each
 * area mapped with the area's flags, no other page mapped), or `None` when
 * they agree. For tests and verification of code built on the reference backend.
 *
 * @example
 * ```ts
 * import * as O from 'fp-ts/lib/Option.js'
 * import { MemorySet, emptyPageTable, pageTableMismatch } from 'memory-set'
 * O.isNone(pageTableMismatch(MemorySet.empty<string, null>(), emptyPageTable<string>(), 4096)) // true
 * ```
 * @since 0.1.0
 * @category page tables
 */
export const pageTableMismatch = <F>(
  areas: Iterable<{ readonly start: Addr; readonly end: Addr; readonly flags: F }>,
  pageTable: PageTable<F>,
  pageSize: number,
): O.Option<string> => {
  let pages = 0
  for (const area of areas) {
    for (let page = area.start / pageSize; page < area.end / pageSize; page++) {
      pages++
      const entry = pageTable.get(page)
      if (entry === undefined) return O.some(`page at ${hex(page * pageSize)} should be mapped but is not`)
      if (!is(entry, area.flags)) {
        return O.some(`page at ${hex(page * pageSize)} has flags ${String(entry)}, its area has ${String(area.flags)}`)
      }
    }
  }
  if (pages !== pageTable.size) {
    const stray = pageTable.findKey((_flags, page) => !inAreas(areas, page * pageSize))
    return O.some(
      stray === undefined
        ? `the areas overlap: they cover ${pages} pages counted with repeats, the page table maps ${pageTable.size}`
        : `page at ${hex(stray * pageSize)} is mapped outside every area`,
    )
  }
  return O.none
}

const inAreas = (areas: Iterable<{ readonly start: Addr; readonly end: Addr }>, addr: Addr): boolean => {
  for (const area of areas) if (area.start <= addr && addr < area.end) return true
  return false
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
