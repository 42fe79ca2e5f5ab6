/**
 * The Linux backend: which object a mapping shows, and at what offset.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import type { MappingBackend, PageTableEffect } from '../backend.js'

/**
 * What a mapping maps, as Linux tells objects apart for merging:
 *
 * - `anonymous`: private anonymous memory. One object for all of it; its
 *   offset is the address the memory was created at (Linux's `vm_pgoff`),
 *   so neighbours made at their own addresses continue each other.
 * - `shared-anonymous`: one object per `MAP_SHARED | MAP_ANONYMOUS` mmap
 *   (Linux backs each with its own shmem file, `/dev/zero (deleted)`).
 * - `file`: one object per open file (per `fd` declared, even for one path).
 * - `special`: a mapping that only ever merges with itself (`[vdso]`,
 *   `[stack]`, anonymous memory that was there before the model started).
 *
 * @since 0.2.0
 * @category model
 */
export interface MapObject {
  readonly kind: 'anonymous' | 'shared-anonymous' | 'file' | 'special'
  /** Distinguishes objects of one kind; equal spaces give equal ids. */
  readonly id: number
  /** The path `/proc/PID/maps` shows (`''` for private anonymous memory). */
  readonly path: string
  /** The file descriptor, or -1. */
  readonly fd: number
  /** `/proc/PID/maps` device, e.g. `'fe:00'`. */
  readonly dev: string
  /** `/proc/PID/maps` inode. */
  readonly inode: number
  /** Whether the open file allows writing (shared writable mappings need it). */
  readonly writable: boolean
  /** Whether the open file allows reading (every mapping needs it). */
  readonly readable: boolean
  /** Whether the file can be mapped at all (a directory cannot: `ENODEV`). */
  readonly mappable: boolean
  /** Whether large mappings are placed 2 MiB-aligned (Linux's THP alignment; ext4 files, not tmpfs). */
  readonly hugeAlign: boolean
}

/** The one private anonymous object. */
export const ANONYMOUS: MapObject = Object.freeze({
  kind: 'anonymous',
  id: 0,
  path: '',
  fd: -1,
  dev: '00:00',
  inode: 0,
  writable: true,
  readable: true,
  mappable: true,
  hugeAlign: true,
})

const ok = <PT>(): PageTableEffect<PT> => E.right

/**
 * The backend of one area: its object and the byte offset of the area's
 * first page in it. The model is about areas, so the page-table effects do
 * nothing; `split` and `merge` keep the offset right, as Linux's `vm_pgoff`.
 *
 * @example
 * ```ts
 * import { LinuxBackend, type MapObject } from 'memory-set/linux'
 * const file: MapObject = { kind: 'file', id: 1, path: '/tmp/f', fd: 3, dev: '00:00', inode: 0,
 *   writable: true, readable: true, mappable: true, hugeAlign: true }
 * const [, right] = new LinuxBackend(file, 0).split(0x2000)
 * right.offset // 0x2000
 * ```
 * @since 0.2.0
 * @category model
 */
export class LinuxBackend implements MappingBackend<number, null> {
  constructor(
    /** The mapped object. */
    readonly object: MapObject,
    /** Byte offset in the object of the area's first page. */
    readonly offset: number,
  ) {
    Object.freeze(this)
  }

  map(): PageTableEffect<null> {
    return ok()
  }

  unmap(): PageTableEffect<null> {
    return ok()
  }

  protect(): PageTableEffect<null> {
    return ok()
  }

  /** The backends of `[0, offset)` and `[offset, size)`: the right one starts `offset` bytes further in. */
  split(offset: number): readonly [LinuxBackend, LinuxBackend] {
    return [this, new LinuxBackend(this.object, this.offset + offset)]
  }

  /** Joined with the area right after (this area has `size` bytes) when that continues the same object. */
  merge(next: MappingBackend<number, null>, size: number): LinuxBackend | undefined {
    return next instanceof LinuxBackend && next.object === this.object && next.offset === this.offset + size
      ? this
      : undefined
  }

  /** The backend of the byte `delta` bytes after this area's start. */
  at(delta: number): LinuxBackend {
    return delta === 0 ? this : new LinuxBackend(this.object, this.offset + delta)
  }
}
