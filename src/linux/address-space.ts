/**
 * `AddressSpace`: a process's memory map as a persistent value that answers
 * the memory system calls as Linux 6.18 does.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { hash, Map as IMap, type ValueObject } from 'immutable'
import { MemoryArea } from '../area.js'
import { combineHashes } from '../internal/hash.js'
import type { MemorySet } from '../memory-set.js'
import { ANONYMOUS, LinuxBackend, type MapObject } from './backend.js'
import { brk } from './brk.js'
import { errno, type Errno } from './errno.js'
import { setFromAreas, emptySet, type LinuxArea } from './internal/set-ops.js'
import { hex, type Failure, type Layout, type SpaceState } from './internal/state.js'
import {
  VM_ACCOUNT,
  VM_ANON,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_SHARED,
  has,
  parseVmFlags,
  protOf,
  vmFlagsText,
  withBit,
} from './internal/vm-flags.js'
import { mmap } from './mmap.js'
import { mprotect } from './mprotect.js'
import { mremap } from './mremap.js'
import { munmap } from './munmap.js'
import { formatVma, permsOf, type Vma } from './vma.js'

/**
 * The layout of a process. Every field is optional; the defaults are those
 * of a 64-bit x86 process started without address-space randomisation.
 *
 * @example
 * ```ts
 * import { AddressSpace, type AddressSpaceOptions } from 'memory-set/linux'
 * const layout: AddressSpaceOptions = { mmapBase: 0x7ffff7fff000, brk: 0x555555559000, commitLimit: 16 * 2 ** 30 }
 * AddressSpace.empty(layout).programBreak // 0x555555559000
 * ```
 * @since 0.2.0
 * @category model
 */
export interface AddressSpaceOptions {
  /** Page size in bytes (4096). */
  readonly pageSize?: number
  /** `mmap_min_addr`: hints below it are raised to it, and searches stay above it (0x10000). */
  readonly mmapMinAddr?: number
  /**
   * `MAP_FIXED` below this address fails with `EPERM`: Linux's `vm.mmap_min_addr` sysctl, which
   * binds a process without `CAP_SYS_RAWIO` (default 4096, the x86 kernel default; 0 models a
   * privileged process). Hints follow `mmapMinAddr` instead, the larger security-module minimum.
   */
  readonly fixedMinAddr?: number
  /** Top of the top-down mmap area (0x7ffff7fff000). */
  readonly mmapBase?: number
  /** End of the user address space (0x7ffffffff000). */
  readonly taskSize?: number
  /** The initial program break (0x555555559000, right after a small position-independent program). */
  readonly brk?: number
  /** Where the heap starts (default: `brk`); `brk` below it is refused. */
  readonly startBrk?: number
  /** Start of the bottom-up search used when the top-down one finds nothing (`taskSize / 3`, page-aligned). */
  readonly legacyBase?: number
  /**
   * The largest accounted mapping in bytes: Linux's overcommit heuristic
   * refuses a private writable mapping (or any shared anonymous one) larger
   * than RAM + swap with `ENOMEM` (default: no limit).
   */
  readonly commitLimit?: number
  /** `vm.max_map_count` (65530). */
  readonly maxMapCount?: number
  /** Gap kept free below a grows-down mapping, such as the stack (256 pages). */
  readonly stackGuardGap?: number
  /**
   * `mm->start_stack`, the address of the initial stack pointer (`/proc/PID/stat` field 28): `/proc`
   * names `[stack]` whichever private anonymous mapping contains it (start <= it <= end), even one
   * mapped after the original stack was unmapped (default: none, no mapping is named so).
   */
  readonly startStack?: number
  /** What an fd that was never declared with `withFile` is: a readable and writable file (`'file'`, the default) or `'EBADF'`. */
  readonly undeclaredFds?: 'file' | 'EBADF'
}

/**
 * How an open file behaves, for {@link AddressSpace.withFile}.
 *
 * @example
 * ```ts
 * import { AddressSpace, type FileOptions } from 'memory-set/linux'
 * const readOnly: FileOptions = { path: '/usr/lib/libc.so.6', writable: false, dev: 'fe:00', inode: 1234 }
 * AddressSpace.empty().withFile(3, readOnly)
 * ```
 * @since 0.2.0
 * @category model
 */
export interface FileOptions {
  /** The path `/proc/PID/maps` shows. */
  readonly path?: string
  /** Opened for writing (default true): a shared writable mapping of a read-only fd is `EACCES`. */
  readonly writable?: boolean
  /** Opened for reading (default true): every mapping of a write-only fd is `EACCES`. */
  readonly readable?: boolean
  /** Whether it can be mapped at all (default true; a directory cannot: `ENODEV`). */
  readonly mappable?: boolean
  /** `/proc/PID/maps` device (`'00:00'`). */
  readonly dev?: string
  /** `/proc/PID/maps` inode (0). */
  readonly inode?: number
  /**
   * Whether the file system places large mappings 2 MiB-aligned by their
   * offset, as ext4 does (default true; false for tmpfs).
   */
  readonly hugeAlign?: boolean
}

/**
 * A mapping that exists before the model starts (from `/proc/PID/maps`), for
 * {@link AddressSpace.withMappings}.
 *
 * @example
 * ```ts
 * import type { SeedMapping } from 'memory-set/linux'
 * const stack: SeedMapping = { start: 0x7ffffffde000, end: 0x7ffffffff000, perms: 'rw-p', path: '[stack]', vmflags: 'rd wr mr mw me gd ac' }
 * ```
 * @since 0.2.0
 * @category model
 */
export interface SeedMapping {
  readonly start: number
  readonly end: number
  /** e.g. `'r-xp'`. */
  readonly perms: string
  readonly offset?: number
  readonly dev?: string
  readonly inode?: number
  readonly path?: string
  /** `smaps` `VmFlags`, when known (e.g. to tell accounted mappings apart). */
  readonly vmflags?: string
  /**
   * Whether private anonymous memory was written to (default true: a running
   * process has written to its data, heap and stack). Touched memory has a
   * Linux `anon_vma`: it keeps its accounting when made read-only, keeps its
   * offset when moved, and merges only with untouched memory.
   */
  readonly touched?: boolean
}

const DEFAULTS = {
  pageSize: 0x1000,
  mmapMinAddr: 0x10000,
  mmapBase: 0x7ffff7fff000,
  taskSize: 0x7ffffffff000,
  brk: 0x555555559000,
  maxMapCount: 65530,
} as const

const backendOf = (area: LinuxArea): LinuxBackend => area.backend as LinuxBackend

// Assigned by AddressSpace's static block: wraps a state without making the constructor public.
let wrapState: (state: SpaceState) => AddressSpace

const toErrno = (failure: Failure): Errno =>
  errno(failure.code, failure.message, failure.kernelState === undefined ? undefined : wrapState(failure.kernelState))

/**
 * A process's memory map as a persistent value: a merging `MemorySet` of
 * areas (flags as Linux's `vm_flags`, backends as the mapped objects with
 * their offsets), the open files, the program break and the layout. Every
 * call returns a new space; a failed call changes nothing (see `Errno`'s
 * `kernelState` for the calls Linux leaves half done).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AddressSpace, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from 'memory-set/linux'
 * const space = AddressSpace.empty()
 * const result = E.flatMap(space.mmap(0, 0x3000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS), ([s, addr]) =>
 *   s.mprotect(addr + 0x1000, 0x1000, PROT_READ),
 * )
 * if (E.isRight(result)) console.log(result.right.vmas().map((v) => v.perms)) // ['rw-p', 'r--p', 'rw-p']
 * ```
 * @since 0.2.0
 * @category model
 */
export class AddressSpace implements ValueObject {
  readonly #state: SpaceState
  #hash: number | undefined

  private constructor(state: SpaceState) {
    this.#state = state
    Object.freeze(this)
  }

  static {
    wrapState = (state) => new AddressSpace(state)
  }

  /**
   * An empty space (nothing mapped, no open file) with the given layout.
   *
   * @example
   * ```ts
   * import { AddressSpace } from 'memory-set/linux'
   * AddressSpace.empty({ brk: 0x600000 }).vmas() // []
   * ```
   */
  static empty(options: AddressSpaceOptions = {}): AddressSpace {
    const pageSize = options.pageSize ?? DEFAULTS.pageSize
    const taskSize = options.taskSize ?? DEFAULTS.taskSize
    const mmapMinAddr = options.mmapMinAddr ?? DEFAULTS.mmapMinAddr
    const initialBrk = options.brk ?? DEFAULTS.brk
    const layout: Layout = {
      pageSize,
      mmapMinAddr,
      fixedMinAddr: options.fixedMinAddr ?? Math.min(mmapMinAddr, pageSize),
      mmapBase: options.mmapBase ?? DEFAULTS.mmapBase,
      taskSize,
      legacyBase: options.legacyBase ?? Math.ceil(taskSize / 3 / pageSize) * pageSize,
      commitLimit: options.commitLimit ?? Number.POSITIVE_INFINITY,
      maxMapCount: options.maxMapCount ?? DEFAULTS.maxMapCount,
      stackGuardGap: options.stackGuardGap ?? 256 * pageSize,
      undeclaredFds: options.undeclaredFds ?? 'file',
      hugePageSize: 512 * pageSize,
      ...(options.startStack === undefined ? {} : { startStack: options.startStack }),
    }
    return new AddressSpace({
      set: emptySet(),
      layout,
      files: IMap(),
      nextId: 1,
      startBrk: options.startBrk ?? initialBrk,
      brk: initialBrk,
    })
  }

  /** The underlying merging `MemorySet` (flags are Linux `vm_flags` bits; backends are {@link LinuxBackend}s). */
  get set(): MemorySet<number, null> {
    return this.#state.set
  }

  /** The current program break. */
  get programBreak(): number {
    return this.#state.brk
  }

  /**
   * A space in which `fd` is an open file (a new one: each fd is its own
   * open file, even for one path, and mappings of different open files never
   * merge). Declaring an fd again replaces the file it names.
   *
   * @throws RangeError when `fd` is not a non-negative safe integer (a
   *   programming error, not a system call failure).
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace, MAP_SHARED, PROT_READ, PROT_WRITE } from 'memory-set/linux'
   * const space = AddressSpace.empty().withFile(3, { path: '/etc/hosts', writable: false })
   * const denied = space.mmap(0, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED, 3)
   * E.isLeft(denied) && denied.left.code // 'EACCES'
   * ```
   */
  withFile(fd: number, options: FileOptions = {}): AddressSpace {
    if (!Number.isSafeInteger(fd) || fd < 0) {
      throw new RangeError(`withFile: fd must be a non-negative integer, got ${String(fd)}`)
    }
    const state = this.#state
    const object: MapObject = Object.freeze({
      kind: 'file',
      id: state.nextId,
      path: options.path ?? '',
      fd,
      dev: options.dev ?? '00:00',
      inode: options.inode ?? 0,
      writable: options.writable ?? true,
      readable: options.readable ?? true,
      mappable: options.mappable ?? true,
      hugeAlign: options.hugeAlign ?? true,
    })
    return new AddressSpace({ ...state, files: state.files.set(fd, object), nextId: state.nextId + 1 })
  }

  /**
   * A space in which `fd` is closed: mapping it is `EBADF`. Its mappings stay.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace, MAP_PRIVATE, PROT_READ } from 'memory-set/linux'
   * const closed = AddressSpace.empty().withFile(3).withoutFile(3)
   * const result = closed.mmap(0, 0x1000, PROT_READ, MAP_PRIVATE, 3)
   * E.isLeft(result) && result.left.code // 'EBADF'
   * ```
   */
  withoutFile(fd: number): AddressSpace {
    const state = this.#state
    return new AddressSpace({ ...state, files: state.files.set(fd, null) })
  }

  /**
   * A space that also has `mappings`, as `/proc/PID/maps` lists them: the
   * memory a process had before the model started. Mappings of one file
   * (same device, inode and path) share an object, so their neighbours merge
   * as Linux would; private anonymous memory (including `[heap]`) is touched
   * unless `touched: false` says otherwise (see {@link SeedMapping.touched});
   * special mappings (`[stack]`, `[vdso]`, ...) never merge with new ones.
   * `EINVAL` when a mapping is empty, unaligned, or overlaps another.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace } from 'memory-set/linux'
   * const seeded = AddressSpace.empty().withMappings([
   *   { start: 0x400000, end: 0x401000, perms: 'r-xp', path: '/bin/true', inode: 42 },
   * ])
   * E.isRight(seeded) && seeded.right.vmas().length // 1
   * ```
   */
  withMappings(mappings: readonly SeedMapping[]): E.Either<Errno, AddressSpace> {
    const state = this.#state
    const { pageSize } = state.layout
    const objects = new Map<string, MapObject>()
    let nextId = state.nextId
    const areas: LinuxArea[] = [...state.set]
    for (const m of mappings) {
      const { start, end, perms } = m
      if (
        !Number.isSafeInteger(start) ||
        !Number.isSafeInteger(end) ||
        start < 0 ||
        end <= start ||
        start % pageSize !== 0 ||
        end % pageSize !== 0 ||
        typeof perms !== 'string' ||
        !/^[r-][w-][x-][ps]$/.test(perms)
      ) {
        return E.left(errno('EINVAL', `withMappings: bad mapping ${JSON.stringify(m)}`))
      }
      const path = m.path ?? ''
      const dev = m.dev ?? '00:00'
      const inode = m.inode ?? 0
      const shared = perms[3] === 's'
      const prot = (perms[0] === 'r' ? 1 : 0) | (perms[1] === 'w' ? 2 : 0) | (perms[2] === 'x' ? 4 : 0)
      let flags =
        m.vmflags === undefined
          ? prot | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | (shared ? VM_SHARED | VM_MAYSHARE : 0)
          : parseVmFlags(m.vmflags)
      if (m.vmflags === undefined && !shared && prot & 2) flags = withBit(flags, VM_ACCOUNT)
      const isFile = inode !== 0 || (dev !== '00:00' && path !== '')
      let object: MapObject
      let offset = m.offset ?? 0
      let anonVma = 0
      if ((path === '' || path === '[heap]') && !isFile && !shared) {
        // Private anonymous memory: Linux's page offset is the address it was made at.
        object = ANONYMOUS
        offset = start
        flags = withBit(flags, VM_ANON)
        if (m.touched ?? true) anonVma = nextId++
      } else {
        const key = isFile ? `${dev} ${inode} ${path}` : `${objects.size}:${start}`
        const known = objects.get(key)
        if (known !== undefined) object = known
        else {
          object = Object.freeze({
            ...ANONYMOUS,
            kind: isFile
              ? path.startsWith('/dev/zero') || path.startsWith('/SYSV')
                ? 'shared-anonymous'
                : 'file'
              : 'special',
            id: nextId++,
            path,
            dev,
            inode,
            // shmem (memfd, /dev/shm, SysV) is not 2 MiB-aligned; other files are taken to be on ext4
            hugeAlign: isFile && !/^\/(memfd:|dev\/shm\/|SYSV|dev\/zero)/.test(path),
          })
          objects.set(key, object)
        }
      }
      areas.push(new MemoryArea(start, end - start, flags, new LinuxBackend(object, offset, anonVma)))
    }
    areas.sort((a, b) => a.start - b.start)
    for (let i = 1; i < areas.length; i++) {
      if (areas[i - 1]!.end > areas[i]!.start) {
        return E.left(errno('EINVAL', `withMappings: ${hex(areas[i]!.start)} overlaps another mapping`))
      }
    }
    return E.right(new AddressSpace({ ...state, set: setFromAreas(areas), nextId }))
  }

  /**
   * Linux's `mmap(addr, length, prot, flags, fd, offset)`: the address of the
   * new mapping, or the errno Linux returns (checks in Linux's order).
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ } from 'memory-set/linux'
   * const fixed = AddressSpace.empty().mmap(0x100000, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
   * E.isRight(fixed) && fixed.right[1] // 0x100000
   * ```
   */
  mmap(
    addr: number,
    length: number,
    prot: number,
    flags: number,
    fd: number = -1,
    offset: number = 0,
  ): E.Either<Errno, readonly [AddressSpace, number]> {
    const result = mmap(this.#state, addr, length, prot, flags, fd, offset)
    return E.isLeft(result)
      ? E.left(toErrno(result.left))
      : E.right([new AddressSpace(result.right[0]), result.right[1]] as const)
  }

  /**
   * Linux's `munmap(addr, length)`.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace } from 'memory-set/linux'
   * E.isRight(AddressSpace.empty().munmap(0x100000, 0x1000)) // true: unmapping nothing succeeds
   * ```
   */
  munmap(addr: number, length: number): E.Either<Errno, AddressSpace> {
    const result = munmap(this.#state, addr, length)
    return E.isLeft(result) ? E.left(toErrno(result.left)) : E.right(this.#wrap(result.right))
  }

  /**
   * Linux's `mprotect(addr, length, prot)`. On `ENOMEM` (a hole) or `EACCES`
   * (a mapping that refuses `prot`) Linux keeps the change it made to the
   * areas before that point: the error's `kernelState` has it.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from 'memory-set/linux'
   * const mapped = AddressSpace.empty().mmap(0x100000, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
   * const result = E.flatMap(mapped, ([s]) => s.mprotect(0x100000, 0x2000, PROT_READ | PROT_WRITE))
   * if (E.isLeft(result)) console.log(result.left.code, result.left.kernelState?.vmas()[0]?.perms) // ENOMEM rw-p
   * ```
   */
  mprotect(addr: number, length: number, prot: number): E.Either<Errno, AddressSpace> {
    const result = mprotect(this.#state, addr, length, prot)
    return E.isLeft(result) ? E.left(toErrno(result.left)) : E.right(this.#wrap(result.right))
  }

  /**
   * Linux 6.18's `mremap(oldAddr, oldLength, newLength, flags, newAddr)`.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { AddressSpace, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MREMAP_MAYMOVE, PROT_READ } from 'memory-set/linux'
   * const mapped = AddressSpace.empty().mmap(0x100000, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
   * const grown = E.flatMap(mapped, ([s]) => s.mremap(0x100000, 0x1000, 0x3000, MREMAP_MAYMOVE))
   * E.isRight(grown) && grown.right[1] // 0x100000: grown in place
   * ```
   */
  mremap(
    oldAddr: number,
    oldLength: number,
    newLength: number,
    flags: number,
    newAddr: number = 0,
  ): E.Either<Errno, readonly [AddressSpace, number]> {
    const result = mremap(this.#state, oldAddr, oldLength, newLength, flags, newAddr)
    return E.isLeft(result)
      ? E.left(toErrno(result.left))
      : E.right([this.#wrap(result.right[0]), result.right[1]] as const)
  }

  /**
   * Linux's `brk(addr)`: never fails; the result is the break after the call
   * (the old one when the request is refused, `brk(0)` asks for it).
   *
   * @example
   * ```ts
   * import { AddressSpace } from 'memory-set/linux'
   * const [space, now] = AddressSpace.empty({ brk: 0x600000 }).brk(0x621000)
   * now // 0x621000
   * space.vmas()[0]?.path // '[heap]'
   * ```
   */
  brk(addr: number): readonly [AddressSpace, number] {
    const [state, result] = brk(this.#state, addr)
    return [this.#wrap(state), result] as const
  }

  /**
   * The areas in address order, as `/proc/PID/maps` lists them.
   *
   * @example
   * ```ts
   * import { AddressSpace } from 'memory-set/linux'
   * AddressSpace.empty().vmas().length // 0
   * ```
   */
  vmas(): readonly Vma[] {
    const { brk: current, startBrk } = this.#state
    const { startStack } = this.#state.layout
    const out: Vma[] = []
    for (const area of this.#state.set) {
      const { object, offset } = backendOf(area)
      const shared = has(area.flags, VM_MAYSHARE)
      const prot = protOf(area.flags)
      // Linux's get_vma_name: vma_is_initial_heap, then vma_is_initial_stack (both ends inclusive)
      const heap = object.kind === 'anonymous' && area.start < current && area.end > startBrk
      const stack =
        object.kind === 'anonymous' && startStack !== undefined && area.start <= startStack && area.end >= startStack
      out.push(
        Object.freeze({
          start: area.start,
          end: area.end,
          prot,
          shared,
          // -1 for every object but a file (they are made from ANONYMOUS)
          fd: object.fd,
          offset: object.kind === 'anonymous' ? 0 : offset,
          perms: permsOf(prot, shared),
          path: heap ? '[heap]' : stack ? '[stack]' : object.path,
          dev: object.dev,
          inode: object.inode,
          vmflags: vmFlagsText(area.flags),
        }),
      )
    }
    return out
  }

  /**
   * `/proc/PID/maps` text: one line per area, each ending with a newline.
   *
   * @example
   * ```ts
   * import { AddressSpace } from 'memory-set/linux'
   * const [space] = AddressSpace.empty({ brk: 0x600000 }).brk(0x601000)
   * space.toString() // '00600000-00601000 rw-p 00000000 00:00 0                                  [heap]\n'
   * ```
   */
  toString(): string {
    return this.vmas()
      .map((vma) => `${formatVma(vma)}\n`)
      .join('')
  }

  /** Value equality: the same areas (flags, objects, offsets), open files, break and layout. O(n). */
  equals(other: unknown): boolean {
    if (this === other) return true
    if (!(other instanceof AddressSpace)) return false
    const a = this.#state
    const b = other.#state
    if (a.brk !== b.brk || a.startBrk !== b.startBrk || a.set.size !== b.set.size) return false
    if (JSON.stringify(a.layout) !== JSON.stringify(b.layout)) return false
    if (a.files.size !== b.files.size) return false
    for (const [fd, file] of a.files) {
      const theirs = b.files.get(fd)
      if (theirs === undefined || JSON.stringify(file) !== JSON.stringify(theirs)) return false
    }
    const theirs = b.set[Symbol.iterator]()
    for (const area of a.set) {
      const next = theirs.next()
      if (next.done === true || !sameArea(area, next.value)) return false
    }
    return true
  }

  /** A 32-bit hash consistent with {@link AddressSpace.equals}. */
  hashCode(): number {
    if (this.#hash === undefined) {
      let h = combineHashes(hash(this.#state.brk), hash(this.#state.startBrk))
      for (const area of this.#state.set) h = combineHashes(h, combineHashes(hash(area.start), hash(area.end)))
      this.#hash = h
    }
    return this.#hash
  }

  #wrap(state: SpaceState): AddressSpace {
    return state === this.#state ? this : new AddressSpace(state)
  }
}

const sameArea = (a: LinuxArea, b: LinuxArea): boolean => {
  const x = backendOf(a)
  const y = backendOf(b)
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.flags === b.flags &&
    x.offset === y.offset &&
    x.object.kind === y.object.kind &&
    x.object.id === y.object.id
  )
}
