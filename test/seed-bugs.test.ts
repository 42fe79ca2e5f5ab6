// Regression tests for the Rust crate's bugs (memory_set 0.4) found on hostile
// inputs. Each test names the seed behaviour it guards against.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, pageTableBackend, type PageTable } from '../src/index.js'
import { always, checkValid, err, ok, recordingBackend, triples, type Call } from './support/helpers.js'

const MAX = Number.MAX_SAFE_INTEGER
const backend = pageTableBackend<number>({ pageSize: 0x100 })
type Set = MemorySet<number, PageTable<number>>
const area = (start: number, size: number, flags = 1) => new MemoryArea(start, size, flags, backend)

/** A set with the given areas mapped, and its page table. */
const build = (...areas: MemoryArea<number, PageTable<number>>[]): readonly [Set, PageTable<number>] => {
  let state: readonly [Set, PageTable<number>] = [MemorySet.empty(), emptyPageTable()]
  for (const a of areas) state = ok(state[0].map(a, state[1], false))
  return state
}

describe('seed bugs, fixed', () => {
  it('map: start + size overflowing the address space is refused up front (the seed panics)', () => {
    expect(() => area(MAX - 0xfff, 0x2000)).toThrow(RangeError)
    expect(() => area(MAX - 0xfff, 0x2000)).toThrow(/exceeds Number.MAX_SAFE_INTEGER/)
    const [set, pt] = build()
    expect(err(set.unmap(MAX - 0xfff, 0x2000, pt))._tag).toBe('InvalidParam')
    expect(err(set.protect(MAX - 0xfff, 0x2000, always(2), pt))._tag).toBe('InvalidParam')
  })

  it('findFreeArea: align 0 is None (the seed panics on a division by zero)', () => {
    const [set] = build(area(0, 0x1000))
    expect(set.findFreeArea(0, 0x1000, { start: 0, end: 0x10000 }, 0)).toEqual(O.none)
  })

  it('findFreeArea: limit.start > limit.end is None (the seed panics)', () => {
    const [set] = build(area(0, 0x1000))
    expect(set.findFreeArea(0, 0x1000, { start: 0x8000, end: 0x4000 }, 0x1000)).toEqual(O.none)
  })

  it('protect of size 0 inside an area changes nothing (the seed keeps an empty area and loses the right part)', () => {
    const [set, pt] = build(area(0x1000, 0x3000, 1))
    const [after, afterPt] = ok(set.protect(0x2000, 0, always(2), pt))
    expect(after).toBe(set)
    expect(afterPt).toBe(pt)
    expect(triples(after)).toEqual([[0x1000, 0x4000, 1]])
  })

  it('protect reports a backend failure and changes nothing (the seed ignores it)', () => {
    const failing = recordingBackend<number>((call) => call[0] === 'protect')
    const log: readonly Call[] = []
    const [set, pt] = ok(
      MemorySet.empty<number, readonly Call[]>().map(new MemoryArea(0, 0x3000, 1, failing), log, false),
    )
    const failure = err(set.protect(0x1000, 0x1000, always(2), pt))
    expect(failure._tag).toBe('BadState')
    expect(triples(set)).toEqual([[0, 0x3000, 1]])
    expect(pt).toEqual([['map', 0, 0x3000, 1]])
  })

  it('unmap is all-or-nothing: a failure on the second area leaves the first mapped (the seed half-applies)', () => {
    const failing = recordingBackend<number>((call) => call[0] === 'unmap' && call[1] >= 0x4000)
    let state = [MemorySet.empty<number, readonly Call[]>(), [] as readonly Call[]] as const
    for (const start of [0, 0x4000])
      state = ok(state[0].map(new MemoryArea(start, 0x1000, 1, failing), state[1], false))
    const [set, pt] = state
    expect(err(set.unmap(0, 0x8000, pt))._tag).toBe('BadState')
    expect(triples(set)).toEqual([
      [0, 0x1000, 1],
      [0x4000, 0x5000, 1],
    ])
    expect(pt).toHaveLength(2)
  })

  it('an overwriting map is all-or-nothing: a failing unmap half leaves everything (the seed half-applies)', () => {
    const failing = recordingBackend<number>((call) => call[0] === 'unmap' && call[1] === 0x2000)
    let state = [MemorySet.empty<number, readonly Call[]>(), [] as readonly Call[]] as const
    for (const start of [0, 0x2000])
      state = ok(state[0].map(new MemoryArea(start, 0x1000, 1, failing), state[1], false))
    const [set, pt] = state
    expect(err(set.map(new MemoryArea(0, 0x4000, 2, failing), pt, true))._tag).toBe('BadState')
    expect(triples(set)).toEqual([
      [0, 0x1000, 1],
      [0x2000, 0x3000, 1],
    ])
  })

  it('an overwriting map whose map half fails unmaps nothing', () => {
    const [set, pt] = build(area(0, 0x1000, 1))
    // The reference backend refuses to map an unaligned range, after the unmap half succeeded.
    const unaligned = new MemoryArea(0, 0x1080, 2, backend)
    expect(err(set.map(unaligned, pt, true))._tag).toBe('InvalidParam')
    expect(triples(set)).toEqual([[0, 0x1000, 1]])
    expect(pt.get(0)).toBe(1)
  })

  it('clear is all-or-nothing (the seed clears what it unmapped before the failure)', () => {
    const failing = recordingBackend<number>((call) => call[0] === 'unmap' && call[1] === 0x2000)
    let state = [MemorySet.empty<number, readonly Call[]>(), [] as readonly Call[]] as const
    for (const start of [0, 0x2000, 0x4000]) {
      state = ok(state[0].map(new MemoryArea(start, 0x1000, 1, failing), state[1], false))
    }
    const [set, pt] = state
    expect(err(set.clear(pt))._tag).toBe('BadState')
    expect(set.size).toBe(3)
    expect(pt).toHaveLength(3)
  })

  it('protect calls updateFlags only for areas overlapping the range (the seed calls it for every area)', () => {
    const [set, pt] = build(area(0, 0x1000), area(0x2000, 0x1000), area(0x4000, 0x1000), area(0x6000, 0x1000))
    const seen: number[] = []
    ok(
      set.protect(
        0x2800,
        0x2000,
        (flags) => {
          seen.push(flags)
          return O.some(flags + 1)
        },
        pt,
      ),
    )
    expect(seen).toHaveLength(2)
  })

  it('findFreeArea never returns a mapped address when an area starts between the area before the aligned hint and its aligned end', () => {
    // The seed aligns the end of [0, 0x1800) up to 0x2000 and scans areas from
    // there, skipping [0x1800, 0x2800), so it answers 0x2000, which is mapped.
    const [set] = build(area(0, 0x1800), area(0x1800, 0x1000))
    const found = set.findFreeArea(0x100, 0x1000, { start: 0, end: 0x10000 }, 0x1000)
    expect(found).toEqual(O.some(0x3000))
  })

  it('findFreeArea never returns a range that ends past limit.end (the seed checks the limit only after the last area)', () => {
    const [set] = build(area(0, 0x1000), area(0x9000, 0x1000))
    expect(set.findFreeArea(0, 0x4000, { start: 0, end: 0x2000 }, 0x1000)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x1000, { start: 0, end: 0x2000 }, 0x1000)).toEqual(O.some(0x1000))
  })

  it('findFreeArea never wraps around at the top of the address space (the seed aligns up past the top to 0)', () => {
    const [set] = build(area(0, 0x1000))
    const top = { start: 0, end: MAX }
    expect(set.findFreeArea(MAX - 5, 0x1000, top, 0x1000)).toEqual(O.none)
    expect(set.findFreeArea(MAX - 0x1000, 0x1000, top, 1)).toEqual(O.some(MAX - 0x1000))
    expect(set.findFreeArea(MAX - 0xfff, 0x1000, top, 1)).toEqual(O.none)
  })

  it('every regression leaves a valid index behind', () => {
    const [set, pt] = build(area(0, 0x1000), area(0x2000, 0x3000))
    const [after] = ok(set.protect(0x3000, 0x1000, always(9), pt))
    expect(triples(checkValid(after))).toEqual([
      [0, 0x1000, 1],
      [0x2000, 0x3000, 1],
      [0x3000, 0x4000, 9],
      [0x4000, 0x5000, 1],
    ])
  })
})

describe('seed parity', () => {
  it('map of size 0 is InvalidParam', () => {
    const [set, pt] = build()
    const e = err(set.map(area(0x1000, 0), pt, false))
    expect(e._tag).toBe('InvalidParam')
    expect(e.message).toMatch(/size 0/)
  })

  it('adjacent areas are not merged', () => {
    const [set] = build(area(0, 0x1000, 1), area(0x1000, 0x1000, 1))
    expect(set.size).toBe(2)
  })

  it('unmap of a range with holes only touches mapped parts', () => {
    const [set, pt] = build(area(0, 0x1000), area(0x3000, 0x1000))
    const [after, afterPt] = ok(set.unmap(0, 0x10000, pt))
    expect(after.isEmpty()).toBe(true)
    expect(afterPt.size).toBe(0)
    expect(E.isRight(set.unmap(0, 0x10000, pt))).toBe(true)
  })
})
