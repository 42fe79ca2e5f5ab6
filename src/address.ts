/**
 * Addresses and address ranges.
 *
 * Addresses are plain JavaScript numbers restricted to the non-negative safe
 * integers, so every sum the library forms is exact: a range may end at most
 * at `Number.MAX_SAFE_INTEGER` and nothing ever wraps around (the checks live
 * in `internal/numbers.ts`).
 *
 * @packageDocumentation
 */

/**
 * A byte address: a non-negative safe integer.
 *
 * @since 0.1.0
 * @category model
 */
export type Addr = number

/**
 * A half-open address range `[start, end)`.
 *
 * @example
 * ```ts
 * import type { AddrRange } from 'memory-set'
 * const range: AddrRange = { start: 0x1000, end: 0x2000 } // 4 KiB
 * ```
 * @since 0.1.0
 * @category model
 */
export interface AddrRange {
  readonly start: Addr
  readonly end: Addr
}

/**
 * Whether `value` is a valid {@link Addr} (a non-negative safe integer).
 *
 * @example
 * ```ts
 * import { isAddr } from 'memory-set'
 * isAddr(0x1000) // true
 * isAddr(-1) || isAddr(1.5) || isAddr(NaN) // false
 * ```
 * @since 0.1.0
 * @category guards
 */
export const isAddr = (value: unknown): value is Addr =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
