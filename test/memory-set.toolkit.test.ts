// The toolkit's additions to MemorySet and MemoryArea: JSON, Node's inspect
// hook, and Immutable.js interop (toSeq, toOrderedMap, fromAreas from any
// Immutable collection).
import { inspect } from 'node:util'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { List, OrderedMap, Seq, Set as ImmutableSet, is } from 'immutable'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../src/index.js'
import { setArb } from '../src/testing/index.js'

const backend = noopBackend<string>()
const sets = setArb(fc.constantFrom('r', 'rw', 'rx'), backend, { pages: 40, maxAreas: 10 })
const ok = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('toJSON', () => {
  it('areas and sets stringify to start, end and flags', () => {
    fc.assert(
      fc.property(sets, (set) => {
        const json = JSON.parse(JSON.stringify(set)) as unknown
        expect(json).toEqual(Array.from(set, (a) => ({ start: a.start, end: a.end, flags: a.flags })))
      }),
    )
    expect(JSON.stringify(new MemoryArea(0x1000, 0x1000, { prot: 5 }, noopBackend()))).toBe(
      '{"start":4096,"end":8192,"flags":{"prot":5}}',
    )
  })
})

describe('util.inspect', () => {
  it('shows an area with hex bounds and inspected flags', () => {
    expect(inspect(new MemoryArea(0x1000, 0x1000, 'rw', backend))).toBe("MemoryArea [0x1000, 0x2000) 'rw'")
    expect(inspect(new MemoryArea(0, 0x10, { prot: 5 }, noopBackend()))).toBe('MemoryArea [0x0, 0x10) { prot: 5 }')
  })

  it('shows a set one area per line, and briefly when nested too deep', () => {
    const set = ok(
      MemorySet.fromAreas([
        new MemoryArea(0x1000, 0x1000, 'r', backend),
        new MemoryArea(0x4000, 0x2000, 'rw', backend),
      ]),
    )
    expect(inspect(set)).toBe("MemorySet(2) [\n  [0x1000, 0x2000) 'r',\n  [0x4000, 0x6000) 'rw'\n]")
    expect(inspect(MemorySet.empty())).toBe('MemorySet(0) []')
    expect(inspect({ a: set }, { depth: 0 })).toBe('{ a: [MemorySet(2)] }')
    // Node's convention: depth 0 still shows the object itself, only what is nested in it is brief.
    expect(inspect(set, { depth: 0 })).toBe(inspect(set))
  })

  it('falls back to String(flags) when called without Node\u2019s inspect', () => {
    const area = new MemoryArea(0, 0x10, 7, noopBackend<number>())
    const hook = (area as unknown as Record<symbol, (d: number, o: unknown) => string>)[
      Symbol.for('nodejs.util.inspect.custom')
    ]!
    expect(hook.call(area, 2, {})).toBe('MemoryArea [0x0, 0x10) 7')
  })
})

describe('Immutable.js interop', () => {
  it('toSeq is the areas in order, as a Seq', () => {
    fc.assert(
      fc.property(sets, (set) => {
        const seq = set.toSeq()
        expect(Seq.isSeq(seq)).toBe(true)
        expect(seq.toArray()).toEqual(set.toArray())
        expect(seq.map((a) => a.size).reduce((x, y) => x + y, 0)).toBe(set.toArray().reduce((x, a) => x + a.size, 0))
      }),
    )
  })

  it('toOrderedMap is keyed by start, in address order, and loads back into an equal set', () => {
    fc.assert(
      fc.property(sets, (set) => {
        const map = set.toOrderedMap()
        expect(OrderedMap.isOrderedMap(map)).toBe(true)
        expect(map.keySeq().toArray()).toEqual(set.toArray().map((a) => a.start))
        for (const area of set) expect(map.get(area.start)).toBe(area)
        expect(ok(MemorySet.fromAreas(map)).equals(set)).toBe(true)
      }),
    )
  })

  it('fromAreas takes any Immutable collection: List, Set, Seq, keyed Map', () => {
    fc.assert(
      fc.property(sets, (set) => {
        const areas = set.toArray()
        for (const collection of [
          List(areas),
          ImmutableSet(areas),
          Seq(areas),
          OrderedMap(areas.map((a) => [a.start, a] as const)),
          List(areas).reverse(),
        ]) {
          expect(is(ok(MemorySet.fromAreas(collection)), set)).toBe(true)
        }
      }),
    )
  })
})
