/**
 * Shape checks for values that come back from user code (backend effects,
 * `updateFlags` callbacks): a backend bug is reported as a `Left`, never as a
 * TypeError from deep inside an operation.
 *
 * @internal
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { Option } from 'fp-ts/lib/Option.js'
import type { MappingBackend } from '../backend.js'

const tagOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { readonly _tag?: unknown })._tag : undefined

/** Whether `value` looks like an fp-ts `Either` (any copy of fp-ts). */
export const isEither = <L, A>(value: unknown): value is Either<L, A> => {
  const tag = tagOf(value)
  return tag === 'Left' || tag === 'Right'
}

/** Whether `value` looks like an fp-ts `Option` (any copy of fp-ts). */
export const isOption = <A>(value: unknown): value is Option<A> => {
  const tag = tagOf(value)
  return tag === 'None' || tag === 'Some'
}

/** Whether `value` has the three effect methods of a `MappingBackend`. */
export const isBackend = <F, PT>(value: unknown): value is MappingBackend<F, PT> => {
  if (typeof value !== 'object' || value === null) return false
  const { map, unmap, protect } = value as Record<string, unknown>
  return typeof map === 'function' && typeof unmap === 'function' && typeof protect === 'function'
}
