/**
 * The split step: cutting an area at one or two interior addresses. Every
 * operation that shrinks, splits or re-flags an area goes through here, and
 * here the backend's optional `split` hook is called, so that a backend whose
 * state depends on the position (a file offset) follows every cut.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Addr } from '../address.js'
import { MemoryArea } from '../area.js'
import type { MappingBackend } from '../backend.js'
import { MappingError } from '../error.js'
import { describe } from '../internal/describe.js'
import { isBackend, isCallable } from '../internal/guards.js'
import { hex } from '../internal/numbers.js'

/** The part `[from, to)` of `area` that lies inside `[start, end)` (which intersects it). */
export const overlap = (area: { readonly start: Addr; readonly end: Addr }, start: Addr, end: Addr): [Addr, Addr] => [
  Math.max(area.start, start),
  Math.min(area.end, end),
]

/** An area cut in up to three: what lies before, inside and after a range. */
export interface Cut<F, PT> {
  readonly left: MemoryArea<F, PT> | undefined
  /** The part inside the range; the area itself when the range covers it. */
  readonly middle: MemoryArea<F, PT>
  readonly right: MemoryArea<F, PT> | undefined
}

/**
 * The backends of the parts `[0, offset)` and `[offset, ...)` of an area of
 * `backend`: its `split` hook's answer, or `[backend, backend]` without one.
 * A malformed answer is a `BadState` error, found before any effect runs.
 */
export const splitBackend = <F, PT>(
  backend: MappingBackend<F, PT>,
  offset: number,
): E.Either<MappingError, readonly [MappingBackend<F, PT>, MappingBackend<F, PT>]> => {
  // Read once; not callable (absent, or a class) means no split hook.
  const split: unknown = backend.split
  if (!isCallable(split)) return E.right([backend, backend])
  const returned: unknown = split.call(backend, offset)
  const parts = readPair(returned)
  if (parts !== undefined && isBackend<F, PT>(parts[0]) && isBackend<F, PT>(parts[1])) {
    return E.right([parts[0], parts[1]])
  }
  return E.left(
    MappingError.badState(`a backend's split(${hex(offset)}) returned ${describe(returned)}, not two backends`),
  )
}

/**
 * `area` cut at `from` and `to` (`area.start <= from < to <= area.end`): the
 * left part keeps the first backend of a split at `from`, and the middle and
 * right parts the two backends of the right part split again at `to`.
 */
export const cut = <F, PT>(area: MemoryArea<F, PT>, from: Addr, to: Addr): E.Either<MappingError, Cut<F, PT>> => {
  if (from === area.start && to === area.end) return E.right({ left: undefined, middle: area, right: undefined })
  let left: MemoryArea<F, PT> | undefined
  let rest = area.backend
  if (from > area.start) {
    const parts = splitBackend(area.backend, from - area.start)
    if (E.isLeft(parts)) return parts
    left = new MemoryArea(area.start, from - area.start, area.flags, parts.right[0])
    rest = parts.right[1]
  }
  let middleBackend = rest
  let right: MemoryArea<F, PT> | undefined
  if (to < area.end) {
    const parts = splitBackend(rest, to - from)
    if (E.isLeft(parts)) return parts
    middleBackend = parts.right[0]
    right = new MemoryArea(to, area.end - to, area.flags, parts.right[1])
  }
  return E.right({ left, middle: new MemoryArea(from, to - from, area.flags, middleBackend), right })
}

/** `value[0]` and `value[1]` of a two-element array, each read once; `undefined` otherwise or when reading throws. */
const readPair = (value: unknown): readonly [unknown, unknown] | undefined => {
  try {
    if (!Array.isArray(value) || value.length !== 2) return undefined
    const [first, second] = value as [unknown, unknown]
    return [first, second]
  } catch {
    // A revoked Proxy (Array.isArray throws) or a Proxy whose traps throw.
    return undefined
  }
}
