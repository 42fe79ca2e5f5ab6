// Issue 6: fromAreas against forged areas (finding 2) and non-iterables (finding 6).
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../../src/index.js'
import { err, ok } from '../support/helpers.js'
import { HostileError, nullProto, revokedProxy, throwingProxy } from '../support/hostile.js'

const backend = noopBackend<string>()
const area = new MemoryArea(0x1000, 0x1000, 'r', backend)

describe('fromAreas', () => {
  it('refuses an area from undefined to undefined and a reversed area (finding 2)', () => {
    expect(err(MemorySet.fromAreas([area, Object.create(MemoryArea.prototype)])).message).toBe(
      "fromAreas: an area's start and end must be non-negative safe integers, got undefined and undefined",
    )
    const reversed = Object.assign(Object.create(MemoryArea.prototype) as object, {
      start: 0x5000,
      end: 0x1000,
      flags: 'r',
      backend,
    })
    expect(err(MemorySet.fromAreas([reversed as MemoryArea<string, null>])).message).toBe(
      'fromAreas: the area [0x5000, 0x1000) ends before it starts',
    )
  })

  it('refuses what is not iterable, instead of an empty set or a TypeError (finding 6)', () => {
    for (const value of [null, undefined, 5, true, {}, nullProto(), Symbol('s')]) {
      expect(err(MemorySet.fromAreas(value as never)).message).toMatch(/^fromAreas: areas must be iterable, got /)
    }
    expect(err(MemorySet.fromAreas('ab' as never)).message).toBe('fromAreas: area must be a MemoryArea, got a')
  })

  it('turns an iterable that throws, or a hostile Proxy, into a Left', () => {
    const throwing = {
      *[Symbol.iterator]() {
        yield area
        throw new HostileError('iterator')
      },
    }
    expect(err(MemorySet.fromAreas(throwing)).message).toBe(
      'fromAreas: reading the areas threw HostileError: hostile: iterator',
    )
    expect(err(MemorySet.fromAreas(throwingProxy() as never))._tag).toBe('InvalidParam')
    expect(err(MemorySet.fromAreas(revokedProxy() as never))._tag).toBe('InvalidParam')
    expect(err(MemorySet.fromAreas([area, throwingProxy() as never]))._tag).toBe('InvalidParam')
  })

  it('stops at the second element of an endless iterable of one area', () => {
    const endless = {
      *[Symbol.iterator]() {
        for (;;) yield area
      },
    }
    expect(err(MemorySet.fromAreas(endless)).message).toBe('fromAreas: [0x1000, 0x2000) overlaps [0x1000, 0x2000)')
    const huge = new Proxy([], {
      get: (t, k, r) => (k === 'length' ? 1e9 : k === '0' || k === '1' ? area : Reflect.get(t, k, r)),
    })
    expect(err(MemorySet.fromAreas(huge as MemoryArea<string, null>[]))._tag).toBe('InvalidParam')
  })

  it('refuses malformed options with a Left, not a throw', () => {
    for (const options of [null, 5, { maxNodeSize: 3 }, { maxNodeSize: 4.5 }, { maxNodeSize: NaN }, throwingProxy()]) {
      expect(err(MemorySet.fromAreas([area], options as never))._tag).toBe('InvalidParam')
    }
    expect(ok(MemorySet.fromAreas([area], { maxNodeSize: 4 })).size).toBe(1)
    expect(E.isRight(MemorySet.fromAreas([area], {}))).toBe(true)
  })
})

describe('fromAreas on areas out of order', () => {
  const at = (start: number, size: number) => new MemoryArea(start, size, 'r', backend)

  it('sorts them by start', () => {
    const set = ok(MemorySet.fromAreas([at(0x5000, 0x1000), at(0x1000, 0x1000), at(0x3000, 0x1000)]))
    expect([...set].map((a) => a.start)).toEqual([0x1000, 0x3000, 0x5000])
  })

  it('finds an overlap between areas that were not neighbours in the input', () => {
    // Each area is checked against its predecessor while reading; this overlap
    // only shows once [0x1000, 0x4000) and [0x2000, 0x3000) are sorted together.
    expect(err(MemorySet.fromAreas([at(0x1000, 0x3000), at(0x6000, 0x1000), at(0x2000, 0x1000)])).message).toBe(
      'fromAreas: [0x1000, 0x4000) overlaps [0x2000, 0x3000)',
    )
  })

  it('reads a function with an iterator as a collection', () => {
    const fn = Object.assign(() => undefined, {
      *[Symbol.iterator]() {
        yield at(0x1000, 0x1000)
      },
    })
    expect(ok(MemorySet.fromAreas(fn)).size).toBe(1)
  })
})
