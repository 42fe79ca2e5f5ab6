// The Rust crate's own four tests (memory_set 0.4, src/tests.rs), ported to the
// persistent API with a byte-granular backend like its MockBackend: one page
// per byte, map fails on a mapped byte, unmap/protect fail on an unmapped one.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, pageTableBackend, type PageTable } from '../src/index.js'
import { indexOf } from '../src/internal/set-access.js'

const MAX_ADDR = 0x10000
type Flags = number
type Set = MemorySet<Flags, PageTable<Flags>>
const backend = pageTableBackend<Flags>({ pageSize: 1 })
const area = (start: number, size: number, flags: Flags) => new MemoryArea(start, size, flags, backend)

/** Unwraps a Right, failing the test with the error message on a Left. */
const ok = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left.message}`)
  return result.right
}

const steps = (from: number, to: number, step: number): number[] => {
  const out: number[] = []
  for (let x = from; x < to; x += step) out.push(x)
  return out
}

for (const maxNodeSize of [4, undefined]) {
  describe(`seed tests (maxNodeSize ${maxNodeSize ?? 'default'})`, () => {
    const empty = (): Set => MemorySet.empty<Flags, PageTable<Flags>>(maxNodeSize === undefined ? {} : { maxNodeSize })
    const check = (set: Set): Set => {
      indexOf(set).checkValid()
      return set
    }

    it('map_unmap', () => {
      let set = empty()
      let pt = emptyPageTable<Flags>()
      // Map [0, 0x1000), [0x2000, 0x3000), ... then the holes between them.
      for (const start of steps(0, MAX_ADDR, 0x2000)) [set, pt] = ok(set.map(area(start, 0x1000, 1), pt, false))
      for (const start of steps(0x1000, MAX_ADDR, 0x2000)) [set, pt] = ok(set.map(area(start, 0x1000, 2), pt, false))
      check(set)
      expect(set.size).toBe(16)
      for (let addr = 0; addr < MAX_ADDR; addr++) expect([1, 2]).toContain(pt.get(addr))

      const found = O.toUndefined(set.find(0x4100))
      expect([found?.start, found?.end, found?.flags]).toEqual([0x4000, 0x5000, 1])
      expect(pt.get(0x4200)).toBe(1)

      // [0x4000, 0x8000) is already mapped.
      const refused = set.map(area(0x4000, 0x4000, 3), pt, false)
      expect(E.isLeft(refused) && refused.left._tag).toBe('AlreadyExists')
      // Unmap what it overlaps, then map it.
      ;[set, pt] = ok(set.map(area(0x4000, 0x4000, 3), pt, true))
      check(set)
      expect(set.size).toBe(13)
      const remapped = O.toUndefined(set.find(0x4100))
      expect([remapped?.start, remapped?.end, remapped?.flags]).toEqual([0x4000, 0x8000, 3])
      for (let addr = 0x4000; addr < 0x8000; addr++) expect(pt.get(addr)).toBe(3)

      // Unmap areas in the middle, then everything (including unmapped ranges).
      ;[set, pt] = ok(set.unmap(0x4000, 0x8000, pt))
      expect(set.size).toBe(8)
      ;[set, pt] = ok(set.unmap(0, MAX_ADDR * 2, pt))
      expect(set.size).toBe(0)
      expect(pt.size).toBe(0)
    })

    it('unmap_split', () => {
      let set = empty()
      let pt = emptyPageTable<Flags>()
      for (const start of steps(0, MAX_ADDR, 0x2000)) [set, pt] = ok(set.map(area(start, 0x1000, 1), pt, false))
      expect(set.size).toBe(8)

      // Unmap [0xc00, 0x2400), [0x2c00, 0x4400), ...: areas shrink at both ends.
      for (const start of steps(0, MAX_ADDR, 0x2000)) [set, pt] = ok(set.unmap(start + 0xc00, 0x1800, pt))
      check(set)
      expect(set.size).toBe(8)
      for (const a of set) {
        if (a.start === 0) expect(a.size).toBe(0xc00)
        else expect([a.start % 0x1000, a.end % 0x1000, a.size]).toEqual([0x400, 0xc00, 0x800])
        for (let addr = a.start; addr < a.end; addr++) expect(pt.get(addr)).toBe(1)
      }

      // Unmap [0x800, 0x900), [0x2800, 0x2900), ...: each area splits in two.
      for (const start of steps(0, MAX_ADDR, 0x2000)) [set, pt] = ok(set.unmap(start + 0x800, 0x100, pt))
      check(set)
      expect(set.size).toBe(16)
      const sizeByOffset: Record<number, number> = { 0: 0x800, 0x400: 0x400, 0x900: 0x300 }
      for (const a of set) {
        expect(a.size).toBe(sizeByOffset[a.start % 0x1000])
        for (let addr = a.start; addr < a.end; addr++) expect(pt.get(addr)).toBe(1)
      }
      const areas = set.toArray()
      for (let i = 0; i + 1 < areas.length; i += 2) {
        for (let addr = areas[i]!.end; addr < areas[i + 1]!.start; addr++) expect(pt.has(addr)).toBe(false)
      }

      ;[set, pt] = ok(set.unmap(0, MAX_ADDR, pt))
      expect(set.size).toBe(0)
      expect(pt.size).toBe(0)
    })

    it('protect', () => {
      let set = empty()
      let pt = emptyPageTable<Flags>()
      // Changes the low three bits to those of `newFlags`, or None if they already match.
      const updateFlags =
        (newFlags: Flags) =>
        (old: Flags): O.Option<Flags> =>
          (old & 0x7) === (newFlags & 0x7) ? O.none : O.some((newFlags & 0x7) | (old & ~0x7))

      for (const start of steps(0, MAX_ADDR, 0x2000)) [set, pt] = ok(set.map(area(start, 0x1000, 0x7), pt, false))
      expect(set.size).toBe(8)

      // Protect [0xc00, 0x2400), [0x2c00, 0x4400), ...: areas split in two.
      for (const start of steps(0, MAX_ADDR, 0x2000)) {
        ;[set, pt] = ok(set.protect(start + 0xc00, 0x1800, updateFlags(0x1), pt))
      }
      check(set)
      expect(set.size).toBe(23)
      for (const a of set) {
        const off = a.start % 0x1000
        if (a.start === 0) expect([a.size, a.flags]).toEqual([0xc00, 0x7])
        else if (off === 0) expect([a.size, a.flags]).toEqual([0x400, 0x1])
        else if (off === 0x400) expect([a.size, a.flags]).toEqual([0x800, 0x7])
        else if (off === 0xc00) expect([a.size, a.flags]).toEqual([0x400, 0x1])
        else throw new Error(`unexpected area ${String(a)}`)
      }

      // Protect [0x800, 0x900), [0x2800, 0x2900), ...: areas split in three.
      for (const start of steps(0, MAX_ADDR, 0x2000)) {
        ;[set, pt] = ok(set.protect(start + 0x800, 0x100, updateFlags(0x13), pt))
      }
      check(set)
      expect(set.size).toBe(39)
      for (const a of set) {
        const off = a.start % 0x1000
        if (a.start === 0) expect([a.size, a.flags]).toEqual([0x800, 0x7])
        else if (off === 0) expect([a.size, a.flags]).toEqual([0x400, 0x1])
        else if (off === 0x400) expect([a.size, a.flags]).toEqual([0x400, 0x7])
        else if (off === 0x800) expect([a.size, a.flags]).toEqual([0x100, 0x3])
        else if (off === 0x900) expect([a.size, a.flags]).toEqual([0x300, 0x7])
        else if (off === 0xc00) expect([a.size, a.flags]).toEqual([0x400, 0x1])
        else throw new Error(`unexpected area ${String(a)}`)
        for (let addr = a.start; addr < a.end; addr++) expect(pt.get(addr)).toBe(a.flags)
      }

      // Nothing to change in [0x880, 0x900), ...: updateFlags says None, same set.
      for (const start of steps(0, MAX_ADDR, 0x2000)) {
        const before = set
        ;[set, pt] = ok(set.protect(start + 0x880, 0x80, updateFlags(0x3), pt))
        expect(set).toBe(before)
      }
      expect(set.size).toBe(39)

      ;[set, pt] = ok(set.unmap(0, MAX_ADDR, pt))
      expect(set.size).toBe(0)
      expect(pt.size).toBe(0)
    })

    it('find_free_area', () => {
      let set = empty()
      let pt = emptyPageTable<Flags>()
      // Map [0, 0x1000), [0x2000, 0x3000), ..., [0xe000, 0xf000).
      for (const start of steps(0, MAX_ADDR, 0x2000)) [set, pt] = ok(set.map(area(start, 0x1000, 1), pt, false))
      const limit = { start: 0, end: MAX_ADDR }
      const free = (hint: number, size: number, align: number) =>
        O.toUndefined(set.findFreeArea(hint, size, limit, align))

      expect(free(0, 0x1000, 1)).toBe(0x1000)
      expect(free(0x800, 0x800, 0x800)).toBe(0x1000)
      expect(free(0x1800, 0x800, 0x800)).toBe(0x1800)
      expect(free(0x1800, 0x1000, 0x1000)).toBe(0x3000)
      expect(free(0x2000, 0x1000, 0x1000)).toBe(0x3000)
      expect(free(0xf000, 0x1000, 0x1000)).toBe(0xf000)
      expect(free(0xf001, 0x1000, 0x1000)).toBeUndefined()
    })
  })
}
