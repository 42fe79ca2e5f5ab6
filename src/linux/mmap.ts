/**
 * `mmap`, with Linux 6.18's checks in Linux's order.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { MemoryArea } from '../area.js'
import { ANONYMOUS, LinuxBackend, type MapObject } from './backend.js'
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN,
  MAP_LOCKED,
  MAP_NORESERVE,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_SHARED_VALIDATE,
  MAP_STACK,
} from './constants.js'
import { areaAt, firstOverlapping, mapOver, overlapping, type LinuxArea } from './internal/set-ops.js'
import { describe, enoughMemory, fail, hex, pageAlign, u64, type Failure, type SpaceState } from './internal/state.js'
import {
  VM_ACCOUNT,
  VM_ANON,
  VM_DROPPABLE,
  VM_GROWSDOWN,
  VM_LOCKED,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_NOHUGEPAGE,
  VM_NORESERVE,
  VM_SHARED,
  VM_WRITE,
  has,
  withBit,
  withoutBit,
} from './internal/vm-flags.js'
import { getUnmappedArea } from './placement.js'

const MAP_DROPPABLE = 0x08
const MAP_HUGETLB = 0x40000
/** Linux's `LEGACY_MAP_MASK`: the flags `MAP_SHARED` silently accepts and `MAP_SHARED_VALIDATE` does not refuse. */
const LEGACY_MAP_MASK =
  0x01 |
  0x02 |
  0x10 |
  0x20 |
  0x40 |
  0x80 |
  0x100 |
  0x800 |
  0x1000 |
  0x2000 |
  0x4000 |
  0x8000 |
  0x10000 |
  0x20000 |
  0x40000
/** Bits 26-30 of `LEGACY_MAP_MASK` (`MAP_UNINITIALIZED`, `MAP_HUGE_2MB`, `MAP_HUGE_1GB`), kept apart: `&` is 32-bit. */
const LEGACY_HIGH = 0x7c000000
/** The largest file offset plus one (`MAX_LFS_FILESIZE` + 1 = 2^63). */
const MAX_FILE_SIZE = 2 ** 63

/** Whether `flags` has a bit outside `LEGACY_MAP_MASK` (flags may pass 2^32). */
const hasNonLegacy = (flags: number): boolean => {
  const low = flags % 2 ** 32
  return flags >= 2 ** 32 || (low & ~(LEGACY_MAP_MASK | LEGACY_HIGH)) !== 0
}

/** The open file behind `fd` (and the state that declares it), or undefined when there is none (`EBADF`). */
const fileOf = (state: SpaceState, fd: number): readonly [MapObject, SpaceState] | undefined => {
  const known = state.files.get(fd)
  if (known !== undefined && known !== null) return [known, state] as const
  if (known === null || fd < 0 || !Number.isSafeInteger(fd) || state.layout.undeclaredFds === 'EBADF') return undefined
  // An fd never declared: a readable and writable file, declared now so that every mapping of it is one object.
  const object: MapObject = Object.freeze({
    kind: 'file',
    id: state.nextId,
    path: '',
    fd,
    dev: '00:00',
    inode: 0,
    writable: true,
    readable: true,
    mappable: true,
    hugeAlign: true,
  })
  return [object, { ...state, files: state.files.set(fd, object), nextId: state.nextId + 1 }] as const
}

/**
 * Linux's `mmap`: the checks of `sys_mmap`, `ksys_mmap_pgoff` and `do_mmap`
 * in their order, placement, then the mapping (which merges with its
 * neighbours when Linux would).
 */
export const mmap = (
  state0: SpaceState,
  addrArg: number,
  lengthArg: number,
  protArg: number,
  flagsArg: number,
  fdArg: number,
  offsetArg: number,
): E.Either<Failure, readonly [SpaceState, number]> => {
  const what = (): string => describe('mmap', [addrArg, lengthArg, protArg, flagsArg, fdArg, offsetArg])
  const addr0 = u64(addrArg)
  const length0 = u64(lengthArg)
  const prot = u64(protArg)
  let flags = u64(flagsArg)
  const offset = u64(offsetArg)
  if (addr0 === undefined || length0 === undefined || prot === undefined || flags === undefined) {
    return fail('EINVAL', `${what()}: the arguments must be integers`)
  }
  // (Number.isInteger is false for anything that is not a number.)
  if (offset === undefined || !Number.isInteger(fdArg)) {
    return fail('EINVAL', `${what()}: the arguments must be integers`)
  }
  const { pageSize, mmapMinAddr, maxMapCount } = state0.layout
  // sys_mmap (x86-64): the offset must be page-aligned.
  if (offset % pageSize !== 0) return fail('EINVAL', `${what()}: offset ${hex(offset)} is not page-aligned`)
  // ksys_mmap_pgoff: the file is looked up before anything else.
  const anonymous = has(flags, MAP_ANONYMOUS)
  let state = state0
  let file: MapObject | undefined
  if (!anonymous) {
    const found = fileOf(state, fdArg)
    if (found === undefined) return fail('EBADF', `${what()}: fd ${fdArg} is not an open file`)
    ;[file, state] = found
    if (has(flags, MAP_HUGETLB)) return fail('EINVAL', `${what()}: MAP_HUGETLB needs a hugetlbfs file`)
  }
  // do_mmap.
  if (length0 === 0) return fail('EINVAL', `${what()}: length 0`)
  if (has(flags, MAP_FIXED_NOREPLACE)) flags = withBit(flags, MAP_FIXED)
  const fixed = has(flags, MAP_FIXED)
  let addr = addr0
  if (!fixed) {
    // round_hint_to_min: a hint is page-aligned down, and raised to mmap_min_addr.
    addr = Math.floor(addr / pageSize) * pageSize
    if (addr !== 0 && addr < mmapMinAddr) addr = Math.ceil(mmapMinAddr / pageSize) * pageSize
  }
  const length = pageAlign(length0, pageSize)
  if (length === 0) return fail('ENOMEM', `${what()}: length ${hex(length0)} overflows when rounded up to a page`)
  if (state.set.size > maxMapCount) return fail('ENOMEM', `${what()}: more than ${maxMapCount} mappings`)
  const type = flags % 16
  const placed = getUnmappedArea(state, {
    // (file is undefined exactly for anonymous memory; every open file is of kind 'file'.)
    kind:
      file === undefined ? (type === MAP_SHARED ? 'plain' : 'anonymous') : file.hugeAlign ? 'file-aligned' : 'plain',
    hint: addr,
    length,
    offset: anonymous ? 0 : offset,
    fixed,
  })
  if (E.isLeft(placed)) return fail(placed.left.code, `${what()}: ${placed.left.message}`)
  const start = placed.right
  const end = start + length
  if (has(flags, MAP_FIXED_NOREPLACE) && firstOverlapping(state.set, start, end) !== undefined) {
    return fail('EEXIST', `${what()}: [${hex(start)}, ${hex(end)}) overlaps a mapping (MAP_FIXED_NOREPLACE)`)
  }
  let vmFlags = (prot & 7) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
  if (has(flags, MAP_GROWSDOWN)) vmFlags = withBit(vmFlags, VM_GROWSDOWN)
  if (has(flags, MAP_LOCKED)) vmFlags = withBit(vmFlags, VM_LOCKED)
  if (has(flags, MAP_STACK)) vmFlags = withBit(vmFlags, VM_NOHUGEPAGE)
  let object: MapObject
  let objectOffset: number
  if (file !== undefined) {
    // file_mmap_ok: the mapping must end within the largest file offset (2^63 - 1). With page-aligned
    // numbers that is offset + length <= 2^63 - pageSize, a sum floating point holds exactly below 2^63.
    if (offset + length > MAX_FILE_SIZE - pageSize) {
      return fail(
        'EOVERFLOW',
        `${what()}: offset ${hex(offset)} + length ${hex(length)} passes the largest file offset`,
      )
    }
    if (type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE && type !== MAP_PRIVATE) {
      return fail('EINVAL', `${what()}: map type ${hex(type)} is neither MAP_SHARED nor MAP_PRIVATE`)
    }
    if (type !== MAP_PRIVATE) {
      if (type === MAP_SHARED_VALIDATE && hasNonLegacy(flags)) {
        return fail('EOPNOTSUPP', `${what()}: MAP_SHARED_VALIDATE with a flag it does not know`)
      }
      if (prot & 2 && !file.writable) return fail('EACCES', `${what()}: a shared writable mapping of a read-only fd`)
      vmFlags = withBit(withBit(vmFlags, VM_SHARED), VM_MAYSHARE)
      // A shared mapping of a read-only fd can never become writable, so Linux drops VM_SHARED and VM_MAYWRITE.
      if (!file.writable) vmFlags = withoutBit(withoutBit(vmFlags, VM_MAYWRITE), VM_SHARED)
    }
    // Every file mapping, shared or private:
    if (!file.readable) return fail('EACCES', `${what()}: fd ${fdArg} is not open for reading`)
    if (!file.mappable) return fail('ENODEV', `${what()}: fd ${fdArg} cannot be mapped`)
    if (has(vmFlags, VM_GROWSDOWN)) return fail('EINVAL', `${what()}: MAP_GROWSDOWN of a file`)
    object = file
    objectOffset = offset
  } else {
    switch (type) {
      case MAP_SHARED:
        if (has(vmFlags, VM_GROWSDOWN)) return fail('EINVAL', `${what()}: MAP_GROWSDOWN of shared memory`)
        vmFlags = withBit(withBit(vmFlags, VM_SHARED), VM_MAYSHARE)
        object = Object.freeze({
          ...ANONYMOUS,
          kind: 'shared-anonymous',
          id: state.nextId,
          path: '/dev/zero (deleted)',
        })
        objectOffset = 0
        state = { ...state, nextId: state.nextId + 1 }
        break
      case MAP_DROPPABLE:
        if (has(flags, MAP_LOCKED) || has(vmFlags, VM_GROWSDOWN)) {
          return fail('EINVAL', `${what()}: MAP_DROPPABLE cannot be locked or grow down`)
        }
        vmFlags = withBit(vmFlags, VM_DROPPABLE)
        vmFlags = withBit(vmFlags, VM_NORESERVE)
        object = ANONYMOUS
        objectOffset = start
        vmFlags = withBit(vmFlags, VM_ANON)
        break
      case MAP_PRIVATE:
        object = ANONYMOUS
        objectOffset = start
        vmFlags = withBit(vmFlags, VM_ANON)
        break
      default:
        return fail('EINVAL', `${what()}: map type ${hex(type)} is not MAP_SHARED or MAP_PRIVATE for anonymous memory`)
    }
  }
  if (has(flags, MAP_NORESERVE)) vmFlags = withBit(vmFlags, VM_NORESERVE)
  // MAP_FIXED into the middle of an area splits it: refused at the map count limit, like munmap.
  const inside = fixed ? firstOverlapping(state.set, start, end) : undefined
  if (inside !== undefined && inside.start < start && inside.end > end && state.set.size >= maxMapCount) {
    return fail(
      'ENOMEM',
      `${what()}: splitting [${hex(inside.start)}, ${hex(inside.end)}) passes ${maxMapCount} mappings`,
    )
  }
  // accountable_mapping: private writable memory is charged (VM_ACCOUNT), unless MAP_NORESERVE.
  const shared = has(vmFlags, VM_SHARED)
  if (!shared && !has(vmFlags, VM_NORESERVE) && has(vmFlags, VM_WRITE)) {
    // The accounted pages a MAP_FIXED mapping replaces are not charged twice (counted only when
    // the length alone would not pass: the common case costs no walk).
    if (
      !enoughMemory(state.layout, length) &&
      !enoughMemory(state.layout, length - (fixed ? accountedBytes(state, start, end) : 0))
    ) {
      return fail('ENOMEM', `${what()}: ${hex(length)} bytes is more than the commit limit`)
    }
    vmFlags = withBit(vmFlags, VM_ACCOUNT)
  } else if (object.kind === 'shared-anonymous' && !has(vmFlags, VM_NORESERVE)) {
    // shmem charges the whole object when it is created.
    if (!enoughMemory(state.layout, length))
      return fail('ENOMEM', `${what()}: ${hex(length)} bytes is more than the commit limit`)
  }
  const area = new MemoryArea(start, length, vmFlags, new LinuxBackend(object, objectOffset))
  let set = mapOver(state.set, area)
  // MAP_POPULATE and MAP_LOCKED fault the pages in; for private writable memory that is a write,
  // which gives the area (the whole area the mapping merged into) an anon_vma: it is touched.
  const writesPages = has(flags, MAP_POPULATE) || has(flags, MAP_LOCKED)
  // (Shared anonymous memory always has VM_SHARED; the area at `start` was just mapped.)
  if (writesPages && has(vmFlags, VM_WRITE) && !has(vmFlags, VM_SHARED)) {
    const merged = areaAt(set, start) as LinuxArea
    const backend = merged.backend as LinuxBackend
    if (!backend.touched) {
      const touched = new LinuxBackend(backend.object, backend.offset, state.nextId)
      set = mapOver(set, new MemoryArea(merged.start, merged.size, merged.flags, touched))
      state = { ...state, nextId: state.nextId + 1 }
    }
  }
  return E.right([{ ...state, set }, start] as const)
}

/** Bytes of accounted mappings inside `[start, end)` (a `MAP_FIXED` mapping replaces them, so they are not charged twice). */
const accountedBytes = (state: SpaceState, start: number, end: number): number => {
  let bytes = 0
  for (const area of overlapping(state.set, start, end)) {
    if (has(area.flags, VM_ACCOUNT)) bytes += Math.min(area.end, end) - Math.max(area.start, start)
  }
  return bytes
}
