/**
 * `munmap`, with Linux 6.18's checks.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { firstOverlapping, unmapRange } from './internal/set-ops.js'
import { describe, fail, hex, pageAlign, u64, type Failure, type SpaceState } from './internal/state.js'

/**
 * Linux's `do_vmi_munmap`, which munmap, brk and mremap's shrinks share:
 * unmaps `[start, end)` (page-aligned); `EINVAL` when the range passes the
 * task size, `ENOMEM` when it would split an area in two while the space
 * already has `maxMapCount` areas.
 */
export const unmapPages = (
  state: SpaceState,
  start: number,
  end: number,
  what: () => string,
): E.Either<Failure, SpaceState> => {
  if (end > state.layout.taskSize) {
    return fail('EINVAL', `${what()}: unmapping [${hex(start)}, ${hex(end)}) passes the task size`)
  }
  const first = firstOverlapping(state.set, start, end)
  if (first === undefined) return E.right(state)
  if (first.start < start && first.end > end && state.set.size >= state.layout.maxMapCount) {
    return fail(
      'ENOMEM',
      `${what()}: splitting [${hex(first.start)}, ${hex(first.end)}) passes ${state.layout.maxMapCount} mappings`,
    )
  }
  return E.right({ ...state, set: unmapRange(state.set, start, end) })
}

/** Linux's `munmap` (`do_vmi_munmap`). */
export const munmap = (state: SpaceState, addrArg: number, lengthArg: number): E.Either<Failure, SpaceState> => {
  const what = (): string => describe('munmap', [addrArg, lengthArg])
  const addr = u64(addrArg)
  const length = u64(lengthArg)
  if (addr === undefined || length === undefined) return fail('EINVAL', `${what()}: the arguments must be integers`)
  const { pageSize, taskSize } = state.layout
  if (addr % pageSize !== 0) return fail('EINVAL', `${what()}: addr ${hex(addr)} is not page-aligned`)
  // Also an addr above the task size: taskSize - addr is then negative.
  if (length > taskSize - addr) {
    return fail('EINVAL', `${what()}: [${hex(addr)}, +${hex(length)}) passes the task size ${hex(taskSize)}`)
  }
  const end = addr + pageAlign(length, pageSize)
  if (end === addr) return fail('EINVAL', `${what()}: length 0`)
  return unmapPages(state, addr, end, what)
}
