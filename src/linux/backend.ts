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
 *   `[stack]`).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AddressSpace, LinuxBackend, MAP_PRIVATE, PROT_READ } from 'memory-set/linux'
 * const mapped = AddressSpace.empty().withFile(3, { path: '/f' }).mmap(0, 0x1000, PROT_READ, MAP_PRIVATE, 3)
 * if (E.isRight(mapped)) {
 *   const [area] = mapped.right[0].set
 *   const backend = area?.backend
 *   if (backend instanceof LinuxBackend) console.log(backend.object.kind, backend.object.path) // file /f
 * }
 * ```
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
 * The backend of one area: its object, the byte offset of the area's first
 * page in it and, for private anonymous memory, its `anon_vma`. The model is
 * about areas, so the page-table effects do nothing; `split` and `merge`
 * keep the offset right, as Linux's `vm_pgoff`.
 *
 * `anonVma` is 0 for memory that was never written to (the model's calls
 * never write). A positive id is memory that was (only mappings loaded with
 * `withMappings` can be): Linux gives it an `anon_vma`, which keeps its
 * accounting when it becomes read-only, keeps its offset when `mremap` moves
 * it, and lets it merge only with untouched memory or memory of the same
 * `anon_vma`. A negative id marks the first heap area `brk` creates: Linux
 * never joins it to the area below the heap (see `merge`).
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
    /** Private anonymous memory's `anon_vma`: 0 none (untouched), > 0 an id, < 0 a new heap's mark. */
    readonly anonVma: number = 0,
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

  /** Whether the memory was written to (it has an `anon_vma`). */
  get touched(): boolean {
    return this.anonVma > 0
  }

  /** The backends of `[0, offset)` and `[offset, size)`: the right one starts `offset` bytes further in. */
  split(offset: number): readonly [LinuxBackend, LinuxBackend] {
    return [this, new LinuxBackend(this.object, this.offset + offset, this.anonVma)]
  }

  /**
   * Joined with the area right after (this area has `size` bytes) when that
   * continues the same object, and their `anon_vma`s are compatible: equal,
   * or one of them absent (Linux's `is_mergeable_anon_vma`). A heap's first
   * area (negative mark) joins nothing on its left: Linux's `brk` only
   * extends an area that starts at or above the heap start.
   */
  merge(next: MappingBackend<number, null>, size: number): LinuxBackend | undefined {
    if (!(next instanceof LinuxBackend) || next.object !== this.object || next.offset !== this.offset + size) {
      return undefined
    }
    const [a, b] = [this.anonVma, next.anonVma]
    if (a === b) return this
    if (b < 0) return undefined
    if (a !== 0 && b !== 0) return undefined
    return a !== 0 ? this : new LinuxBackend(this.object, this.offset, b)
  }

  /** The backend of the byte `delta` bytes after this area's start. */
  at(delta: number): LinuxBackend {
    return delta === 0 ? this : new LinuxBackend(this.object, this.offset + delta, this.anonVma)
  }
}
