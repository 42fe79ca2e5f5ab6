/**
 * `mprotect`, with Linux 6.18's checks and its partial failures.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LinuxBackend } from './backend.js'
import { PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ, PROT_WRITE } from './constants.js'
import { areaAt, overlapping, protectRange } from './internal/set-ops.js'
import { describe, enoughMemory, fail, hex, pageAlign, u64, type Failure, type SpaceState } from './internal/state.js'
import {
  VM_ACCESS,
  VM_ACCOUNT,
  VM_ANON,
  VM_GROWSDOWN,
  VM_NORESERVE,
  VM_SHARED,
  VM_WRITE,
  has,
  protOf,
  withBit,
  withoutBit,
} from './internal/vm-flags.js'

const PROT_SEM = 0x8
const TWO_64 = 2 ** 64

/**
 * The flags an area gets from `mprotect(prot)` (Linux's `mprotect_fixup`):
 * a private mapping that becomes writable is charged (`VM_ACCOUNT`); private
 * anonymous memory that stops being writable is uncharged if it was never
 * touched (no `anon_vma`); touched memory and file mappings keep their charge.
 */
export const protectedFlags = (old: number, prot: number, touched: boolean): number => {
  let flags = old - protOf(old) + (prot & 7)
  if (has(flags, VM_WRITE)) {
    if (!has(old, VM_ACCOUNT) && !has(old, VM_WRITE) && !has(old, VM_SHARED) && !has(old, VM_NORESERVE)) {
      flags = withBit(flags, VM_ACCOUNT)
    }
  } else if (has(old, VM_ACCOUNT) && has(old, VM_ANON) && !touched) {
    flags = withoutBit(flags, VM_ACCOUNT)
  }
  return flags
}

/** A part of an area, for the merge test of the map count limit. */
interface Neighbour {
  readonly flags: number
  readonly backend: LinuxBackend
  readonly from: number
  readonly to: number
}

/** Whether `right` would merge into `left` (adjacent, equal flags, the backends join). */
const joins = (left: Neighbour | undefined, right: Neighbour): boolean =>
  left !== undefined &&
  left.to === right.from &&
  left.flags === right.flags &&
  left.backend.merge(right.backend, left.to - left.from) !== undefined

/** Whether the `VM_MAY*` bits of `flags` allow its `VM_READ/WRITE/EXEC` bits. */
const allowed = (flags: number): boolean => {
  const access = protOf(flags)
  const may = Math.floor(flags / 16) % 8
  return (access & ~may & VM_ACCESS) === 0
}

/** Linux's `mprotect` (`do_mprotect_pkey`). */
export const mprotect = (
  state: SpaceState,
  addrArg: number,
  lengthArg: number,
  protArg: number,
): E.Either<Failure, SpaceState> => {
  const what = (): string => describe('mprotect', [addrArg, lengthArg, protArg])
  const addr = u64(addrArg)
  const length0 = u64(lengthArg)
  const prot0 = u64(protArg)
  if (addr === undefined || length0 === undefined || prot0 === undefined) {
    return fail('EINVAL', `${what()}: the arguments must be integers`)
  }
  const { pageSize } = state.layout
  const low = prot0 % 2 ** 32
  const grows = low & (PROT_GROWSDOWN | PROT_GROWSUP)
  const prot = prot0 - grows
  if (grows === (PROT_GROWSDOWN | PROT_GROWSUP))
    return fail('EINVAL', `${what()}: PROT_GROWSDOWN and PROT_GROWSUP together`)
  if (addr % pageSize !== 0) return fail('EINVAL', `${what()}: addr ${hex(addr)} is not page-aligned`)
  if (length0 === 0) return E.right(state)
  const length = pageAlign(length0, pageSize)
  let start = addr
  const end = addr + length
  if (length === 0 || end >= TWO_64) return fail('ENOMEM', `${what()}: the range wraps around`)
  if (prot !== (prot & (PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))) {
    return fail('EINVAL', `${what()}: unknown protection bits ${hex(prot)}`)
  }
  const areas = overlapping(state.set, start, end)
  const first = areas[0]
  if (first === undefined) return fail('ENOMEM', `${what()}: [${hex(start)}, ${hex(end)}) is not mapped`)
  if (grows & PROT_GROWSDOWN) {
    start = first.start
    if (!has(first.flags, VM_GROWSDOWN))
      return fail('EINVAL', `${what()}: PROT_GROWSDOWN on a mapping that does not grow down`)
  } else {
    if (first.start > start) return fail('ENOMEM', `${what()}: ${hex(start)} is not mapped`)
    if (grows & PROT_GROWSUP) {
      return fail('EINVAL', `${what()}: PROT_GROWSUP on a mapping that does not grow up`)
    }
  }
  // Walk the areas like Linux: each is changed in turn, so a hole or an area
  // that refuses the protection stops the call with the earlier ones changed.
  let reached = start
  let failure: Failure | undefined
  const newFlags: number[] = []
  // The number of areas as Linux counts them while it works, for its map count limit on splits,
  // and the area (or changed part) just before, to know whether a part merges instead of splitting.
  let count = state.set.size
  const below = start > 0 ? areaAt(state.set, start - 1) : undefined
  let before: Neighbour | undefined =
    below === undefined
      ? undefined
      : { flags: below.flags, backend: below.backend as LinuxBackend, from: below.start, to: below.end }
  for (const [i, area] of areas.entries()) {
    if (area.start > reached) {
      failure = { code: 'ENOMEM', message: `${what()}: [${hex(reached)}, ${hex(area.start)}) is not mapped` }
      break
    }
    const flags = protectedFlags(area.flags, prot, (area.backend as LinuxBackend).touched)
    if (!allowed(flags)) {
      failure = {
        code: 'EACCES',
        message: `${what()}: [${hex(area.start)}, ${hex(area.end)}) does not allow ${hex(prot)}`,
      }
      break
    }
    const from = Math.max(start, area.start)
    const to = Math.min(area.end, end)
    if (has(flags, VM_ACCOUNT) && !has(area.flags, VM_ACCOUNT) && !enoughMemory(state.layout, to - from)) {
      failure = {
        code: 'ENOMEM',
        message: `${what()}: making [${hex(from)}, ${hex(to)}) writable passes the commit limit`,
      }
      break
    }
    const backend = (area.backend as LinuxBackend).at(from - area.start)
    if (flags !== area.flags) {
      const next = areas[i + 1] ?? areaAt(state.set, area.end)
      const joinsLeft = from === area.start && joins(before, { flags, backend, from, to })
      const joinsRight =
        to === area.end &&
        next !== undefined &&
        joins(
          { flags, backend, from, to },
          { flags: next.flags, backend: next.backend as LinuxBackend, from: next.start, to: next.end },
        )
      // Linux's vma_modify: a part that merges with a neighbour needs no split; otherwise each cut
      // is a split_vma, refused at the limit (the areas changed before stay changed).
      const splits = joinsLeft || joinsRight ? 0 : (from > area.start ? 1 : 0) + (to < area.end ? 1 : 0)
      if (splits > 0 && count + splits - 1 >= state.layout.maxMapCount) {
        failure = {
          code: 'ENOMEM',
          message: `${what()}: splitting [${hex(area.start)}, ${hex(area.end)}) passes ${state.layout.maxMapCount} mappings`,
        }
        break
      }
      const whole = from === area.start && to === area.end
      count += splits - (whole ? (joinsLeft ? 1 : 0) + (joinsRight ? 1 : 0) : 0)
    }
    before = { flags, backend, from, to }
    newFlags.push(flags)
    reached = to
  }
  if (failure === undefined && reached < end) {
    failure = { code: 'ENOMEM', message: `${what()}: [${hex(reached)}, ${hex(end)}) is not mapped` }
  }
  // One protect over [start, reached): the core calls the update once per area it overlaps, in
  // address order, which are exactly the areas walked above, so each gets the flags computed for
  // it (they depend on the area's anon_vma, which is not in its flags).
  let next = 0
  const set = reached > start ? protectRange(state.set, start, reached, () => newFlags[next++]) : state.set
  if (reached > start && next !== newFlags.length) {
    throw new Error(`memory-set/linux: internal error: protect visited ${next} areas, expected ${newFlags.length}`)
  }
  const after = set === state.set ? state : { ...state, set }
  if (failure === undefined) return E.right(after)
  return fail(failure.code, failure.message, after === state ? undefined : after)
}
