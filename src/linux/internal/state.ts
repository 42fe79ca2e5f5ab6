/**
 * The data behind an `AddressSpace`, and the helpers every system call uses.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Map as IMap } from 'immutable'
import { hex } from '../../internal/numbers.js'
import type { MapObject } from '../backend.js'
import type { ErrnoCode } from '../errno.js'
import type { LinuxSet } from './set-ops.js'

/** The fixed parameters of a process's address space. */
export interface Layout {
  readonly pageSize: number
  /** Hints below this are raised to it; the top-down search stays above it. */
  readonly mmapMinAddr: number
  /** `MAP_FIXED` below this is `EPERM` (Linux's `vm.mmap_min_addr` sysctl, for an unprivileged process). */
  readonly fixedMinAddr: number
  readonly mmapBase: number
  readonly taskSize: number
  /** Where the bottom-up search starts when the top-down one finds nothing (`TASK_UNMAPPED_BASE`). */
  readonly legacyBase: number
  /** Largest accounted mapping in bytes (Linux's overcommit heuristic: RAM + swap). */
  readonly commitLimit: number
  /** `vm.max_map_count`. */
  readonly maxMapCount: number
  /** Gap kept below a grows-down mapping (`stack_guard_gap`). */
  readonly stackGuardGap: number
  /** What an fd that was never declared is: a readable and writable file, or `EBADF`. */
  readonly undeclaredFds: 'file' | 'EBADF'
  /** Placement alignment of large anonymous mappings (Linux's PMD size, 2 MiB on x86-64). */
  readonly hugePageSize: number
  /** `mm->start_stack`: the private anonymous area containing it is named `[stack]` (absent: none is). */
  readonly startStack?: number
}

/** Everything an `AddressSpace` holds. */
export interface SpaceState {
  readonly set: LinuxSet
  readonly layout: Layout
  /** Open files by fd; `null` for an fd that was closed. */
  readonly files: IMap<number, MapObject | null>
  /** The next object id (shared anonymous mappings, files). */
  readonly nextId: number
  readonly startBrk: number
  readonly brk: number
}

/** A failed call before it becomes an `Errno` (the facade wraps `kernelState`). */
export interface Failure {
  readonly code: ErrnoCode
  readonly message: string
  readonly kernelState?: SpaceState
}

export const fail = <A>(code: ErrnoCode, message: string, kernelState?: SpaceState): E.Either<Failure, A> =>
  E.left(kernelState === undefined ? { code, message } : { code, message, kernelState })

export { hex }

const TWO_64 = 2 ** 64

/**
 * A system call argument as the unsigned 64-bit number the kernel sees:
 * negative integers wrap (-1 is 2^64 - 1, approximately: above 2^53 the
 * numbers are not exact, but every check the model makes on such values is
 * a comparison that the rounding cannot flip). `undefined` for a value that is
 * not an integer at all.
 */
export const u64 = (value: unknown): number | undefined => {
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) >= TWO_64) return undefined
  return value < 0 ? value + TWO_64 : value
}

/** `PAGE_ALIGN(value)` with the kernel's wrap-around to 0 near 2^64. */
export const pageAlign = (value: number, pageSize: number): number =>
  value > TWO_64 - pageSize ? 0 : Math.ceil(value / pageSize) * pageSize

/** Whether an accounted mapping of `bytes` passes the overcommit heuristic. */
export const enoughMemory = (layout: Layout, bytes: number): boolean => bytes <= layout.commitLimit

/** `what` with each argument, for messages. */
export const describe = (what: string, args: readonly number[]): string => `${what}(${args.map(hex).join(', ')})`
