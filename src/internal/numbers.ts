/**
 * Number helpers shared by the library's modules: hex rendering for
 * messages, overflow-safe range checks and power-of-two alignment. Not public
 * API (the public guard is `isAddr` in `address.ts`).
 *
 * Every address is a non-negative safe integer, so every sum formed here is
 * exact and nothing wraps around.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { isAddr, type Addr, type AddrRange } from '../address.js'
import { MappingError } from '../error.js'
import { describe } from './describe.js'

/** `0x1f00`-style rendering for messages; anything that is not an address is shown as is. */
export const hex = (value: unknown): string => (isAddr(value) ? `0x${value.toString(16)}` : describe(value))

/** `[0x1000, 0x2000)` for messages. */
export const showRange = (start: unknown, end: unknown): string => `[${hex(start)}, ${hex(end)})`

/**
 * Why `[start, start + size)` is not a valid range, or `undefined` when it is.
 * Shared by the `MemoryArea` constructor (which throws) and `MemorySet`
 * operations (which return `Left`), so both say the same thing.
 */
export const rangeProblem = (start: unknown, size: unknown): string | undefined => {
  if (!isAddr(start)) return `start must be a non-negative safe integer, got ${describe(start)}`
  if (!isAddr(size)) return `size must be a non-negative safe integer, got ${describe(size)}`
  if (size > Number.MAX_SAFE_INTEGER - start)
    return `start ${hex(start)} + size ${hex(size)} exceeds Number.MAX_SAFE_INTEGER`
  return undefined
}

/** `[start, start + size)` as a range, or an `InvalidParam` error naming the bad number. */
export const checkedRange = (start: unknown, size: unknown, what: string): E.Either<MappingError, AddrRange> => {
  const problem = rangeProblem(start, size)
  return problem === undefined
    ? E.right({ start: start as Addr, end: (start as Addr) + (size as number) })
    : E.left(MappingError.invalidParam(`${what}: ${problem}`))
}

/** Whether `value` is a positive power of two that is a safe integer. */
export const isPowerOfTwo = (value: unknown): value is number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) return false
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
