/**
 * `clear`: unmap every area.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { PageTableEffect } from '../backend.js'
import { UNCHANGED, type AreaIndex, type Planned } from './plan.js'

/** Plans `clear()`: backend `unmap` on every area in address order; the index keeps its node size. */
export const planClear = <F, PT>(index: AreaIndex<F, PT>): Planned<F, PT> => {
  if (index.size === 0) return E.right(UNCHANGED)
  const effects: PageTableEffect<PT>[] = []
  for (const area of index) effects.push(area.backend.unmap(area.start, area.size))
  return E.right({ effects, edit: 'clear' })
}
