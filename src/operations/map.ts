/**
 * `map`: add an area, optionally unmapping whatever it overlaps first.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { MemoryArea } from '../area.js'
import { MappingError } from '../error.js'
import { checkArea } from '../internal/area-guard.js'
import { describe } from '../internal/describe.js'
import { hex, showRange } from '../internal/numbers.js'
import { overlappingArray } from '../queries/overlapping.js'
import { backendEffect, type AreaIndex, type Planned } from './plan.js'
import { planCutOut } from './unmap.js'

/**
 * Plans `map(area, unmapOverlap)`: size 0 is `InvalidParam`; an overlap is
 * `AlreadyExists` unless `unmapOverlap`, in which case the overlapped parts
 * are unmapped exactly as `unmap` would before the backend maps the area.
 */
export const planMap = <F, PT>(
  index: AreaIndex<F, PT>,
  candidate: MemoryArea<F, PT>,
  unmapOverlap: boolean,
): Planned<F, PT> => {
  // Whatever the object claims (a forged or foreign area, a lying subclass),
  // what goes into the set is checked here (issue 6, finding 2).
  const checked = checkArea<F, PT>(candidate, 'map')
  if (E.isLeft(checked)) return checked
  const area = checked.right
  if (typeof unmapOverlap !== 'boolean') {
    return E.left(MappingError.invalidParam(`map: unmapOverlap must be a boolean, got ${describe(unmapOverlap)}`))
  }
  // `end - start`, never `area.size`: a subclass may override the getter.
  const size = area.end - area.start
  if (size === 0) return E.left(MappingError.invalidParam(`map: area at ${hex(area.start)} has size 0`))
  const overlapped = overlappingArray(index, area.start, area.end)
  if (overlapped.length === 0) {
    return E.right({
      effects: [backendEffect(area.backend, 'map', area.start, size, area.flags)],
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
