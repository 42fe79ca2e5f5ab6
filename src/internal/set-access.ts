/**
 * The one sanctioned way for tests to reach a set's index (to call its
 * `checkValid()`). Not exported from any package entry point.
 *
 * `MemorySet` keeps its index in a private field; its static initialiser
 * registers a reader here, once. The reader cannot be replaced afterwards,
 * so this is not a mutable back door into the class.
 *
 * @internal
 * @module
 */
import type { MemorySet } from '../memory-set.js'
import type { AreaIndex } from '../operations/plan.js'

type Reader = <F, PT>(set: MemorySet<F, PT>) => AreaIndex<F, PT>
let reader: Reader | undefined

/** Called once, by `MemorySet`'s static initialiser. */
export const registerIndexReader = (read: Reader): void => {
  if (reader !== undefined) throw new Error('set-access: the index reader is already registered')
  reader = read
}

/** The index behind `set`. For tests. */
export const indexOf = <F, PT>(set: MemorySet<F, PT>): AreaIndex<F, PT> => {
  if (reader === undefined) throw new Error('set-access: MemorySet is not loaded')
  return reader(set)
}
