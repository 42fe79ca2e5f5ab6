/**
 * `Vma`: one line of `/proc/PID/maps`, as a value.
 *
 * @packageDocumentation
 */

/**
 * One virtual memory area as `/proc/PID/maps` lists it.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AddressSpace, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ } from 'memory-set/linux'
 * const mapped = AddressSpace.empty().mmap(0, 0x2000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS)
 * if (E.isRight(mapped)) {
 *   const [vma] = mapped.right[0].vmas()
 *   vma?.perms // 'r--p'
 * }
 * ```
 * @since 0.2.0
 * @category model
 */
export interface Vma {
  /** First address. */
  readonly start: number
  /** One past the last address. */
  readonly end: number
  /** `PROT_READ | PROT_WRITE | PROT_EXEC` bits. */
  readonly prot: number
  /** Whether the mapping is shared (`s` in `perms`). */
  readonly shared: boolean
  /** The file descriptor of a file mapping; -1 for anonymous memory, shared or not. */
  readonly fd: number
  /** Byte offset in the file (0 for private anonymous memory). */
  readonly offset: number
  /** `/proc/PID/maps` permissions, e.g. `'rw-p'`. */
  readonly perms: string
  /** `/proc/PID/maps` path: the file, `[heap]`, `/dev/zero (deleted)`, or `''`. */
  readonly path: string
  /** `/proc/PID/maps` device, e.g. `'00:00'`. */
  readonly dev: string
  /** `/proc/PID/maps` inode. */
  readonly inode: number
  /** `/proc/PID/smaps` `VmFlags` for the flags the model keeps, e.g. `'rd wr mr mw me ac'`. */
  readonly vmflags: string
}

/**
 * `perms` text for a protection and the shared bit.
 *
 * @example
 * ```ts
 * import { permsOf, PROT_READ, PROT_WRITE } from 'memory-set/linux'
 * permsOf(PROT_READ | PROT_WRITE, false) // 'rw-p'
 * ```
 * @since 0.2.0
 * @category model
 */
export const permsOf = (prot: number, shared: boolean): string =>
  `${prot & 1 ? 'r' : '-'}${prot & 2 ? 'w' : '-'}${prot & 4 ? 'x' : '-'}${shared ? 's' : 'p'}`

const hexPad = (value: number, width: number): string => value.toString(16).padStart(width, '0')

/**
 * One `/proc/PID/maps` line, formatted as Linux does (the path starts at
 * column 74 on 64-bit).
 *
 * @example
 * ```ts
 * import { formatVma } from 'memory-set/linux'
 * formatVma({ start: 0x10000, end: 0x11000, prot: 3, shared: false, fd: -1, offset: 0, perms: 'rw-p',
 *   path: '', dev: '00:00', inode: 0, vmflags: '' })
 * // '00010000-00011000 rw-p 00000000 00:00 0 '
 * ```
 * @since 0.2.0
 * @category model
 */
export const formatVma = (vma: Vma): string => {
  const head = `${hexPad(vma.start, 8)}-${hexPad(vma.end, 8)} ${vma.perms} ${hexPad(vma.offset, 8)} ${vma.dev} ${vma.inode} `
  return vma.path === '' ? head : `${head.padEnd(73)}${vma.path}`
}
