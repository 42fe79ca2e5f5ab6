/**
 * Addresses and address ranges, with overflow-safe checks.
 *
 * Addresses are plain JavaScript numbers restricted to the non-negative safe
 * integers, so every sum the library forms is exact: a range may end at most
 * at `Number.MAX_SAFE_INTEGER` and nothing ever wraps around.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { MappingError } from './error.js'

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

/** `0x1f00`-style rendering for messages; anything that is not an address is shown as is. */
export const hex = (value: unknown): string => (isAddr(value) ? `0x${value.toString(16)}` : String(value))

/**
 * Why `[start, start + size)` is not a valid range, or `undefined` when it is.
 * Shared by the `MemoryArea` constructor (which throws) and `MemorySet`
 * operations (which return `Left`), so both say the same thing.
 */
export const rangeProblem = (start: unknown, size: unknown): string | undefined => {
  if (!isAddr(start)) return `start must be a non-negative safe integer, got ${String(start)}`
  if (!isAddr(size)) return `size must be a non-negative safe integer, got ${String(size)}`
  if (size > Number.MAX_SAFE_INTEGER - start)
    return `start ${hex(start)} + size ${hex(size)} exceeds Number.MAX_SAFE_INTEGER`
  return undefined
}

/**
 * `[start, start + size)` as a range, or an `InvalidParam` error naming the bad number.
 *
 * @internal
 */
export const checkedRange = (start: unknown, size: unknown, what: string): E.Either<MappingError, AddrRange> => {
  const problem = rangeProblem(start, size)
  return problem === undefined
    ? E.right({ start: start as Addr, end: (start as Addr) + (size as number) })
    : E.left(MappingError.invalidParam(`${what}: ${problem}`))
}

/** Whether `value` is a positive power of two that is a safe integer. */
export const isPowerOfTwo = (value: number): boolean => {
  if (!Number.isSafeInteger(value) || value <= 0) return false
  // Halving is exact for every safe integer; bit tricks would truncate to 32 bits.
  let rest = value
  while (rest % 2 === 0) rest /= 2
  return rest === 1
}

/**
 * The least multiple of `align` (a power of two) that is `>= value`, or
 * `undefined` when that would pass `Number.MAX_SAFE_INTEGER`.
 *
 * Division by a power of two is exact in binary floating point, so
 * `Math.ceil(value / align) * align` is exact for every safe integer.
 */
export const alignUp = (value: number, align: number): number | undefined => {
  const aligned = Math.ceil(value / align) * align
  return aligned <= Number.MAX_SAFE_INTEGER ? aligned : undefined
}
