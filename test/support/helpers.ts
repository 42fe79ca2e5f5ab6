// Small helpers shared by the example tests.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { MappingBackend, MappingError, MemorySet } from '../../src/index.js'
import { indexOf } from '../../src/internal/set-access.js'

/** Unwraps a Right, failing the test with the error message on a Left. */
export const ok = <A>(result: E.Either<MappingError, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left(${result.left._tag}): ${result.left.message}`)
  return result.right
}

/** Unwraps a Left, failing the test on a Right. */
export const err = <A>(result: E.Either<MappingError, A>): MappingError => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  return result.left
}

/** The areas of a set as `[start, end, flags]` triples, for readable assertions. */
export const triples = <F, PT>(set: MemorySet<F, PT>): [number, number, F][] =>
  Array.from(set, (a) => [a.start, a.end, a.flags])

/** Throws if the set's index breaks an internal invariant. */
export const checkValid = <F, PT>(set: MemorySet<F, PT>): MemorySet<F, PT> => {
  indexOf(set).checkValid()
  return set
}

/** A call a recording backend saw. */
export type Call = readonly [op: 'map' | 'unmap' | 'protect', start: number, size: number, flags?: unknown]

/**
 * A backend over a page table of type `readonly Call[]`: each effect appends
 * its call, so the page table itself is the log (and stays persistent).
 * `failOn` makes the matching call's effect return Left instead.
 */
export const recordingBackend = <F>(
  failOn: (call: Call) => boolean = () => false,
): MappingBackend<F, readonly Call[]> => {
  const effect =
    (call: Call) =>
    (log: readonly Call[]): E.Either<MappingError, readonly Call[]> =>
      failOn(call) ? E.left({ _tag: 'BadState', message: `refused ${call[0]} at ${call[1]}` }) : E.right([...log, call])
  return {
    map: (start, size, flags) => effect(['map', start, size, flags]),
    unmap: (start, size) => effect(['unmap', start, size]),
    protect: (start, size, flags) => effect(['protect', start, size, flags]),
  }
}

/** `O.some` for every old flag: always re-flag to `flags`. */
export const always =
  <F>(flags: F) =>
  (): O.Option<F> =>
    O.some(flags)
