/**
 * Data-last `MemorySet` operations over a `(set, pageTable)` state, for
 * fp-ts `pipe` and `flow`: `op(arguments)(state)`, one call style each.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { Addr } from '../address.js'
import type { MemoryArea } from '../area.js'
import type { MappingError } from '../error.js'
import { MemorySet, type MappingResult, type MemorySetOptions } from '../memory-set.js'

/**
 * A complete address-space snapshot: the set and its page table.
 *
 * @since 0.2.0
 * @category model
 */
export type State<F, PT> = readonly [MemorySet<F, PT>, PT]

/**
 * One operation waiting for its state: a Kleisli arrow for `E.flatMap`.
 *
 * @since 0.2.0
 * @category model
 */
export type Step<F, PT> = (state: State<F, PT>) => MappingResult<F, PT>

/**
 * The state with the empty set and `pageTable`.
 *
 * @example
 * ```ts
 * import { emptyPageTable } from 'memory-set'
 * import { init } from 'memory-set/pipeable'
 * const [set, pt] = init<string, ReturnType<typeof emptyPageTable<string>>>(emptyPageTable())
 * set.size // 0
 * ```
 * @since 0.2.0
 * @category constructors
 */
export const init = <F, PT>(pageTable: PT, options?: MemorySetOptions): State<F, PT> => [
  MemorySet.empty<F, PT>(options),
  pageTable,
]

/**
 * Options of {@link map}.
 *
 * @since 0.2.0
 * @category operations
 */
export interface MapOptions {
  /** Unmap whatever the area overlaps first (default `false`: overlap is `AlreadyExists`). */
  readonly unmapOverlap?: boolean
}

/**
 * `set.map(area, pageTable, unmapOverlap)`, data last.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { init, map } from 'memory-set/pipeable'
 * const backend = noopBackend<string>()
 * const result = pipe(init<string, null>(null), map(new MemoryArea(0x1000, 0x1000, 'r', backend)))
 * E.isRight(result) // true
 * ```
 * @since 0.2.0
 * @category operations
 */
export const map =
  <F, PT>(area: MemoryArea<F, PT>, options: MapOptions = {}): Step<F, PT> =>
  ([set, pageTable]) =>
    set.map(area, pageTable, options.unmapOverlap === true)

/**
 * `set.unmap(start, size, pageTable)`, data last.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { init, map, unmap } from 'memory-set/pipeable'
 * const result = pipe(
 *   init<string, null>(null),
 *   map(new MemoryArea(0, 0x4000, 'rw', noopBackend<string>())),
 *   E.flatMap(unmap(0x1000, 0x1000)),
 * ) // areas [0x0, 0x1000) and [0x2000, 0x4000)
 * ```
 * @since 0.2.0
 * @category operations
 */
export const unmap =
  <F, PT>(start: Addr, size: number): Step<F, PT> =>
  ([set, pageTable]) =>
    set.unmap(start, size, pageTable)

/**
 * `set.protect(start, size, updateFlags, pageTable)`, data last.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { init, map, protect } from 'memory-set/pipeable'
 * const result = pipe(
 *   init<string, null>(null),
 *   map(new MemoryArea(0, 0x2000, 'rw', noopBackend<string>())),
 *   E.flatMap(protect(0, 0x1000, () => O.some('r'))),
 * ) // areas [0x0, 0x1000) r and [0x1000, 0x2000) rw
 * ```
 * @since 0.2.0
 * @category operations
 */
export const protect =
  <F, PT>(start: Addr, size: number, updateFlags: (old: F) => O.Option<F>): Step<F, PT> =>
  ([set, pageTable]) =>
    set.protect(start, size, updateFlags, pageTable)

/**
 * `set.clear(pageTable)`: a step itself (it takes no arguments).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { clear, init, map } from 'memory-set/pipeable'
 * const result = pipe(init<string, null>(null), map(new MemoryArea(0, 0x1000, 'r', noopBackend<string>())), E.flatMap(clear))
 * ```
 * @since 0.2.0
 * @category operations
 */
export const clear = <F, PT>([set, pageTable]: State<F, PT>): MappingResult<F, PT> => set.clear(pageTable)

/**
 * The steps run one after the other, stopping at the first `Left` (a
 * Kleisli fold). No steps: the state unchanged.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { init, map, protect, sequence, unmap } from 'memory-set/pipeable'
 * const backend = noopBackend<string>()
 * const program = sequence<string, null>([
 *   map(new MemoryArea(0, 0x4000, 'rw', backend)),
 *   protect(0, 0x1000, () => O.some('r')),
 *   unmap(0x3000, 0x1000),
 * ])
 * E.isRight(program(init(null))) // true
 * ```
 * @since 0.2.0
 * @category combinators
 */
export const sequence =
  <F, PT>(steps: readonly Step<F, PT>[]): Step<F, PT> =>
  (state) => {
    let current: MappingResult<F, PT> = E.right(state)
    for (const step of steps) {
      if (E.isLeft(current)) return current
      current = step(current.right)
    }
    return current
  }

/**
 * A one-line description of an error: `"AlreadyExists: map: [0x1000, ...) overlaps ..."`.
 *
 * @example
 * ```ts
 * import { MappingError } from 'memory-set'
 * import { formatError } from 'memory-set/pipeable'
 * formatError(MappingError.badState('page 0x3000 is not mapped')) // 'BadState: page 0x3000 is not mapped'
 * ```
 * @since 0.2.0
 * @category destructors
 */
export const formatError = (error: MappingError): string => `${error._tag}: ${error.message}`
