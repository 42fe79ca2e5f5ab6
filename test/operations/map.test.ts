// Issue 6: map against forged areas (finding 2) and hostile arguments and backends (finding 6).
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  MemoryArea,
  MemorySet,
  emptyPageTable,
  pageTableBackend,
  pageTableMismatch,
  type MappingBackend,
  type PageTable,
} from '../../src/index.js'
import { err, ok, triples } from '../support/helpers.js'
import { nullProto, revokedProxy, throwingProxy } from '../support/hostile.js'

type PT = PageTable<string>
const backend = pageTableBackend<string>({ pageSize: 0x1000 })
const [set, pt] = ok(
  MemorySet.empty<string, PT>().map(new MemoryArea(0x1000, 0x1000, 'r', backend), emptyPageTable(), false),
)
const before = triples(set)

/** An object claiming to be an area: MemoryArea's prototype with the given own fields. */
const forged = (fields: Record<string, unknown>): MemoryArea<string, PT> =>
  Object.assign(Object.create(MemoryArea.prototype) as object, fields) as unknown as MemoryArea<string, PT>

const expectUnchanged = (): void => {
  expect(triples(set)).toEqual(before)
  expect(pageTableMismatch(set, pt, 0x1000)).toEqual(expect.objectContaining({ _tag: 'None' }))
}

describe('map refuses forged areas (finding 2)', () => {
  it('an empty object with the prototype: a Left, not a TypeError from inside', () => {
    expect(err(set.map(Object.create(MemoryArea.prototype), pt, false)).message).toBe(
      "map: an area's start and end must be non-negative safe integers, got undefined and undefined",
    )
    expectUnchanged()
  })

  it('an area whose end is before its start', () => {
    expect(err(set.map(forged({ start: 0x5000, end: 0x1000, flags: 'r', backend }), pt, true)).message).toBe(
      'map: the area [0x5000, 0x1000) ends before it starts',
    )
    expectUnchanged()
  })

  it('a subclass whose size lies maps nothing outside the area', () => {
    class Liar<F, P> extends MemoryArea<F, P> {
      override get size(): number {
        return 0x3000
      }
    }
    const liar = new Liar(0x4000, 0x1000, 'w', backend)
    expect(err(set.map(liar, pt, false)).message).toBe('map: the area [0x4000, 0x5000) claims size 0x3000, not 0x1000')
    expectUnchanged()
  })

  it('a forged area with honest fields is stored as a fresh area of this copy, and the page table agrees', () => {
    const honest = forged({ start: 0x4000, end: 0x6000, flags: 'w', backend })
    const [next, nextPt] = ok(set.map(honest, pt, false))
    expect(pageTableMismatch(next, nextPt, 0x1000)).toEqual(expect.objectContaining({ _tag: 'None' }))
    const stored = next.toArray()[1]!
    expect(stored).not.toBe(honest)
    expect(Object.isFrozen(stored)).toBe(true)
    expect(stored.equals(new MemoryArea(0x4000, 0x2000, 'w', backend))).toBe(true)
    expectUnchanged()
  })
})

describe('map never throws from inside (finding 6)', () => {
  it.each([
    ['a null-prototype object', nullProto({ start: 0, end: 1 })],
    ['a Proxy whose traps throw', throwingProxy()],
    ['a revoked Proxy', revokedProxy()],
    ['null', null],
    ['a number', 5],
  ])('area = %s is InvalidParam', (_name, value) => {
    const e = err(set.map(value as never, pt, false))
    expect(e._tag).toBe('InvalidParam')
    expect(e.message).toMatch(/^map: area must be a MemoryArea, got /)
    expectUnchanged()
  })

  it('unmapOverlap must be a boolean', () => {
    const area = new MemoryArea(0x8000, 0x1000, 'r', backend)
    for (const value of [undefined, 1, 'yes', nullProto(), throwingProxy()]) {
      expect(err(set.map(area, pt, value as never)).message).toMatch(/^map: unmapOverlap must be a boolean, got /)
    }
    expectUnchanged()
  })

  it('a backend whose map returns a non-function, or whose effect returns a non-Either, is BadState', () => {
    const cases: [string, MappingBackend<string, PT>][] = [
      ['returns a number', { ...backend, map: () => 5 as never }],
      ['returns a null-prototype object', { ...backend, map: () => nullProto() as never }],
      ['effect returns a null-prototype object', { ...backend, map: () => () => nullProto() as never }],
      ['effect returns a revoked Proxy', { ...backend, map: () => () => revokedProxy() as never }],
      ['effect returns a throwing Proxy', { ...backend, map: () => () => throwingProxy() as never }],
    ]
    for (const [, bad] of cases) {
      const e = err(set.map(new MemoryArea(0x8000, 0x1000, 'r', bad), pt, false))
      expect(e._tag).toBe('BadState')
    }
    expectUnchanged()
  })

  it('a backend whose map stopped being a function after the area was made is BadState', () => {
    const mutable: { -readonly [K in keyof MappingBackend<string, PT>]: unknown } = { ...backend }
    const area = new MemoryArea(0x8000, 0x1000, 'r', mutable as MappingBackend<string, PT>)
    mutable.map = nullProto()
    expect(err(set.map(area, pt, false))).toEqual({
      _tag: 'BadState',
      message: "the backend's map is [object Object], not a function",
    })
    expectUnchanged()
  })

  it('a backend Left is passed through as it is', () => {
    const refusal = { _tag: 'BadState', message: 'no' } as const
    const refusing: MappingBackend<string, PT> = { ...backend, map: () => () => E.left(refusal) }
    expect(err(set.map(new MemoryArea(0x8000, 0x1000, 'r', refusing), pt, false))).toBe(refusal)
  })
})
