/**
 * `Errno`: how an `AddressSpace` system call fails.
 *
 * @packageDocumentation
 */
import type { AddressSpace } from './address-space.js'

/**
 * The error codes the memory system calls return (`EPERM` for `MAP_FIXED`
 * below the minimum address, `ENODEV` for a file that cannot be mapped, and
 * the rest as in the contract).
 *
 * @example
 * ```ts
 * import type { ErrnoCode } from 'memory-set/linux'
 * const retryable = (code: ErrnoCode): boolean => code === 'ENOMEM'
 * retryable('EINVAL') // false
 * ```
 * @since 0.2.0
 * @category errors
 */
export type ErrnoCode =
  'EINVAL' | 'ENOMEM' | 'EEXIST' | 'EFAULT' | 'EBADF' | 'EACCES' | 'EOVERFLOW' | 'EOPNOTSUPP' | 'EPERM' | 'ENODEV'

/**
 * A failed system call: the code Linux returns, a message that names the
 * numbers, and, when Linux changed the layout although the call failed
 * (`mprotect` stopping at a hole or at a mapping that refuses the new
 * protection), `kernelState`: the space as Linux leaves it.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AddressSpace } from 'memory-set/linux'
 * const failed = AddressSpace.empty().munmap(0x1001, 0x1000)
 * E.isLeft(failed) && failed.left.code // 'EINVAL'
 * ```
 * @since 0.2.0
 * @category errors
 */
export interface Errno {
  readonly _tag: 'Errno'
  readonly code: ErrnoCode
  readonly message: string
  /** The space as Linux leaves it, when that differs from the space the call was made on. */
  readonly kernelState?: AddressSpace
}

/**
 * Makes an {@link Errno}.
 *
 * @example
 * ```ts
 * import { errno } from 'memory-set/linux'
 * errno('EINVAL', 'munmap: addr 0x1001 is not page-aligned').code // 'EINVAL'
 * ```
 * @since 0.2.0
 * @category errors
 */
export const errno = (code: ErrnoCode, message: string, kernelState?: AddressSpace): Errno =>
  Object.freeze(
    kernelState === undefined
      ? { _tag: 'Errno' as const, code, message }
      : { _tag: 'Errno' as const, code, message, kernelState },
  )

/**
 * Whether `value` is an {@link Errno}.
 *
 * @example
 * ```ts
 * import { errno, isErrno } from 'memory-set/linux'
 * isErrno(errno('EFAULT', 'no mapping at 0x1000')) // true
 * isErrno(new Error('x')) // false
 * ```
 * @since 0.2.0
 * @category errors
 */
export const isErrno = (value: unknown): value is Errno =>
  typeof value === 'object' && value !== null && (value as { _tag?: unknown })._tag === 'Errno'
