// A small, slow, obviously-written address space for the replay's tests: a
// sorted array of areas copied on every call. It follows the contract's
// AddressSpace closely enough for traces (placement top-down below mmapBase,
// MAP_FIXED replaces, Linux's merge rule, mprotect's partial change on ENOMEM,
// mremap shrink / grow in place / move, brk), nothing more.
import * as E from 'fp-ts/lib/Either.js'
import type { ReplayErrno, ReplaySpace, ReplayVma } from '../../src/cli/replay/space.js'

const PAGE = 4096
const up = (n: number): number => Math.ceil(n / PAGE) * PAGE
const perms = (prot: number, shared: boolean): string =>
  `${prot & 1 ? 'r' : '-'}${prot & 2 ? 'w' : '-'}${prot & 4 ? 'x' : '-'}${shared ? 's' : 'p'}`

interface Area {
  readonly start: number
  readonly end: number
  readonly prot: number
  readonly shared: boolean
  readonly fd: number
  readonly offset: number
  /** Shared anonymous mappings never merge: each is its own object. */
  readonly object: number
}

let objects = 0

export class FakeSpace implements ReplaySpace {
  private constructor(
    readonly areas: readonly Area[],
    readonly breakStart: number,
    readonly breakEnd: number,
    readonly mmapBase: number,
    readonly files: ReadonlyMap<number, number>,
  ) {}

  static empty(options: { readonly brk?: number; readonly mmapBase?: number } = {}): FakeSpace {
    const brk = options.brk ?? 0x555555559000
    return new FakeSpace([], brk, brk, options.mmapBase ?? 0x7ffff7fff000, new Map())
  }

  private with(areas: readonly Area[], breakEnd = this.breakEnd): FakeSpace {
    return new FakeSpace(normalize(areas), this.breakStart, breakEnd, this.mmapBase, this.files)
  }

  withFile(fd: number): FakeSpace {
    const files = new Map(this.files)
    files.set(fd, ++objects)
    return new FakeSpace(this.areas, this.breakStart, this.breakEnd, this.mmapBase, files)
  }

  private err(code: string, message: string, kernelState?: ReplaySpace): E.Either<ReplayErrno, never> {
    return E.left(
      kernelState === undefined ? { _tag: 'Errno', code, message } : { _tag: 'Errno', code, message, kernelState },
    )
  }

  private free(start: number, end: number): boolean {
    return this.areas.every((a) => a.end <= start || a.start >= end)
  }

  private cut(start: number, end: number): Area[] {
    const out: Area[] = []
    for (const a of this.areas) {
      if (a.end <= start || a.start >= end) out.push(a)
      else {
        if (a.start < start) out.push({ ...a, end: start })
        if (a.end > end) out.push({ ...a, start: end, offset: a.offset + (end - a.start) })
      }
    }
    return out
  }

  mmap(
    addr: number,
    length: number,
    prot: number,
    flags: number,
    fd = -1,
    offset = 0,
  ): E.Either<ReplayErrno, readonly [FakeSpace, number]> {
    const len = up(length)
    if (length <= 0 || addr % PAGE !== 0 || offset % PAGE !== 0) return this.err('EINVAL', 'bad mmap arguments')
    const fixed = (flags & 0x10) !== 0
    const noreplace = (flags & 0x100000) !== 0
    let start: number
    if (fixed || noreplace) {
      if (addr < 0x10000) return this.err('EPERM', 'below mmap_min_addr')
      if (noreplace && !this.free(addr, addr + len)) return this.err('EEXIST', 'occupied')
      start = addr
    } else if (addr >= 0x10000 && this.free(addr, addr + len)) start = addr
    else {
      let top = this.mmapBase
      for (const a of [...this.areas].reverse()) {
        if (a.start >= top) continue
        if (a.end <= top - len) break
        top = a.start
      }
      start = top - len
    }
    const shared = (flags & 3) === 1 || (flags & 3) === 3
    const anon = (flags & 0x20) !== 0
    const area: Area = {
      start,
      end: start + len,
      prot,
      shared,
      fd: anon ? -1 : fd,
      offset: anon ? 0 : offset,
      object: anon ? (shared ? ++objects : 0) : (this.files.get(fd) ?? fd),
    }
    return E.right([this.with([...this.cut(start, start + len), area]), start])
  }

  munmap(addr: number, length: number): E.Either<ReplayErrno, FakeSpace> {
    if (addr % PAGE !== 0 || length <= 0) return this.err('EINVAL', 'bad munmap arguments')
    return E.right(this.with(this.cut(addr, addr + up(length))))
  }

  mprotect(addr: number, length: number, prot: number): E.Either<ReplayErrno, FakeSpace> {
    if (addr % PAGE !== 0) return this.err('EINVAL', 'unaligned')
    const end = addr + up(length)
    let at = addr
    const changed: Area[] = []
    for (const a of this.areas) {
      if (a.end <= addr || a.start >= end) continue
      if (a.start > at) break
      changed.push({
        ...a,
        start: Math.max(a.start, addr),
        end: Math.min(a.end, end),
        prot,
        offset: a.offset + Math.max(0, addr - a.start),
      })
      at = a.end
    }
    const done = changed.reduce<FakeSpace>((s, c) => s.with([...s.cut(c.start, c.end), c]), this)
    if (at < end) return this.err('ENOMEM', 'hole', done)
    return E.right(done)
  }

  mremap(
    oldAddr: number,
    oldLength: number,
    newLength: number,
    flags: number,
    newAddr = 0,
  ): E.Either<ReplayErrno, readonly [FakeSpace, number]> {
    const oldLen = up(oldLength)
    const newLen = up(newLength)
    const src = this.areas.find((a) => a.start <= oldAddr && oldAddr < a.end)
    if (src === undefined || oldAddr + oldLen > src.end) return this.err('EFAULT', 'not one mapping')
    const piece: Area = { ...src, start: oldAddr, end: oldAddr + oldLen, offset: src.offset + (oldAddr - src.start) }
    if ((flags & 2) !== 0) {
      const moved = this.with([...this.cut(oldAddr, oldAddr + oldLen)])
      const target: Area = { ...piece, start: newAddr, end: newAddr + newLen }
      return E.right([moved.with([...moved.cut(newAddr, newAddr + newLen), target]), newAddr])
    }
    if (newLen <= oldLen) return E.right([this.with(this.cut(oldAddr + newLen, oldAddr + oldLen)), oldAddr])
    if (this.free(oldAddr + oldLen, oldAddr + newLen)) {
      return E.right([
        this.with([
          ...this.areas,
          { ...piece, start: oldAddr + oldLen, end: oldAddr + newLen, offset: piece.offset + oldLen },
        ]),
        oldAddr,
      ])
    }
    if ((flags & 1) === 0) return this.err('ENOMEM', 'cannot grow in place')
    const cleared = this.with(this.cut(oldAddr, oldAddr + oldLen))
    const placed = cleared.mmap(0, newLen, piece.prot, 0x22)
    if (E.isLeft(placed)) return placed
    const at = placed.right[1]
    return E.right([cleared.with([...cleared.areas, { ...piece, start: at, end: at + newLen }]), at])
  }

  brk(addr: number): readonly [FakeSpace, number] {
    if (addr < this.breakStart) return [this, this.breakEnd]
    const oldTop = up(this.breakEnd)
    const newTop = up(addr)
    if (newTop > oldTop && !this.free(oldTop, newTop)) return [this, this.breakEnd]
    const heap: Area = { start: up(this.breakStart), end: newTop, prot: 3, shared: false, fd: -1, offset: 0, object: 0 }
    const rest = this.cut(Math.min(oldTop, newTop), Math.max(oldTop, newTop))
    const areas = newTop > oldTop ? [...rest, { ...heap, start: oldTop }] : rest
    return [this.with(areas, addr), addr]
  }

  vmas(): readonly ReplayVma[] {
    return this.areas.map((a) => ({
      start: a.start,
      end: a.end,
      prot: a.prot,
      shared: a.shared,
      fd: a.fd,
      offset: a.fd < 0 ? 0 : a.offset, // /proc/PID/maps prints 0 for anonymous memory
      perms: perms(a.prot, a.shared),
    }))
  }
}

const normalize = (areas: readonly Area[]): readonly Area[] => {
  const sorted = [...areas].filter((a) => a.end > a.start).sort((x, y) => x.start - y.start)
  const out: Area[] = []
  for (const a of sorted) {
    const last = out[out.length - 1]
    const contiguous = a.fd < 0 || a.offset === (last?.offset ?? 0) + ((last?.end ?? 0) - (last?.start ?? 0))
    if (
      last !== undefined &&
      last.end === a.start &&
      last.prot === a.prot &&
      last.shared === a.shared &&
      last.fd === a.fd &&
      last.object === a.object &&
      !(a.fd < 0 && a.shared) &&
      contiguous
    ) {
      out[out.length - 1] = { ...last, end: a.end }
    } else out.push(a)
  }
  return out
}
