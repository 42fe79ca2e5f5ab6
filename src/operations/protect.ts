/**
 * `protect`: change the flags over a range, splitting areas at its edges.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Addr } from '../address.js'
import type { MemoryArea } from '../area.js'
import type { PageTableEffect } from '../backend.js'
import { MappingError } from '../error.js'
import { isOption } from '../internal/guards.js'
import { checkedRange } from '../internal/numbers.js'
import { overlappingAreas } from '../queries/overlapping.js'
import { overlap, slice } from './cut.js'
import { UNCHANGED, type AreaIndex, type Planned } from './plan.js'

/**
 * Plans `protect(start, size, updateFlags)`. `updateFlags` is called once for
 * every area overlapping the range, in address order, and for no other:
 * `None` leaves the area alone, `Some(f)` re-flags its overlapped part.
 */
export const planProtect = <F, PT>(
  index: AreaIndex<F, PT>,
  start: Addr,
  size: number,
  updateFlags: (old: F) => O.Option<F>,
): Planned<F, PT> => {
  const range = checkedRange(start, size, 'protect')
  if (E.isLeft(range)) return range
  if (typeof updateFlags !== 'function') {
    return E.left(MappingError.invalidParam('protect: updateFlags must be a function'))
  }
  const { end } = range.right
  const overlapped = Array.from(overlappingAreas(index, start, end))
  // The new flags of each overlapped area, or undefined where updateFlags said None.
  const updates: (O.Some<F> | undefined)[] = []
  let firstChanged = -1
  let lastChanged = -1
  for (const [i, area] of overlapped.entries()) {
    const update: unknown = updateFlags(area.flags)
    if (!isOption<F>(update)) {
      return E.left(MappingError.invalidParam('protect: updateFlags must return an fp-ts Option'))
    }
    if (O.isSome(update)) {
      updates.push(update)
      if (firstChanged < 0) firstChanged = i
      lastChanged = i
    } else {
      updates.push(undefined)
    }
  }
  if (firstChanged < 0) return E.right(UNCHANGED)

  const effects: PageTableEffect<PT>[] = []
  for (const [i, area] of overlapped.entries()) {
    const update = updates[i]
    if (update === undefined) continue
    const [from, to] = overlap(area, start, end)
    effects.push(area.backend.protect(from, to - from, update.value))
  }

  // One spliceRange over the run from the first to the last re-flagged area:
  // areas left alone are carried over as they are, each re-flagged one
  // becomes up to three pieces ([area.start, start) and [end, area.end) keep
  // the old flags, the overlap gets the new ones).
  const edit = (index: AreaIndex<F, PT>): AreaIndex<F, PT> => {
    const pieces: MemoryArea<F, PT>[] = []
    for (let i = firstChanged; i <= lastChanged; i++) {
      const area = overlapped[i]!
      const update = updates[i]
      if (update === undefined) {
        pieces.push(area)
        continue
      }
      const [from, to] = overlap(area, start, end)
      if (area.start < from) pieces.push(slice(area, area.start, from))
      pieces.push(slice(area, from, to, update.value))
      if (to < area.end) pieces.push(slice(area, to, area.end))
    }
    return index.spliceRange(overlapped[firstChanged]!.start, overlapped[lastChanged]!.start, pieces)
  }
  return E.right({ effects, edit })
}
