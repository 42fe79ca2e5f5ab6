/**
 * `brk`: the program break and the `[heap]` it maps.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { MemoryArea } from '../area.js'
import { ANONYMOUS, LinuxBackend } from './backend.js'
import { areaAt, firstOverlapping, mapOver } from './internal/set-ops.js'
import { enoughMemory, pageAlign, u64, type SpaceState } from './internal/state.js'
import {
  VM_ACCOUNT,
  VM_ANON,
  VM_GROWSDOWN,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYWRITE,
  VM_READ,
  VM_WRITE,
  has,
} from './internal/vm-flags.js'
import { unmapPages } from './munmap.js'

/** The flags of heap memory (`VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT`): those of a private `rw` anonymous mapping. */
export const HEAP_FLAGS = VM_READ + VM_WRITE + VM_MAYREAD + VM_MAYWRITE + VM_MAYEXEC + VM_ACCOUNT + VM_ANON

/**
 * Linux's `brk`: never fails; returns the break after the call (the old one
 * when the request is refused). Shrinking unmaps the pages above the new
 * break; growing maps anonymous memory up to it, keeping one free page
 * before the next mapping (Linux's guard), and extends the heap area when it
 * ends at the old break.
 */
export const brk = (state: SpaceState, request: number): readonly [SpaceState, number] => {
  const wanted = u64(request)
  const { pageSize, stackGuardGap } = state.layout
  const current = state.brk
  if (wanted === undefined || wanted < state.startBrk) return [state, current]
  const newBrk = pageAlign(wanted, pageSize)
  const oldBrk = pageAlign(current, pageSize)
  if (newBrk === 0) return [state, current]
  if (newBrk === oldBrk) return [{ ...state, brk: wanted }, wanted]
  if (wanted <= current) {
    // Shrinking: there must be something mapped in [newBrk, oldBrk).
    if (firstOverlapping(state.set, newBrk, oldBrk) === undefined) return [state, current]
    const shrunk = unmapPages({ ...state, brk: wanted }, newBrk, oldBrk, () => 'brk')
    return E.isRight(shrunk) ? [shrunk.right, wanted] : [state, current]
  }
  // Growing: the next mapping (and its guard gap, if it grows down) must leave a page free above the new break.
  const next = firstOverlapping(state.set, oldBrk, newBrk + pageSize + stackGuardGap)
  if (next !== undefined) {
    const gapStart = has(next.flags, VM_GROWSDOWN) ? Math.max(0, next.start - stackGuardGap) : next.start
    if (newBrk + pageSize > gapStart) return [state, current]
  }
  if (!enoughMemory(state.layout, newBrk - oldBrk) || state.set.size > state.layout.maxMapCount) return [state, current]
  // Linux extends the area that ends at the old break only if it starts at or above the heap
  // start; otherwise the new heap area stays apart from what is below it (a fresh mark).
  const below = oldBrk > 0 ? areaAt(state.set, oldBrk - 1) : undefined
  const extend = below !== undefined && below.end === oldBrk && below.start >= state.startBrk
  const anonVma = extend ? (below.backend as LinuxBackend).anonVma : -state.nextId
  const area = new MemoryArea(oldBrk, newBrk - oldBrk, HEAP_FLAGS, new LinuxBackend(ANONYMOUS, oldBrk, anonVma))
  const nextId = extend ? state.nextId : state.nextId + 1
  return [{ ...state, set: mapOver(state.set, area), brk: wanted, nextId }, wanted]
}
