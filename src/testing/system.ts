/**
 * The adapter between the testing kit and a memory manager: the user's
 * implementation under test, or a reference model built on memory-set.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Addr } from '../address.js'
import { MemoryArea } from '../area.js'
import { MemorySet } from '../memory-set.js'
import { noopBackend } from '../page-table-backend.js'

/**
 * A memory manager seen through map / unmap / protect and a per-address
 * lookup. `S` is its state: a persistent value, or a mutable object that
 * each call changes and returns.
 *
 * Each call returns `Right(state after the call)` when it succeeded and
 * `Left(error)` when it failed (the error is whatever the system reports:
 * an errno, an exception's message, ...). A failed call must leave the
 * state as it was.
 *
 * @typeParam F - what `lookup` reports for a mapped page (flags, protection bits).
 * @typeParam S - the system's state.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import type { SystemAdapter } from 'memory-set/testing'
 * // A toy mmap over a mutable page array, page size 4096.
 * const toy: SystemAdapter<number, (number | undefined)[]> = {
 *   create: () => [],
 *   map: (pages, start, size, prot) => {
 *     for (let a = start; a < start + size; a += 4096) if (pages[a / 4096] !== undefined) return E.left('EEXIST')
 *     for (let a = start; a < start + size; a += 4096) pages[a / 4096] = prot
 *     return E.right(pages)
 *   },
 *   unmap: (pages, start, size) => {
 *     for (let a = start; a < start + size; a += 4096) pages[a / 4096] = undefined
 *     return E.right(pages)
 *   },
 *   protect: (pages, start, size, prot) => {
 *     for (let a = start; a < start + size; a += 4096) if (pages[a / 4096] !== undefined) pages[a / 4096] = prot
 *     return E.right(pages)
 *   },
 *   lookup: (pages, addr) => O.fromNullable(pages[Math.floor(addr / 4096)]),
 * }
 * ```
 * @since 0.2.0
 * @category testing
 */
export interface SystemAdapter<F, S> {
  /** A fresh system with nothing mapped (called once per test run). */
  create(): S
  /** Map `[start, start + size)` with `flags`. */
  map(system: S, start: Addr, size: number, flags: F): E.Either<unknown, S>
  /** Unmap `[start, start + size)`. */
  unmap(system: S, start: Addr, size: number): E.Either<unknown, S>
  /** Change the flags of `[start, start + size)` to `flags`. */
  protect(system: S, start: Addr, size: number, flags: F): E.Either<unknown, S>
  /** What is mapped at `addr`, if anything. */
  lookup(system: S, addr: Addr): O.Option<F>
  /**
   * The state a failed call leaves, when failing still changes something
   * (Linux's `mprotect` stops at the first hole with `ENOMEM`, keeping what
   * it changed before). Default: the state before the call (for a mutable
   * system, that is the same object, changes included).
   */
  afterFailure?(system: S, error: unknown): S
}

/**
 * Options of {@link seedModel}.
 *
 * @since 0.2.0
 * @category testing
 */
export interface SeedModelOptions {
  /**
   * What `map` over a mapped range does: `'fails'` (`AlreadyExists`, the
   * default; like `MAP_FIXED_NOREPLACE`) or `'replaces'` (the overlapped parts
   * are unmapped first; like `MAP_FIXED`).
   */
  readonly mapOverlap?: 'fails' | 'replaces'
}

/**
 * memory-set's own semantics (the Rust crate's, with its bugs fixed) as a
 * {@link SystemAdapter}, the default reference of {@link checkImplementation}:
 * `map` of a size-0 range fails, `map` over a mapped range fails or replaces
 * (see {@link SeedModelOptions}), `unmap` of unmapped memory succeeds and
 * does nothing, `protect` re-flags the mapped parts of the range and skips
 * holes. Adjacent areas are never merged, which a per-page comparison does
 * not see.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { seedModel } from 'memory-set/testing'
 * const model = seedModel<number>()
 * E.isLeft(model.unmap(model.create(), 0, 0x1000)) // false: unmapping nothing succeeds
 * ```
 * @since 0.2.0
 * @category testing
 */
export const seedModel = <F>(options: SeedModelOptions = {}): SystemAdapter<F, MemorySet<F, null>> => {
  const backend = noopBackend<F>()
  const replace = options.mapOverlap === 'replaces'
  const first = <A>(result: E.Either<unknown, readonly [A, null]>): E.Either<unknown, A> =>
    E.map(([set]: readonly [A, null]) => set)(result)
  return {
    create: () => MemorySet.empty<F, null>(),
    map: (set, start, size, flags) => {
      // Bad numbers make the MemoryArea constructor throw; a model reports them as a Left.
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(size) || start < 0 || size < 0) {
        return E.left({ _tag: 'InvalidParam', message: `map: bad range ${start}, ${size}` })
      }
      return first(set.map(new MemoryArea(start, size, flags, backend), null, replace))
    },
    unmap: (set, start, size) => first(set.unmap(start, size, null)),
    protect: (set, start, size, flags) => first(set.protect(start, size, () => O.some(flags), null)),
    lookup: (set, addr) => O.map((area: MemoryArea<F, null>) => area.flags)(set.find(addr)),
  }
}
