/**
 * `mremap`, as Linux 6.18 does it: shrink, grow in place, move, fixed moves
 * (several areas at once when the length does not change), `MREMAP_DONTUNMAP`
 * and the duplication of shared mappings.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { MemoryArea } from '../area.js'
import { LinuxBackend } from './backend.js'
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from './constants.js'
import { areaAt, firstOverlapping, mapOver, unmapRange, type LinuxArea } from './internal/set-ops.js'
import { describe, enoughMemory, fail, hex, pageAlign, u64, type Failure, type SpaceState } from './internal/state.js'
import { VM_ACCOUNT, VM_DONTEXPAND, VM_MAYSHARE, VM_PFNMAP, VM_SHARED, has } from './internal/vm-flags.js'
import { unmapPages } from './munmap.js'
import { getUnmappedArea, type PlacementKind } from './placement.js'

type Result = E.Either<Failure, readonly [SpaceState, number]>

const backendOf = (area: LinuxArea): LinuxBackend => area.backend as LinuxBackend

/** The placement function Linux uses for an existing area (by its file, or shmem for shared anonymous memory). */
const placementOf = (area: LinuxArea): PlacementKind => {
  const object = backendOf(area).object
  if (object.kind === 'anonymous') return 'anonymous'
  if (object.kind === 'file' && object.hugeAlign) return 'file-aligned'
  return 'plain'
}

const special = (area: LinuxArea): boolean => has(area.flags, VM_DONTEXPAND) || has(area.flags, VM_PFNMAP)

/** A failure after `state` was changed from `before`: Linux keeps the change, so it is the error's `kernelState`. */
const failAfter = (before: SpaceState, state: SpaceState, code: Failure['code'], message: string): Result =>
  fail(code, message, state === before ? undefined : state)

/**
 * Moves `[addr, addr + oldLength)` of `area` to `[newAddr, newAddr + newLength)`:
 * the flags and the object go along; the offset too, except for private
 * anonymous memory, which Linux re-bases to its new address because it was
 * never touched (so it merges there). The source is unmapped unless
 * `keepSource` (`MREMAP_DONTUNMAP`, or a duplication with `oldLength` 0).
 */
const move = (
  state: SpaceState,
  area: LinuxArea,
  addr: number,
  oldLength: number,
  newLength: number,
  newAddr: number,
  keepSource: boolean,
): SpaceState => {
  const source = backendOf(area)
  // Untouched private anonymous memory is re-based to its new address (and loses a new heap's
  // mark); touched memory keeps its offset and its anon_vma.
  const backend =
    source.object.kind === 'anonymous' && !source.touched
      ? new LinuxBackend(source.object, newAddr)
      : source.at(addr - area.start)
  const set = keepSource || oldLength === 0 ? state.set : unmapRange(state.set, addr, addr + oldLength)
  return { ...state, set: mapOver(set, new MemoryArea(newAddr, newLength, area.flags, backend)) }
}

/** Linux's `prep_move_vma` refuses a move within 3 areas of `maxMapCount` (the move may split two areas). */
const nearMapLimit = (state: SpaceState): boolean => state.set.size >= state.layout.maxMapCount - 3

/** Linux's `check_prep_vma`: the checks of an area about to grow or move. */
const checkArea = (
  area: LinuxArea,
  addr: number,
  oldLength: number,
  newLength: number,
  flags: number,
  what: () => string,
): Failure | undefined => {
  const impliesNewAddr = (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) !== 0
  if (!(newLength > oldLength || impliesNewAddr)) return undefined
  if (oldLength === 0 && !has(area.flags, VM_SHARED) && !has(area.flags, VM_MAYSHARE)) {
    return { code: 'EINVAL', message: `${what()}: old length 0 duplicates only shared mappings` }
  }
  if (flags & MREMAP_DONTUNMAP && special(area)) {
    return { code: 'EINVAL', message: `${what()}: MREMAP_DONTUNMAP of a special mapping` }
  }
  const inside = newLength < oldLength ? newLength : oldLength
  if (inside > area.end - addr) {
    return {
      code: 'EFAULT',
      message: `${what()}: [${hex(addr)}, ${hex(addr + inside)}) passes the end of its mapping ${hex(area.end)}`,
    }
  }
  if (newLength === oldLength) return undefined
  if (special(area)) return { code: 'EFAULT', message: `${what()}: a special mapping cannot grow` }
  return undefined
}

/** Linux's `vrm_charge`: growing (or duplicating with `MREMAP_DONTUNMAP`) accounted memory must pass the commit limit. */
const charged = (state: SpaceState, area: LinuxArea, oldLength: number, newLength: number, flags: number): boolean => {
  if (!has(area.flags, VM_ACCOUNT)) return true
  const bytes = flags & MREMAP_DONTUNMAP ? newLength : newLength - oldLength
  return bytes <= 0 || enoughMemory(state.layout, bytes)
}

/** Linux's `mremap_to`: a move to a given (`MREMAP_FIXED`) or hinted (`MREMAP_DONTUNMAP`) address. */
const mremapTo = (
  before: SpaceState,
  addr: number,
  oldLength0: number,
  newLength: number,
  flags: number,
  newAddr0: number,
  what: () => string,
): Result => {
  let state = before
  let oldLength = oldLength0
  if (flags & MREMAP_FIXED) {
    const cleared = unmapPages(state, newAddr0, newAddr0 + newLength, what)
    if (E.isLeft(cleared)) return failAfter(before, state, cleared.left.code, cleared.left.message)
    state = cleared.right
  }
  const area = areaAt(state.set, addr)
  if (area === undefined) return failAfter(before, state, 'EFAULT', `${what()}: ${hex(addr)} is not mapped`)
  if (newLength < oldLength) {
    const shrunk = unmapPages(state, addr + newLength, addr + oldLength, what)
    if (E.isLeft(shrunk)) return failAfter(before, state, shrunk.left.code, shrunk.left.message)
    state = shrunk.right
    oldLength = newLength
  }
  if (!charged(state, area, oldLength, newLength, flags)) {
    return failAfter(before, state, 'ENOMEM', `${what()}: ${hex(newLength)} bytes passes the commit limit`)
  }
  const placed = getUnmappedArea(state, {
    kind: placementOf(area),
    hint: newAddr0,
    length: newLength,
    offset: backendOf(area).offset + (addr - area.start),
    fixed: (flags & MREMAP_FIXED) !== 0,
  })
  if (E.isLeft(placed)) return failAfter(before, state, placed.left.code, `${what()}: ${placed.left.message}`)
  if (nearMapLimit(state))
    return failAfter(before, state, 'ENOMEM', `${what()}: too close to the map count limit to move`)
  const keep = (flags & MREMAP_DONTUNMAP) !== 0
  return E.right([move(state, area, addr, oldLength, newLength, placed.right, keep), placed.right] as const)
}

/** Linux's `mremap_at`: resize in place, or move anywhere with `MREMAP_MAYMOVE`. */
const mremapAt = (
  state: SpaceState,
  area: LinuxArea,
  addr: number,
  oldLength: number,
  newLength: number,
  flags: number,
  what: () => string,
): Result => {
  if (newLength === oldLength) return E.right([state, addr] as const)
  if (newLength < oldLength) {
    const shrunk = unmapPages(state, addr + newLength, addr + oldLength, what)
    return E.isLeft(shrunk) ? shrunk : E.right([shrunk.right, addr] as const)
  }
  if (!charged(state, area, oldLength, newLength, flags)) {
    return fail('ENOMEM', `${what()}: growing by ${hex(newLength - oldLength)} bytes passes the commit limit`)
  }
  const { taskSize } = state.layout
  const end = addr + newLength
  const inPlace =
    oldLength === area.end - addr &&
    end <= taskSize && // get_unmapped_area(MAP_FIXED): addr <= TASK_SIZE - len
    area.start >= state.layout.fixedMinAddr &&
    firstOverlapping(state.set, area.end, end) === undefined
  if (inPlace) {
    const grown = new MemoryArea(area.end, end - area.end, area.flags, backendOf(area).at(area.size))
    return E.right([{ ...state, set: mapOver(state.set, grown) }, addr] as const)
  }
  if (!(flags & MREMAP_MAYMOVE)) {
    return fail('ENOMEM', `${what()}: [${hex(area.end)}, ${hex(end)}) is not free and MREMAP_MAYMOVE is not set`)
  }
  const placed = getUnmappedArea(state, {
    kind: placementOf(area),
    hint: 0,
    length: newLength,
    offset: backendOf(area).offset + (addr - area.start),
    fixed: false,
  })
  if (E.isLeft(placed)) return fail(placed.left.code, `${what()}: ${placed.left.message}`)
  if (nearMapLimit(state)) return fail('ENOMEM', `${what()}: too close to the map count limit to move`)
  return E.right([move(state, area, addr, oldLength, newLength, placed.right, false), placed.right] as const)
}

/**
 * Linux 6.17+'s `remap_move`: `MREMAP_FIXED` with an unchanged length moves
 * every area in `[addr, addr + length)` (which must start mapped), keeping
 * the holes between them; only where an area lands is the destination
 * unmapped.
 */
const remapMove = (
  before: SpaceState,
  addr: number,
  length: number,
  flags: number,
  newAddr: number,
  what: () => string,
): Result => {
  const end = addr + length
  let state = before
  let cursor = addr
  let target = newAddr
  let lastEnd = 0
  let result: number | undefined
  while (cursor < end) {
    const area = firstOverlapping(state.set, cursor, end)
    if (area === undefined) break
    if (result === undefined && addr < area.start) return fail('EFAULT', `${what()}: ${hex(addr)} is not mapped`)
    const from = Math.max(area.start, addr)
    const size = Math.min(end, area.end) - from
    const dest = target + (result === undefined ? 0 : area.start - lastEnd)
    lastEnd = area.end
    const problem = checkArea(area, from, size, size, flags, what)
    if (problem !== undefined) return failAfter(before, state, problem.code, problem.message)
    const moved = mremapTo(state, from, size, size, flags, dest, what)
    if (E.isLeft(moved)) return failAfter(before, moved.left.kernelState ?? state, moved.left.code, moved.left.message)
    state = moved.right[0]
    result ??= moved.right[1]
    target = moved.right[1] + size
    cursor = from + size
  }
  return result === undefined
    ? fail('EFAULT', `${what()}: ${hex(addr)} is not mapped`)
    : E.right([state, result] as const)
}

/** Linux's `mremap` (`do_mremap`). */
export const mremap = (
  state: SpaceState,
  oldAddrArg: number,
  oldLengthArg: number,
  newLengthArg: number,
  flagsArg: number,
  newAddrArg: number,
): Result => {
  const what = (): string => describe('mremap', [oldAddrArg, oldLengthArg, newLengthArg, flagsArg, newAddrArg])
  const addr = u64(oldAddrArg)
  const oldLength0 = u64(oldLengthArg)
  const newLength0 = u64(newLengthArg)
  const flags = u64(flagsArg)
  const newAddr = u64(newAddrArg)
  if (
    addr === undefined ||
    oldLength0 === undefined ||
    newLength0 === undefined ||
    flags === undefined ||
    newAddr === undefined
  ) {
    return fail('EINVAL', `${what()}: the arguments must be integers`)
  }
  const { pageSize, taskSize, maxMapCount } = state.layout
  const oldLength = pageAlign(oldLength0, pageSize)
  const newLength = pageAlign(newLength0, pageSize)
  if (flags !== (flags & (MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))) {
    return fail('EINVAL', `${what()}: unknown flags ${hex(flags)}`)
  }
  if (addr % pageSize !== 0) return fail('EINVAL', `${what()}: old address ${hex(addr)} is not page-aligned`)
  if (newLength === 0) return fail('EINVAL', `${what()}: new length 0`)
  if (newLength > taskSize) return fail('EINVAL', `${what()}: new length ${hex(newLength)} passes the task size`)
  const impliesNewAddr = (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) !== 0
  if (impliesNewAddr) {
    if (newAddr > taskSize - newLength)
      return fail('EINVAL', `${what()}: new address ${hex(newAddr)} passes the task size`)
    if (newAddr % pageSize !== 0) return fail('EINVAL', `${what()}: new address ${hex(newAddr)} is not page-aligned`)
    if (!(flags & MREMAP_MAYMOVE))
      return fail('EINVAL', `${what()}: MREMAP_FIXED and MREMAP_DONTUNMAP need MREMAP_MAYMOVE`)
    if (flags & MREMAP_DONTUNMAP && oldLength !== newLength) {
      return fail('EINVAL', `${what()}: MREMAP_DONTUNMAP cannot resize`)
    }
    if (addr + oldLength > newAddr && newAddr + newLength > addr) {
      return fail('EINVAL', `${what()}: the destination overlaps the source`)
    }
    if (state.set.size + 2 >= maxMapCount - 3) return fail('ENOMEM', `${what()}: too close to ${maxMapCount} mappings`)
  }
  if (flags & MREMAP_FIXED && oldLength === newLength) return remapMove(state, addr, oldLength, flags, newAddr, what)
  const area = areaAt(state.set, addr)
  if (area === undefined) return fail('EFAULT', `${what()}: ${hex(addr)} is not mapped`)
  const problem = checkArea(area, addr, oldLength, newLength, flags, what)
  if (problem !== undefined) return fail(problem.code, problem.message)
  return impliesNewAddr
    ? mremapTo(state, addr, oldLength, newLength, flags, newAddr, what)
    : mremapAt(state, area, addr, oldLength, newLength, flags, what)
}
