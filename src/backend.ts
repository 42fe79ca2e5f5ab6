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
 * A backend whose state depends on the position in its area (a file offset)
 * implements the optional `split` and `merge` hooks; see the "split-aware
 * backends" example in `docs/backends.md`.
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
  /**
   * Optional: the backends of the two parts `[0, offset)` and `[offset, size)`
   * of this backend's area when the area is cut at `offset` bytes from its
   * start (by `unmap`, an overwriting `map` or `protect`), so that state tied
   * to a position, such as a file offset, follows the cut (as Linux's
   * `vm_pgoff` does). Without it, both parts keep this backend. Effects on a
   * part are asked of that part's backend. Pure bookkeeping: no page-table work.
   *
   * @since 0.2.0
   */
  split?(offset: number): readonly [MappingBackend<F, PT>, MappingBackend<F, PT>]
  /**
   * Optional, for merging sets: the backend of this backend's area (`size`
   * bytes) joined with the area right after it, whose backend is `next`, or
   * `undefined` when the two must stay apart (say, non-contiguous file
   * offsets). Without it, two areas merge only when they share the very same
   * backend object. Pure bookkeeping: no page-table work.
   *
   * @since 0.2.0
   */
  merge?(next: MappingBackend<F, PT>, size: number): MappingBackend<F, PT> | undefined
}
