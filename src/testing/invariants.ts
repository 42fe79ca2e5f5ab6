/**
 * The invariant checker: what must hold of every `MemorySet` (and of its
 * reference page table) after every operation.
 *
 * @packageDocumentation
 */
import * as O from 'fp-ts/lib/Option.js'
import { is } from 'immutable'
import type { MemorySet } from '../memory-set.js'
import { pageTableMismatch, type PageTable } from '../page-table-backend.js'
import { hex } from '../internal/numbers.js'

/**
 * Options of {@link invariantProblem}: give `pageTable` (and its `pageSize`,
 * default 4096) to check page-table coherence as well.
 *
 * @since 0.2.0
 * @category testing
 */
export interface InvariantOptions<F> {
  /** A reference page table (`pageTableBackend`) that must agree with the areas. */
  readonly pageTable?: PageTable<F>
  /** Bytes per page of `pageTable`. Default 4096. */
  readonly pageSize?: number
}

/**
 * The first broken invariant of `set`, as a sentence, or `None` when all hold:
 * every area is a non-empty range of safe integers; areas come in ascending
 * order and do not overlap; `size` counts them; `find` finds each at its
 * first and last byte; a merging set has no two adjacent areas with
 * `Immutable.is`-equal flags and the same backend; and, given a
 * `pageTable`, it maps exactly the areas' pages with their flags.
 *
 * @example
 * ```ts
 * import * as O from 'fp-ts/lib/Option.js'
 * import { MemorySet } from 'memory-set'
 * import { invariantProblem } from 'memory-set/testing'
 * O.isNone(invariantProblem(MemorySet.empty<string, null>())) // true
 * ```
 * @since 0.2.0
 * @category testing
 */
export const invariantProblem = <F, PT>(set: MemorySet<F, PT>, options: InvariantOptions<F> = {}): O.Option<string> => {
  let count = 0
  let previous:
    { readonly start: number; readonly end: number; readonly flags: F; readonly backend: unknown } | undefined
  const merging = (set as { readonly merging?: unknown }).merging === true
  for (const area of set) {
    count++
    const where = `area #${count} [${hex(area.start)}, ${hex(area.end)})`
    if (!Number.isSafeInteger(area.start) || !Number.isSafeInteger(area.end) || area.start < 0) {
      return O.some(`${where} is not a range of non-negative safe integers`)
    }
    if (area.start >= area.end) return O.some(`${where} is empty`)
    if (previous !== undefined) {
      if (previous.end > area.start) {
        return O.some(`${where} starts before the previous area [${hex(previous.start)}, ${hex(previous.end)}) ends`)
      }
      if (
        merging &&
        previous.end === area.start &&
        previous.backend === area.backend &&
        is(previous.flags, area.flags) &&
        (area.backend as { readonly merge?: unknown }).merge === undefined
      ) {
        return O.some(`${where} should have been merged with the area before it (same flags and backend)`)
      }
    }
    for (const addr of [area.start, area.end - 1]) {
      const found = set.find(addr)
      if (O.isNone(found) || found.value !== area) return O.some(`find(${hex(addr)}) does not give ${where}`)
    }
    previous = area
  }
  if (count !== set.size) return O.some(`size is ${set.size} but the set iterates ${count} areas`)
  if (options.pageTable !== undefined) {
    const mismatch = pageTableMismatch(set, options.pageTable, options.pageSize ?? 4096)
    if (O.isSome(mismatch)) return O.some(`page table: ${mismatch.value}`)
  }
  return O.none
}

/**
 * {@link invariantProblem} as an assertion: throws an `Error` naming the
 * broken invariant and listing the areas, for use after every step of a test.
 *
 * @throws Error when an invariant is broken.
 * @example
 * ```ts
 * import { MemorySet } from 'memory-set'
 * import { assertInvariants } from 'memory-set/testing'
 * assertInvariants(MemorySet.empty<string, null>()) // returns
 * ```
 * @since 0.2.0
 * @category testing
 */
export const assertInvariants = <F, PT>(set: MemorySet<F, PT>, options?: InvariantOptions<F>): void => {
  const problem = invariantProblem(set, options)
  if (O.isSome(problem)) throw new Error(`MemorySet invariant broken: ${problem.value}\n  in ${String(set)}`)
}
