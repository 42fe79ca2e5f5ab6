/**
 * Where Linux puts a mapping: the hint, the top-down search below `mmapBase`,
 * the 2 MiB alignment of large mappings, and the bottom-up fallback.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { findBottomUp, findTopDown, firstOverlapping } from './internal/set-ops.js'
import { fail, hex, type Failure, type SpaceState } from './internal/state.js'
import { VM_GROWSDOWN, has } from './internal/vm-flags.js'

/**
 * Which placement function Linux uses for a mapping: private anonymous
 * memory (2 MiB-aligned when the length is a multiple of 2 MiB and there is
 * no hint), files whose file system aligns large mappings by their offset
 * (ext4), and shmem (shared anonymous memory, tmpfs files: no alignment with
 * transparent huge pages for shmem off, the default).
 *
 * @since 0.2.0
 * @category placement
 */
export type PlacementKind = 'anonymous' | 'file-aligned' | 'plain'

/**
 * A request for an address, like Linux's `get_unmapped_area`.
 *
 * @since 0.2.0
 * @category placement
 */
export interface PlacementRequest {
  readonly kind: PlacementKind
  /** The hint (or the fixed address), page-aligned down unless `fixed`; 0 for none. */
  readonly hint: number
  readonly length: number
  /** Byte offset in the file (for the alignment of file mappings). */
  readonly offset: number
  readonly fixed: boolean
}

/**
 * Whether `[at, at + length)` is free for a hint: no area in it, and not
 * inside the guard gap below a grows-down area (the stack) either.
 */
const hintFree = (state: SpaceState, at: number, length: number): boolean => {
  // Linux looks at one area: the first that ends above `at` (find_vma).
  const gap = state.layout.stackGuardGap
  const area = firstOverlapping(state.set, at, at + length + gap)
  if (area === undefined) return true
  // The area starts below at + length + gap: a grows-down one always has its guard gap over the range.
  return area.start >= at + length && !has(area.flags, VM_GROWSDOWN)
}

/** Linux's `arch_get_unmapped_area_topdown`: the hint if free, else top-down, else bottom-up. */
const search = (state: SpaceState, hint: number, length: number): number | undefined => {
  const { pageSize, taskSize, mmapBase, mmapMinAddr, legacyBase } = state.layout
  if (length > taskSize) return undefined
  if (hint !== 0) {
    const at = Math.floor(hint / pageSize) * pageSize
    if (at <= taskSize - length && hintFree(state, at, length)) return at
  }
  const low = Math.max(pageSize, mmapMinAddr)
  const gap = state.layout.stackGuardGap
  let ceiling = mmapBase
  while (ceiling - low >= length) {
    const top = findTopDown(state.set, ceiling, length, { start: low, end: mmapBase }, pageSize)
    if (top === undefined) break
    // The free range must also end below the guard gap of a grows-down area above it (Linux's
    // vm_start_gap); if it does not, search again below that gap. An area found here starts within
    // `gap` of the range's end, so a grows-down one is always too close. Few areas grow down
    // (stacks), so this loops rarely.
    const above = firstOverlapping(state.set, top + length, top + length + gap)
    if (above === undefined || !has(above.flags, VM_GROWSDOWN)) return top
    ceiling = Math.floor((above.start - gap) / pageSize) * pageSize
  }
  if (taskSize - legacyBase < length) return undefined
  return findBottomUp(state.set, legacyBase, length, { start: legacyBase, end: taskSize }, pageSize)
}

/**
 * Linux's `__thp_get_unmapped_area`: search for `length + 2 MiB`, then put the
 * mapping where its offset and address agree modulo 2 MiB, as high as the
 * padding allows. Falls back to the plain search when the mapping cannot hold
 * a whole aligned huge page, or the padded search fails.
 */
const alignedSearch = (state: SpaceState, hint: number, length: number, offset: number): number | undefined => {
  const size = state.layout.hugePageSize
  const offsetEnd = offset + length
  const offsetAlign = Math.ceil(offset / size) * size
  // (Linux also tests offsetEnd <= offsetAlign, against unsigned wrap-around; here the difference is simply negative.)
  if (offsetEnd - offsetAlign < size) return search(state, hint, length)
  const padded = search(state, hint, length + size)
  if (padded === undefined) return search(state, hint, length)
  if (padded === hint) return padded
  // (offset - padded) mod size, non-negative.
  const shift = (((offset - padded) % size) + size) % size
  return shift === 0 ? padded + size : padded + shift
}

/**
 * Linux's `get_unmapped_area` followed by `do_mmap`'s checks of its result:
 * the address for a new mapping, or the errno (`ENOMEM` when nothing fits or
 * the range passes the task size, `EINVAL` for an unaligned fixed address,
 * `EPERM` for a fixed address below the minimum).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AddressSpace, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ } from 'memory-set/linux'
 * const space = AddressSpace.empty()
 * const placed = space.mmap(0, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS)
 * E.isRight(placed) && placed.right[1] // 0x7ffff7ffe000: right below mmapBase
 * ```
 * @since 0.2.0
 * @category placement
 */
export const getUnmappedArea = (state: SpaceState, request: PlacementRequest): E.Either<Failure, number> => {
  const { taskSize, pageSize, fixedMinAddr, hugePageSize } = state.layout
  const { kind, hint, length, offset, fixed } = request
  if (length > taskSize) return fail('ENOMEM', `length ${hex(length)} is larger than the task size ${hex(taskSize)}`)
  let addr: number | undefined
  if (fixed) addr = hint
  else if (kind === 'file-aligned') addr = alignedSearch(state, hint, length, offset)
  else if (kind === 'anonymous' && hint === 0 && length % hugePageSize === 0) addr = alignedSearch(state, 0, length, 0)
  else addr = search(state, hint, length)
  if (addr === undefined) return fail('ENOMEM', `no free range of ${hex(length)} bytes`)
  if (addr > taskSize - length) {
    return fail('ENOMEM', `[${hex(addr)}, ${hex(addr + length)}) ends beyond the task size ${hex(taskSize)}`)
  }
  if (addr % pageSize !== 0) return fail('EINVAL', `address ${hex(addr)} is not page-aligned`)
  if (addr < fixedMinAddr) return fail('EPERM', `address ${hex(addr)} is below the minimum ${hex(fixedMinAddr)}`)
  return E.right(addr)
}
