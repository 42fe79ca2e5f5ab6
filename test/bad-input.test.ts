// Hostile numbers at every public entry point: a clear Left, None or
// RangeError/TypeError as the contract says, never a throw from deep inside,
// never a changed set.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, isAddr, pageTableBackend, type PageTable } from '../src/index.js'
import { always, err, ok, triples } from './support/helpers.js'

const MAX = Number.MAX_SAFE_INTEGER
const backend = pageTableBackend<number>({ pageSize: 1 })
const BAD_NUMBERS: readonly number[] = [NaN, -1, -0.5, 1.5, Infinity, -Infinity, MAX + 1, 2 ** 64]

const [set, pt] = ok(
  MemorySet.empty<number, PageTable<number>>().map(new MemoryArea(0x10, 0x20, 1, backend), emptyPageTable(), false),
)
const snapshot = triples(set)

describe('MemoryArea constructor', () => {
  it.each(BAD_NUMBERS)('throws RangeError for start %s', (bad) => {
    expect(() => new MemoryArea(bad, 1, 0, backend)).toThrow(RangeError)
    expect(() => new MemoryArea(bad, 1, 0, backend)).toThrow(/start must be a non-negative safe integer/)
  })

  it.each(BAD_NUMBERS)('throws RangeError for size %s', (bad) => {
    expect(() => new MemoryArea(0, bad, 0, backend)).toThrow(/size must be a non-negative safe integer/)
  })

  it('throws RangeError when start + size passes Number.MAX_SAFE_INTEGER, and accepts the exact top', () => {
    expect(() => new MemoryArea(MAX, 1, 0, backend)).toThrow(RangeError)
    expect(new MemoryArea(MAX - 1, 1, 0, backend).end).toBe(MAX)
    expect(new MemoryArea(MAX, 0, 0, backend).size).toBe(0)
  })

  it('throws TypeError for non-numbers and non-backends', () => {
    expect(() => new MemoryArea('0' as unknown as number, 1, 0, backend)).toThrow(TypeError)
    expect(() => new MemoryArea(0, 1n as unknown as number, 0, backend)).toThrow(TypeError)
    expect(() => new MemoryArea(0, 1, 0, null as never)).toThrow(TypeError)
    expect(() => new MemoryArea(0, 1, 0, { map: () => E.right } as never)).toThrow(/map, unmap and protect/)
  })

  it('instances are frozen', () => {
    const area = new MemoryArea(0, 1, 0, backend)
    expect(Object.isFrozen(area)).toBe(true)
    expect(() => {
      ;(area as { start: number }).start = 5
    }).toThrow(TypeError)
  })
})

describe('MemorySet operations', () => {
  it.each(BAD_NUMBERS)('unmap and protect with start %s are InvalidParam and change nothing', (bad) => {
    for (const result of [set.unmap(bad, 1, pt), set.protect(bad, 1, always(2), pt)]) {
      const e = err(result)
      expect(e._tag).toBe('InvalidParam')
      expect(e.message).toMatch(/start must be a non-negative safe integer/)
    }
    expect(triples(set)).toEqual(snapshot)
  })

  it.each(BAD_NUMBERS)('unmap and protect with size %s are InvalidParam', (bad) => {
    expect(err(set.unmap(0, bad, pt)).message).toMatch(/^unmap: size must be/)
    expect(err(set.protect(0, bad, always(2), pt)).message).toMatch(/^protect: size must be/)
  })

  it('unmap and protect whose start + size overflow are InvalidParam with the numbers', () => {
    expect(err(set.unmap(MAX, 1, pt)).message).toBe(
      'unmap: start 0x1fffffffffffff + size 0x1 exceeds Number.MAX_SAFE_INTEGER',
    )
    expect(err(set.protect(1, MAX, always(2), pt))._tag).toBe('InvalidParam')
  })

  it('map of something that is not a MemoryArea is InvalidParam', () => {
    const fake = { start: -1, end: 5, size: 6, flags: 1, backend } as unknown as MemoryArea<number, PageTable<number>>
    expect(err(set.map(fake, pt, false))._tag).toBe('InvalidParam')
    expect(err(set.map(null as never, pt, false))._tag).toBe('InvalidParam')
  })

  it('protect with a non-function or a non-Option updateFlags is InvalidParam', () => {
    expect(err(set.protect(0, 0x40, 'x' as never, pt))._tag).toBe('InvalidParam')
    expect(err(set.protect(0, 0x40, (() => 2) as never, pt)).message).toMatch(/must return an fp-ts Option/)
    expect(err(set.protect(0, 0x40, (() => undefined) as never, pt))._tag).toBe('InvalidParam')
  })

  it('find with bad numbers finds nothing, never throws', () => {
    for (const bad of [NaN, -1, Infinity, -Infinity, '0x10' as unknown as number]) expect(set.find(bad)).toEqual(O.none)
  })

  it('overlaps with NaN, reversed or missing ranges is false, never throws', () => {
    expect(set.overlaps({ start: NaN, end: 0x100 })).toBe(false)
    expect(set.overlaps({ start: 0x20, end: NaN })).toBe(false)
    expect(set.overlaps({ start: 0x30, end: 0x10 })).toBe(false)
    expect(set.overlaps(null as never)).toBe(false)
    expect(set.overlaps({ start: -Infinity, end: Infinity })).toBe(true)
    // Strings are not coerced: '0' < 0x100 would hold in JavaScript.
    expect(set.overlaps({ start: '0' as never, end: 0x100 })).toBe(false)
    expect(set.overlaps({ start: 0, end: '0x100' as never })).toBe(false)
  })
})

describe('findFreeArea', () => {
  const limit = { start: 0, end: 0x1000 }
  it.each(BAD_NUMBERS)('is None for hint, size, align or limit %s', (bad) => {
    expect(set.findFreeArea(bad, 0x10, limit)).toEqual(O.none)
    expect(set.findFreeArea(0, bad, limit)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x10, limit, bad)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x10, { start: bad, end: 0x1000 })).toEqual(O.none)
    expect(set.findFreeArea(0, 0x10, { start: 0, end: bad })).toEqual(O.none)
  })

  it('is None for align 0 or a non-power of two, size 0, size not a multiple of align, reversed limits', () => {
    for (const align of [0, 3, 6, 12, 0x1001]) expect(set.findFreeArea(0, 0x10, limit, align)).toEqual(O.none)
    expect(set.findFreeArea(0, 0, limit)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x18, limit, 0x10)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x10, { start: 0x800, end: 0x400 })).toEqual(O.none)
    expect(set.findFreeArea(0, 0x10, null as never)).toEqual(O.none)
  })

  it('handles huge aligns exactly', () => {
    const big = 2 ** 51
    expect(set.findFreeArea(1, big, { start: 0, end: MAX }, big)).toEqual(O.some(big))
    expect(set.findFreeArea(2 * big + 1, big, { start: 0, end: MAX }, big)).toEqual(O.none)
    expect(set.findFreeArea(1, 2 * big, { start: 0, end: MAX }, 2 * big)).toEqual(O.none)
  })
})

describe('isAddr', () => {
  it('accepts exactly the non-negative safe integers', () => {
    expect([0, 1, MAX].every(isAddr)).toBe(true)
    expect([...BAD_NUMBERS, '1', null, undefined, 1n].some(isAddr)).toBe(false)
  })
})

describe('misbehaving backends', () => {
  it('an effect that returns something other than an Either is a BadState Left, and nothing changed', () => {
    const broken = { map: () => () => undefined, unmap: () => () => 42, protect: () => () => ({ _tag: 'Nope' }) }
    const area = new MemoryArea<number, null>(0, 0x10, 1, broken as never)
    const empty = MemorySet.empty<number, null>()
    const e = err(empty.map(area, null, false))
    expect(e).toEqual({ _tag: 'BadState', message: 'a backend effect returned undefined, not an fp-ts Either' })
    expect(empty.isEmpty()).toBe(true)
    const loaded = ok(MemorySet.fromAreas([area]))
    expect(err(loaded.unmap(0, 0x10, null)).message).toMatch(/returned 42/)
    expect(err(loaded.protect(0, 0x10, always(2), null))._tag).toBe('BadState')
    expect(loaded.size).toBe(1)
  })

  it('a backend that throws propagates the exception and changes nothing', () => {
    const throwing = {
      map: () => () => E.right(null),
      unmap: () => () => E.right(null),
      protect: () => () => {
        throw new Error('boom')
      },
    }
    const loaded = ok(MemorySet.fromAreas([new MemoryArea<number, null>(0, 0x10, 1, throwing)]))
    expect(() => loaded.protect(0, 0x10, always(2), null)).toThrow('boom')
    expect(triples(loaded)).toEqual([[0, 0x10, 1]])
  })
})
