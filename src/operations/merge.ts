/**
 * The merge step of merging sets: adjacent compatible areas become one.
 *
 * Two areas `a`, `b` with `a.end === b.start` are compatible when their flags
 * are `Immutable.is`-equal and their backends merge: `a.backend.merge(b.backend,
 * a.size)` when `a`'s backend has the hook (it returns the joined backend, or
 * `undefined` to keep them apart), otherwise only the very same backend
 * object. Merging is bookkeeping: no effect runs for it.
 *
 * An operation on a merging set plans as on any set and then passes its edit
 * through {@link mergeEdit}, which widens the replaced run by the neighbour
 * on each side and joins whatever became compatible. The set was maximally
 * merged before, so only the seams of the new pieces can join: O(log n + p)
 * for p pieces.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { is } from 'immutable'
import { MemoryArea } from '../area.js'
import { MappingError } from '../error.js'
import { describe } from '../internal/describe.js'
import { isBackend, isCallable } from '../internal/guards.js'
import { hex } from '../internal/numbers.js'
import type { AreaIndex, Edit } from './plan.js'

/**
 * `a` and `b` (with `a.end === b.start`) as one area when they are
 * compatible, `undefined` when not; `BadState` when a `merge` hook answers
 * with something that is neither a backend nor `undefined`.
 */
export const join = <F, PT>(
  a: MemoryArea<F, PT>,
  b: MemoryArea<F, PT>,
): E.Either<MappingError, MemoryArea<F, PT> | undefined> => {
  if (a.end !== b.start || !sameFlags(a.flags, b.flags)) return E.right(undefined)
  let backend: unknown
  // Read once; not callable (absent, or a class) means no merge hook.
  const merge: unknown = a.backend.merge
  if (isCallable(merge)) {
    // `end - start`, never `size`: a subclass may override the getter.
    backend = merge.call(a.backend, b.backend, a.end - a.start)
    if (backend !== undefined && !isBackend(backend)) {
      return E.left(
        MappingError.badState(
          `a backend's merge at ${hex(b.start)} returned ${describe(backend)}, not a backend or undefined`,
        ),
      )
    }
  } else {
    backend = a.backend === b.backend ? a.backend : undefined
  }
  return E.right(
    backend === undefined ? undefined : new MemoryArea(a.start, b.end - a.start, a.flags, backend as typeof a.backend),
  )
}

/** `areas` (sorted, non-overlapping) with every compatible adjacent pair joined, in one pass. */
export const joinAll = <F, PT>(areas: Iterable<MemoryArea<F, PT>>): E.Either<MappingError, MemoryArea<F, PT>[]> => {
  const out: MemoryArea<F, PT>[] = []
  for (const area of areas) {
    const prev = out[out.length - 1]
    if (prev !== undefined) {
      const joined = join(prev, area)
      if (E.isLeft(joined)) return joined
      if (joined.right !== undefined) {
        out[out.length - 1] = joined.right
        continue
      }
    }
    out.push(area)
  }
  return E.right(out)
}

/**
 * `edit` of a merging set, widened so that the result is maximally merged
 * again: the area ending where the first piece starts and the area starting
 * where the last piece ends join the run, and every seam is tried.
 */
export const mergeEdit = <F, PT>(index: AreaIndex<F, PT>, edit: Edit<F, PT>): E.Either<MappingError, Edit<F, PT>> => {
  if (edit === 'clear' || edit.pieces.length === 0) return E.right(edit) // removals create no new seams
  const firstPiece = edit.pieces[0]!
  const lastPiece = edit.pieces[edit.pieces.length - 1]!
  const runFirst = edit.run?.[0] ?? firstPiece.start
  const runLast = edit.run?.[1] ?? firstPiece.start
  // Entries outside the run: the one before it may end exactly at the first
  // piece, and one starting exactly where the last piece ends comes after it.
  const before = index.floor(runFirst - 1) // undefined below address 0
  const left = before !== undefined && before.end === firstPiece.start ? before : undefined
  const after = index.floor(lastPiece.end)
  const right = after !== undefined && after.start === lastPiece.end && after.start > runLast ? after : undefined
  if (left === undefined && right === undefined && edit.pieces.length === 1) return E.right(edit)

  const candidates = left === undefined ? [...edit.pieces] : [left, ...edit.pieces]
  if (right !== undefined) candidates.push(right)
  const pieces = joinAll(candidates)
  if (E.isLeft(pieces)) return pieces
  const first = left?.start ?? edit.run?.[0] ?? right?.start
  const last = right?.start ?? edit.run?.[1] ?? left?.start
  return E.right({ run: first === undefined || last === undefined ? undefined : [first, last], pieces: pieces.right })
}

/**
 * `Immutable.is(a, b)`, false when it throws: flags are user values, and
 * `is` calls their own `valueOf` and `equals`. Flags that cannot be compared
 * keep their areas apart.
 */
const sameFlags = (a: unknown, b: unknown): boolean => {
  try {
    return is(a, b)
  } catch {
    return false
  }
}
