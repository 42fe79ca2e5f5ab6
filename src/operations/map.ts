/**
 * `map`: add an area, optionally unmapping whatever it overlaps first.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { MemoryArea } from '../area.js'
import { MappingError } from '../error.js'
import { hex, showRange } from '../internal/numbers.js'
import { overlappingAreas } from '../queries/overlapping.js'
import type { AreaIndex, Planned } from './plan.js'
import { planCutOut } from './unmap.js'

/**
 * Plans `map(area, unmapOverlap)`: size 0 is `InvalidParam`; an overlap is
 * `AlreadyExists` unless `unmapOverlap`, in which case the overlapped parts
 * are unmapped exactly as `unmap` would before the backend maps the area.
 */
export const planMap = <F, PT>(
  index: AreaIndex<F, PT>,
  area: MemoryArea<F, PT>,
  unmapOverlap: boolean,
): Planned<F, PT> => {
  // The constructor validated the numbers and instances are frozen, so a
  // MemoryArea is always a well-formed range.
  if (!(area instanceof MemoryArea)) {
    return E.left(MappingError.invalidParam(`map: area must be a MemoryArea, got ${String(area)}`))
  }
  if (area.size === 0) return E.left(MappingError.invalidParam(`map: area at ${hex(area.start)} has size 0`))
  const overlapped = Array.from(overlappingAreas(index, area.start, area.end))
  if (overlapped.length === 0) {
    return E.right({
      effects: [area.backend.map(area.start, area.size, area.flags)],
      edit: { run: undefined, pieces: [area] },
    })
  }
  if (!unmapOverlap) {
    const first = overlapped[0]!
    return E.left(
      MappingError.alreadyExists(
        `map: ${showRange(area.start, area.end)} overlaps the area ${showRange(first.start, first.end)}`,
      ),
    )
  }
  return planCutOut(overlapped, area.start, area.end, area)
}
