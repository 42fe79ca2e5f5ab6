/**
 * Free-area search: the lowest aligned address where `size` bytes fit.
 *
 * @internal
 * @module
 */
import * as O from 'fp-ts/lib/Option.js'
import { isAddr, type Addr, type AddrRange } from '../address.js'
import { readRange } from '../internal/guards.js'
import { alignUp, isPowerOfTwo } from '../internal/numbers.js'
import type { AreaIndex } from '../operations/plan.js'

/**
 * The lowest `a >= max(hint, limit.start)` with `a % align === 0`,
 * `a + size <= limit.end` and `[a, a + size)` free; `None` for bad arguments
 * (see `MemorySet.findFreeArea`).
 */
export const findFreeArea = <F, PT>(
  index: AreaIndex<F, PT>,
  hint: Addr,
  size: number,
  limit: AddrRange,
  align: number,
): O.Option<Addr> => {
  if (!isAddr(hint) || !isAddr(size) || size === 0 || !isPowerOfTwo(align) || size % align !== 0) return O.none
  const bounds = readRange(limit)
  if (bounds === undefined) return O.none
  const { start: lo, end: hi } = bounds
  if (!isAddr(lo) || !isAddr(hi)) return O.none
  const from = alignUp(Math.max(hint, lo), align)
  // `firstFit` answers `undefined` when `from + size > hi`, which covers `lo > hi`.
  return from === undefined ? O.none : O.fromNullable(index.firstFit(from, size, align, hi))
}

/**
 * The highest `a >= limit.start` with `a % align === 0`,
 * `a + size <= min(ceiling, limit.end)` and `[a, a + size)` free; `None` for
 * the same bad arguments as {@link findFreeArea}.
 */
export const findFreeAreaTopDown = <F, PT>(
  index: AreaIndex<F, PT>,
  ceiling: Addr,
  size: number,
  limit: AddrRange,
  align: number,
): O.Option<Addr> => {
  if (!isAddr(ceiling) || !isAddr(size) || size === 0 || !isPowerOfTwo(align) || size % align !== 0) return O.none
  const bounds = readRange(limit)
  if (bounds === undefined) return O.none
  const { start: lo, end: hi } = bounds
  if (!isAddr(lo) || !isAddr(hi)) return O.none
  // `lastFit` answers `undefined` when `top - size < lo`, which covers `lo > hi`.
  return O.fromNullable(index.lastFit(lo, size, align, Math.min(ceiling, hi)))
}
