/**
 * `clear`: unmap every area.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { PageTableEffect } from '../backend.js'
import { UNCHANGED, backendEffect, type AreaIndex, type Planned } from './plan.js'

/** Plans `clear()`: backend `unmap` on every area in address order; the index keeps its node size. */
export const planClear = <F, PT>(index: AreaIndex<F, PT>): Planned<F, PT> => {
  if (index.size === 0) return E.right(UNCHANGED)
  const effects: PageTableEffect<PT>[] = []
  // `end - start`, never `size`: a subclass may override the getter.
  for (const area of index) effects.push(backendEffect(area.backend, 'unmap', area.start, area.end - area.start))
  return E.right({ effects, edit: 'clear' })
}
