/**
 * The one place where an operation's plan meets the page table.
 *
 * Every updating operation (map, unmap, protect, clear) is planned against
 * the index without touching anything: the plan lists the backend effects to
 * run, in address order, and the edit that turns the old index into the new
 * one. Everything that can fail short of an effect (bad numbers, a backend
 * hook returning garbage) fails while planning. {@link commit} runs the
 * effects left to right on the page-table value, stopping at the first
 * `Left`, and applies the edit only if all of them succeeded. Since the index
 * and the page table are persistent values, a failure needs no rollback: the
 * new values are simply never built.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Addr } from '../address.js'
import type { MemoryArea } from '../area.js'
import type { MappingBackend, PageTableEffect } from '../backend.js'
import { MappingError } from '../error.js'
import { describe } from '../internal/describe.js'
import { isCallable, readEither } from '../internal/guards.js'
import type { IntervalIndex } from '../internal/index/interval-index.js'

/** The index of a set's areas. */
export type AreaIndex<F, PT> = IntervalIndex<MemoryArea<F, PT>>

/**
 * How the index changes: the run of consecutive entries whose starts lie in
 * `[run[0], run[1]]` is replaced by `pieces` (sorted, non-overlapping, inside
 * the gap the run leaves), or, without a run, the single piece is inserted;
 * or every entry goes.
 */
export type Edit<F, PT> =
  | { readonly run: readonly [first: Addr, last: Addr] | undefined; readonly pieces: readonly MemoryArea<F, PT>[] }
  | 'clear'

/** What an operation will do: effects to run, then an edit of the index. */
export interface Plan<F, PT> {
  readonly effects: readonly PageTableEffect<PT>[]
  readonly edit: Edit<F, PT>
}

/**
 * The plan of an operation that has nothing to do: the facade then returns
 * the very same set (Immutable.js's `return this` convention).
 */
export const UNCHANGED = 'unchanged'

/** A planned operation: an error found while planning, nothing to do, or a plan. */
export type Planned<F, PT> = E.Either<MappingError, Plan<F, PT> | typeof UNCHANGED>

/** Runs `effects` left to right on `pageTable`, stopping at the first `Left`. */
export const runEffects = <PT>(effects: readonly PageTableEffect<PT>[], pageTable: PT): E.Either<MappingError, PT> => {
  let current = pageTable
  for (const effect of effects) {
    const returned: unknown = effect(current)
    // Read once into a fresh Either: what is committed is exactly what was checked.
    const result = readEither(returned)
    if (result === undefined) {
      // A backend bug, reported as a value rather than a TypeError from deep inside.
      return E.left(MappingError.badState(`a backend effect returned ${describe(returned)}, not an fp-ts Either`))
    }
    if (E.isLeft(result)) return result as E.Left<MappingError>
    current = result.right as PT
  }
  return E.right(current)
}

/**
 * The effect that `backend[method](start, size, ...flags)` describes. A
 * backend whose method is missing, or returns something that is not a
 * function, gives an effect that is a `BadState` Left (not a TypeError when
 * it runs); a backend method that throws lets its exception through, as the
 * contract says, before anything changed.
 */
export const backendEffect = <F, PT>(
  backend: MappingBackend<F, PT>,
  method: 'map' | 'unmap' | 'protect',
  start: Addr,
  size: number,
  flags?: F,
): PageTableEffect<PT> => {
  const call: unknown = backend[method]
  if (!isCallable(call)) return failing(`the backend's ${method} is ${describe(call)}, not a function`)
  const effect: unknown = method === 'unmap' ? call.call(backend, start, size) : call.call(backend, start, size, flags)
  return isCallable(effect)
    ? (effect as PageTableEffect<PT>)
    : failing(`the backend's ${method} returned ${describe(effect)}, not an effect function`)
}

const failing =
  <PT>(message: string): PageTableEffect<PT> =>
  () =>
    E.left(MappingError.badState(message))

/** `index` after `edit`: one `spliceRange` (or one insert) whatever the size of the run. */
export const applyEdit = <F, PT>(index: AreaIndex<F, PT>, edit: Edit<F, PT>): AreaIndex<F, PT> => {
  if (edit === 'clear') return index.clear()
  if (edit.run !== undefined) return index.spliceRange(edit.run[0], edit.run[1], edit.pieces)
  let next = index
  for (const piece of edit.pieces) next = next.insert(piece)
  return next
}

/** Runs the plan's effects and, if all succeed, applies its edit: the new index and page table. */
export const commit = <F, PT>(
  index: AreaIndex<F, PT>,
  plan: Plan<F, PT>,
  pageTable: PT,
): E.Either<MappingError, readonly [AreaIndex<F, PT>, PT]> => {
  const pt = runEffects(plan.effects, pageTable)
  return E.isLeft(pt) ? pt : E.right([applyEdit(index, plan.edit), pt.right] as const)
}
