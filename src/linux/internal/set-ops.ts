/**
 * The `MemorySet` calls the Linux model makes, in one place: each is a call
 * of a contract-v2 member on a merging set (merging is the core's job, so
 * nothing here joins or cuts areas itself). The page table is `null`: the
 * model is about areas, and its backends' effects do nothing.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { MemoryArea } from '../../area.js'
import { MemorySet } from '../../memory-set.js'

export type LinuxArea = MemoryArea<number, null>
export type LinuxSet = MemorySet<number, null>

/**
 * The set of a successful operation. The model only calls operations whose
 * arguments it has checked and whose backends cannot fail, so a `Left` here
 * is a bug in the model: it is thrown, not returned as an errno.
 */
const settled = <A>(result: E.Either<{ readonly message: string }, readonly [A, null]>): A => {
  if (E.isLeft(result)) throw new Error(`memory-set/linux: internal error: ${result.left.message}`)
  return result.right[0]
}

const EMPTY: LinuxSet = MemorySet.empty<number, null>({ merge: true })

/** `MemorySet.empty({ merge: true })` */
export const emptySet = (): LinuxSet => EMPTY

/** `MemorySet.fromAreas(areas, { merge: true })` (the areas are sorted and disjoint). */
export const setFromAreas = (areas: readonly LinuxArea[]): LinuxSet => {
  const set = MemorySet.fromAreas(areas, { merge: true })
  if (E.isLeft(set)) throw new Error(`memory-set/linux: internal error: ${set.left.message}`)
  return set.right
}

/** `set.overlapping({ start, end })`, as an array (callers index it; an empty range yields none). O(log n + k). */
export const overlapping = (set: LinuxSet, start: number, end: number): LinuxArea[] =>
  Array.from(set.overlapping({ start, end }))

/** The first area intersecting `[start, end)`, if any (none for an empty range). O(log n). */
export const firstOverlapping = (set: LinuxSet, start: number, end: number): LinuxArea | undefined => {
  const next = set.overlapping({ start, end }).next()
  return next.done === true ? undefined : next.value
}

/** `set.find(addr)` */
export const areaAt = (set: LinuxSet, addr: number): LinuxArea | undefined => O.toUndefined(set.find(addr))

/**
 * `set.findFreeAreaTopDown(ceiling, size, limit, align)`: the highest free
 * `[a, a + size)` with `limit.start <= a` and `a + size <= min(ceiling, limit.end)`.
 */
export const findTopDown = (
  set: LinuxSet,
  ceiling: number,
  size: number,
  limit: { start: number; end: number },
  align: number,
): number | undefined => O.toUndefined(set.findFreeAreaTopDown(ceiling, size, limit, align))

/** `set.findFreeArea(hint, size, limit, align)` */
export const findBottomUp = (
  set: LinuxSet,
  from: number,
  size: number,
  limit: { start: number; end: number },
  align: number,
): number | undefined => O.toUndefined(set.findFreeArea(from, size, limit, align))

/** `set.map(area, null, true)`: replaces what was there; merges with the neighbours. */
export const mapOver = (set: LinuxSet, area: LinuxArea): LinuxSet => settled(set.map(area, null, true))

/** `set.unmap(start, end - start, null)` */
export const unmapRange = (set: LinuxSet, start: number, end: number): LinuxSet =>
  settled(set.unmap(start, end - start, null))

/** `set.protect(start, end - start, update, null)`: `update` gives the new flags, or undefined to keep them. */
export const protectRange = (
  set: LinuxSet,
  start: number,
  end: number,
  update: (old: number) => number | undefined,
): LinuxSet =>
  settled(
    set.protect(
      start,
      end - start,
      (old) => {
        const flags = update(old)
        return flags === undefined || flags === old ? O.none : O.some(flags)
      },
      null,
    ),
  )
