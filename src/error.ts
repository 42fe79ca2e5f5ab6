/**
 * Errors returned (never thrown) by `MemorySet` operations and backends.
 *
 * @packageDocumentation
 */

/**
 * The kinds of mapping failure. More tags may be added in later versions, so
 * handle unknown tags in a `default` branch.
 *
 * - `InvalidParam`: an argument is out of range (bad number, size 0 map, ...).
 * - `AlreadyExists`: `map` without `unmapOverlap` over an existing area.
 * - `BadState`: the page table is not in the state an operation expects
 *   (mapping a page that is mapped, unmapping one that is not, ...), or a
 *   backend broke its contract (an effect or hook returned a malformed value).
 * - `NotMapped`: a strict operation (`protect(..., { strict: true })`) met
 *   an address that no area covers (since 0.2.0).
 *
 * @since 0.1.0
 * @category model
 */
export type MappingErrorTag = 'InvalidParam' | 'AlreadyExists' | 'BadState' | 'NotMapped'

/**
 * A failed mapping operation: a tag to branch on and a message with the
 * numbers involved.
 *
 * @example
 * ```ts
 * import { MappingError } from 'memory-set'
 * const err = MappingError.invalidParam('size must be positive, got 0')
 * err._tag // 'InvalidParam'
 * ```
 * @since 0.1.0
 * @category model
 */
export interface MappingError {
  readonly _tag: MappingErrorTag
  readonly message: string
}

const make =
  (tag: MappingErrorTag) =>
  (message: string): MappingError =>
    Object.freeze({ _tag: tag, message })

/**
 * Constructors for {@link MappingError} values, one per tag.
 *
 * @example
 * ```ts
 * import { MappingError } from 'memory-set'
 * MappingError.badState('page 0x3 is not mapped').message // 'page 0x3 is not mapped'
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const MappingError = Object.freeze({
  /** An argument is out of range. */
  invalidParam: make('InvalidParam'),
  /** The requested range is already (partly) mapped. */
  alreadyExists: make('AlreadyExists'),
  /** The page table is not in the expected state, or a backend broke its contract. */
  badState: make('BadState'),
  /** A strict operation met an unmapped address. */
  notMapped: make('NotMapped'),
})
