/**
 * Cutting areas: the part of an area inside a range, and a copy of an area
 * restricted to a sub-range. Every operation that shrinks, splits or
 * re-flags an area goes through here.
 *
 * @internal
 * @module
 */
import type { Addr } from '../address.js'
import { MemoryArea } from '../area.js'

/** The part `[from, to)` of `area` that lies inside `[start, end)` (which intersects it). */
export const overlap = (area: { readonly start: Addr; readonly end: Addr }, start: Addr, end: Addr): [Addr, Addr] => [
  Math.max(area.start, start),
  Math.min(area.end, end),
]

/** A copy of `area` restricted to `[start, end)` (which lies inside it), optionally re-flagged. */
export const slice = <F, PT>(
  area: MemoryArea<F, PT>,
  start: Addr,
  end: Addr,
  flags: F = area.flags,
): MemoryArea<F, PT> => new MemoryArea(start, end - start, flags, area.backend)
