/**
 * The `MemorySet` calls the Linux model makes, in one place.
 *
 * TEMPORARY: until the merging `MemorySet` of contract v2 lands in main, these
 * are written over the v1 set (linear, rebuilding the set); afterwards each
 * becomes a one-line call of the v2 member named in its comment.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { is } from 'immutable'
import { MemoryArea } from '../../area.js'
import { MemorySet } from '../../memory-set.js'
import type { LinuxBackend } from '../backend.js'

export type LinuxArea = MemoryArea<number, null>
export type LinuxSet = MemorySet<number, null>

const backendOf = (area: LinuxArea): LinuxBackend => area.backend as LinuxBackend

const build = (areas: LinuxArea[]): LinuxSet => {
  const merged: LinuxArea[] = []
  for (const area of areas) {
    const last = merged[merged.length - 1]
    if (last !== undefined && last.end === area.start && is(last.flags, area.flags)) {
      const joined = backendOf(last).merge(area.backend, last.size)
      if (joined !== undefined) {
        merged[merged.length - 1] = new MemoryArea(last.start, area.end - last.start, last.flags, joined)
        continue
      }
    }
    merged.push(area)
  }
  const set = MemorySet.fromAreas(merged)
  if (E.isLeft(set)) throw new Error(`set-ops: ${set.left.message}`)
  return set.right
}

/** The part `[from, to)` of `area` (which contains it), with `flags`. */
const piece = (area: LinuxArea, from: number, to: number, flags = area.flags): LinuxArea =>
  new MemoryArea(from, to - from, flags, backendOf(area).at(from - area.start))

/** `MemorySet.empty({ merge: true })` */
export const emptySet = (): LinuxSet => MemorySet.empty()

/** `MemorySet.fromAreas(areas, { merge: true })` (the areas are sorted and disjoint). */
export const setFromAreas = (areas: readonly LinuxArea[]): LinuxSet => build([...areas])

/** `set.overlapping({ start, end })` */
export const overlapping = (set: LinuxSet, start: number, end: number): LinuxArea[] =>
  set.toArray().filter((a) => a.start < end && a.end > start)

/** `set.find(addr)` */
export const areaAt = (set: LinuxSet, addr: number): LinuxArea | undefined => O.toUndefined(set.find(addr))

/** `set.findFreeAreaTopDown(ceiling, size, limit, align)` */
export const findTopDown = (
  set: LinuxSet,
  ceiling: number,
  size: number,
  limit: { start: number; end: number },
  align: number,
): number | undefined => {
  const top = Math.min(ceiling, limit.end)
  let hi = top
  const areas = set.toArray()
  for (let i = areas.length; i >= 0; i--) {
    const lo = i === 0 ? limit.start : Math.max(limit.start, areas[i - 1]!.end)
    const gapEnd = Math.min(hi, i === areas.length ? top : areas[i]!.start)
    const a = Math.floor((gapEnd - size) / align) * align
    if (gapEnd - size >= lo && a >= lo) return a
    if (i > 0) hi = Math.min(hi, areas[i - 1]!.start)
    if (i > 0 && areas[i - 1]!.end <= limit.start) return undefined
  }
  return undefined
}

/** `set.findFreeArea(hint, size, limit, align)` */
export const findBottomUp = (
  set: LinuxSet,
  from: number,
  size: number,
  limit: { start: number; end: number },
  align: number,
): number | undefined => O.toUndefined(set.findFreeArea(from, size, limit, align))

const cut = (set: LinuxSet, start: number, end: number, replacement?: LinuxArea): LinuxArea[] => {
  const out: LinuxArea[] = []
  for (const area of set) {
    if (area.end <= start || area.start >= end) {
      if (replacement !== undefined && area.start >= end && !out.includes(replacement)) out.push(replacement)
      out.push(area)
      continue
    }
    if (area.start < start) out.push(piece(area, area.start, start))
    if (replacement !== undefined && !out.includes(replacement)) out.push(replacement)
    if (area.end > end) out.push(piece(area, end, area.end))
  }
  if (replacement !== undefined && !out.includes(replacement)) out.push(replacement)
  return out
}

/** `set.map(area, null, true)` on a merging set */
export const mapOver = (set: LinuxSet, area: LinuxArea): LinuxSet => build(cut(set, area.start, area.end, area))

/** `set.unmap(start, end - start, null)` */
export const unmapRange = (set: LinuxSet, start: number, end: number): LinuxSet =>
  overlapping(set, start, end).length === 0 ? set : build(cut(set, start, end))

/** `set.protect(start, end - start, update, null)`: `update` gives the new flags, or undefined to keep them. */
export const protectRange = (
  set: LinuxSet,
  start: number,
  end: number,
  update: (old: number) => number | undefined,
): LinuxSet => {
  let changed = false
  const out: LinuxArea[] = []
  for (const area of set) {
    const flags = area.end <= start || area.start >= end ? undefined : update(area.flags)
    if (flags === undefined || flags === area.flags) {
      out.push(area)
      continue
    }
    changed = true
    const from = Math.max(area.start, start)
    const to = Math.min(area.end, end)
    if (area.start < from) out.push(piece(area, area.start, from))
    out.push(piece(area, from, to, flags))
    if (to < area.end) out.push(piece(area, to, area.end))
  }
  return changed ? build(out) : set
}
