/**
 * The backend interface: how a `MemorySet` asks for page-table work.
 *
 * @packageDocumentation
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { Addr } from './address.js'
import type { MappingError } from './error.js'

/**
 * One step of page-table work as a pure function from one page-table value
 * to the next. `Left` means the step failed; the caller keeps the old value.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import type { PageTableEffect } from 'memory-set'
 * const nothing: PageTableEffect<number> = (pt) => E.right(pt)
 * ```
 * @since 0.1.0
 * @category model
 */
export type PageTableEffect<PT> = (pageTable: PT) => Either<MappingError, PT>

/**
 * Describes the page-table work behind each memory area. A `MemorySet` calls
 * these methods with exactly the byte ranges an operation touches, runs the
 * returned effects in order, and commits only if all of them succeed.
 *
 * Backends are compared by identity (`===`) in `MemoryArea.equals`, so share
 * one backend object between areas of the same kind.
 *
 * @typeParam F - the flags type (permission bits, a record, ...).
 * @typeParam PT - the page-table value the effects transform.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import type { MappingBackend } from 'memory-set'
 * // Counts mapped bytes; the "page table" is just that number.
 * const counting: MappingBackend<string, number> = {
 *   map: (_start, size) => (pt) => E.right(pt + size),
 *   unmap: (_start, size) => (pt) => E.right(pt - size),
 *   protect: () => (pt) => E.right(pt),
 * }
 * ```
 * @since 0.1.0
 * @category model
 */
export interface MappingBackend<F, PT> {
  /** Map `[start, start + size)` with `flags`. */
  map(start: Addr, size: number, flags: F): PageTableEffect<PT>
  /** Unmap `[start, start + size)`. */
  unmap(start: Addr, size: number): PageTableEffect<PT>
  /** Change the flags of the mapped range `[start, start + size)` to `newFlags`. */
  protect(start: Addr, size: number, newFlags: F): PageTableEffect<PT>
}
