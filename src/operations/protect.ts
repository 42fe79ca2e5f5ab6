/**
 * `protect`: change the flags over a range, splitting areas at its edges.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { Addr } from '../address.js'
import { MemoryArea } from '../area.js'
import type { PageTableEffect } from '../backend.js'
import { MappingError } from '../error.js'
import { describe } from '../internal/describe.js'
import { isCallable, readOption } from '../internal/guards.js'
import { checkedRange, hex } from '../internal/numbers.js'
import { overlappingArray } from '../queries/overlapping.js'
import { cut, overlap } from './cut.js'
import { UNCHANGED, backendEffect, type AreaIndex, type Planned } from './plan.js'

/**
 * Plans `protect(start, size, updateFlags)`. `updateFlags` is called once for
 * every area overlapping the range, in address order, and for no other:
 * `None` leaves the area alone, `Some(f)` re-flags its overlapped part.
 * With `strict`, an unmapped address anywhere in the range is `NotMapped`
 * (checked before `updateFlags` is called at all).
 */
export const planProtect = <F, PT>(
  index: AreaIndex<F, PT>,
  start: Addr,
  size: number,
  updateFlags: (old: F) => O.Option<F>,
  strict: boolean,
): Planned<F, PT> => {
  const range = checkedRange(start, size, 'protect')
  if (E.isLeft(range)) return range
  if (!isCallable(updateFlags)) {
    return E.left(MappingError.invalidParam('protect: updateFlags must be a function'))
  }
  const { end } = range.right
  const overlapped = overlappingArray(index, start, end)
  if (strict) {
    const hole = firstHole(overlapped, start, end)
    if (hole !== undefined) {
      return E.left(MappingError.notMapped(`protect: ${hex(hole)} is not mapped (strict)`))
    }
  }

  // The new flags of each overlapped area, or undefined where updateFlags said None.
  // Each answer is read once, `_tag` and `value` (issue 6, finding 8): a
  // getter or a Proxy cannot give the page table and the area different flags.
  const updates: ({ readonly flags: F } | undefined)[] = []
  let firstChanged = -1
  let lastChanged = -1
  for (const [i, area] of overlapped.entries()) {
    const returned: unknown = updateFlags(area.flags)
    const update = readOption(returned) as O.Option<F> | undefined
    if (update === undefined) {
      return E.left(
        MappingError.invalidParam(`protect: updateFlags must return an fp-ts Option, got ${describe(returned)}`),
      )
    }
    if (O.isSome(update)) {
      updates.push({ flags: update.value })
      if (firstChanged < 0) firstChanged = i
      lastChanged = i
    } else {
      updates.push(undefined)
    }
  }
  if (firstChanged < 0) return E.right(UNCHANGED)

  // One spliceRange over the run from the first to the last re-flagged area:
  // areas left alone are carried over as they are, each re-flagged one
  // becomes up to three pieces ([area.start, start) and [end, area.end) keep
  // the old flags, the overlap gets the new ones).
  const effects: PageTableEffect<PT>[] = []
  const pieces: MemoryArea<F, PT>[] = []
  for (let i = firstChanged; i <= lastChanged; i++) {
    const area = overlapped[i]!
    const update = updates[i]
    if (update === undefined) {
      pieces.push(area)
      continue
    }
    const [from, to] = overlap(area, start, end)
    const parts = cut(area, from, to)
    if (E.isLeft(parts)) return parts
    const { left, middle, right } = parts.right
    effects.push(backendEffect(middle.backend, 'protect', from, to - from, update.flags))
    if (left !== undefined) pieces.push(left)
    pieces.push(new MemoryArea(from, to - from, update.flags, middle.backend))
    if (right !== undefined) pieces.push(right)
  }
  const run = [overlapped[firstChanged]!.start, overlapped[lastChanged]!.start] as const
  return E.right({ effects, edit: { run, pieces } })
}

/** The first address of `[start, end)` that no area of `overlapped` (those intersecting it, in order) covers. */
const firstHole = (
  overlapped: readonly { readonly start: Addr; readonly end: Addr }[],
  start: Addr,
  end: Addr,
): Addr | undefined => {
  let covered = start
  for (const area of overlapped) {
    if (area.start > covered) return covered
    covered = area.end
  }
  return covered < end ? covered : undefined
}
