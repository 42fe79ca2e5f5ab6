/**
 * The part of `AddressSpace` (contract v2, `memory-set/linux`) that the replay
 * uses. The replay is written against this interface, so it runs on the
 * library's `AddressSpace` and, in tests, on small fakes.
 *
 * @packageDocumentation
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { Vma } from '../../linux/vma.js'

/**
 * One area as `/proc/PID/maps` lists it: the part of `memory-set/linux`'s
 * `Vma` the replay reads (`path` only when the space knows it, e.g. `[heap]`).
 */
export type ReplayVma = Pick<Vma, 'start' | 'end' | 'prot' | 'shared' | 'fd' | 'offset' | 'perms'> & {
  readonly path?: string
}

/** A failed call (contract v2 `Errno`). */
export interface ReplayErrno {
  readonly _tag: 'Errno'
  readonly code: string
  readonly message: string
  /** The space as Linux leaves it when the failed call still changed memory. */
  readonly kernelState?: ReplaySpace
}

/** A persistent address space answering the memory system calls. */
export interface ReplaySpace {
  mmap(
    addr: number,
    length: number,
    prot: number,
    flags: number,
    fd?: number,
    offset?: number,
  ): E.Either<ReplayErrno, readonly [ReplaySpace, number]>
  munmap(addr: number, length: number): E.Either<ReplayErrno, ReplaySpace>
  mprotect(addr: number, length: number, prot: number): E.Either<ReplayErrno, ReplaySpace>
  mremap(
    oldAddr: number,
    oldLength: number,
    newLength: number,
    flags: number,
    newAddr?: number,
  ): E.Either<ReplayErrno, readonly [ReplaySpace, number]>
  brk(addr: number): readonly [ReplaySpace, number]
  withFile(fd: number, options: { readonly path?: string; readonly writable?: boolean }): ReplaySpace
  vmas(): readonly ReplayVma[]
  /**
   * The underlying set of areas, when the space has one (`AddressSpace.set`):
   * range queries in O(log n + k) instead of listing every area.
   */
  readonly set?: {
    overlapping(range: { readonly start: number; readonly end: number }): Iterable<{
      readonly start: number
      readonly end: number
    }>
  }
}

/**
 * Makes the empty space a traced program starts from (after execve): its
 * initial program break and the top of its mmap area, when the trace shows them.
 */
export type EmptySpace = (options: { readonly brk?: number; readonly mmapBase?: number }) => ReplaySpace

/** Linux x86-64 values the replay needs. */
export const MAP_SHARED = 0x01
export const MAP_FIXED = 0x10
export const MAP_ANONYMOUS = 0x20
export const MAP_FIXED_NOREPLACE = 0x100000
export const MREMAP_MAYMOVE = 0x1
export const MREMAP_FIXED = 0x2
export const MREMAP_DONTUNMAP = 0x4
export const PAGE = 4096

/** `n` rounded up to a whole page. */
export const pageUp = (n: number): number => Math.ceil(n / PAGE) * PAGE
