// Example tests for each documented behaviour of MemorySet.
import type * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Set as ImmutableSet, is } from 'immutable'
import { describe, expect, it } from 'vitest'
import {
  MemoryArea,
  MemorySet,
  emptyPageTable,
  noopBackend,
  pageTableBackend,
  type MappingError,
  type PageTable,
} from '../src/index.js'
import { indexOf } from '../src/internal/set-access.js'
import { always, checkValid, err, ok, recordingBackend, triples, type Call } from './support/helpers.js'
import { nullProto, revokedProxy, throwingGetters, throwingProxy } from './support/hostile.js'

const backend = pageTableBackend<string>()
type Set = MemorySet<string, PageTable<string>>
const area = (start: number, size: number, flags = 'rw') => new MemoryArea(start, size, flags, backend)
const build = (...areas: MemoryArea<string, PageTable<string>>[]): readonly [Set, PageTable<string>] => {
  let state: readonly [Set, PageTable<string>] = [MemorySet.empty(), emptyPageTable()]
  for (const a of areas) state = ok(state[0].map(a, state[1], false))
  return state
}

describe('MemorySet basics', () => {
  it('the empty set', () => {
    const set = MemorySet.empty<string, PageTable<string>>()
    expect(set.size).toBe(0)
    expect(set.isEmpty()).toBe(true)
    expect([...set]).toEqual([])
    expect(set.toString()).toBe('MemorySet []')
  })

  it('iterates in ascending address order whatever the insertion order', () => {
    const [set] = build(area(0x5000, 0x1000), area(0x1000, 0x1000), area(0x3000, 0x1000))
    expect(set.toArray().map((a) => a.start)).toEqual([0x1000, 0x3000, 0x5000])
    expect(set.size).toBe(3)
    expect(set.isEmpty()).toBe(false)
    expect(set.toString()).toBe(
      'MemorySet [MemoryArea [0x1000, 0x2000) flags=rw, MemoryArea [0x3000, 0x4000) flags=rw, MemoryArea [0x5000, 0x6000) flags=rw]',
    )
  })

  it('find returns the area containing the address, and None in holes and at ends', () => {
    const [set] = build(area(0x1000, 0x1000), area(0x3000, 0x1000))
    expect(O.map((a: MemoryArea<string, PageTable<string>>) => a.start)(set.find(0x1000))).toEqual(O.some(0x1000))
    expect(O.map((a: MemoryArea<string, PageTable<string>>) => a.start)(set.find(0x1fff))).toEqual(O.some(0x1000))
    expect(set.find(0x2000)).toEqual(O.none)
    expect(set.find(0xfff)).toEqual(O.none)
    expect(set.find(0x4000)).toEqual(O.none)
  })

  it('overlaps is half-open and an empty range overlaps nothing', () => {
    const [set] = build(area(0x1000, 0x1000))
    expect(set.overlaps({ start: 0, end: 0x1000 })).toBe(false)
    expect(set.overlaps({ start: 0, end: 0x1001 })).toBe(true)
    expect(set.overlaps({ start: 0x1fff, end: 0x2000 })).toBe(true)
    expect(set.overlaps({ start: 0x2000, end: 0x3000 })).toBe(false)
    expect(set.overlaps({ start: 0, end: 0x10000 })).toBe(true)
    expect(set.overlaps({ start: 0x1800, end: 0x1800 })).toBe(false)
  })
})

describe('map', () => {
  it('maps through the backend and returns the new page table', () => {
    const [set, pt] = build(area(0x1000, 0x2000, 'r'))
    expect(triples(set)).toEqual([[0x1000, 0x3000, 'r']])
    expect(pt.toJS()).toEqual({ 1: 'r', 2: 'r' })
  })

  it('refuses an overlap with AlreadyExists and a message naming both ranges', () => {
    const [set, pt] = build(area(0x1000, 0x2000))
    const e = err(set.map(area(0x2000, 0x2000), pt, false))
    expect(e._tag).toBe('AlreadyExists')
    expect(e.message).toBe('map: [0x2000, 0x4000) overlaps the area [0x1000, 0x3000)')
  })

  it('with unmapOverlap, shrinks, splits and removes what it overlaps', () => {
    const [set, pt] = build(area(0, 0x2000, 'a'), area(0x3000, 0x1000, 'b'), area(0x5000, 0x3000, 'c'))
    const [after, afterPt] = ok(set.map(area(0x1000, 0x5000, 'new'), pt, true))
    expect(triples(checkValid(after))).toEqual([
      [0, 0x1000, 'a'],
      [0x1000, 0x6000, 'new'],
      [0x6000, 0x8000, 'c'],
    ])
    expect(afterPt.toJS()).toEqual({ 0: 'a', 1: 'new', 2: 'new', 3: 'new', 4: 'new', 5: 'new', 6: 'c', 7: 'c' })
  })

  it('with unmapOverlap inside one area, splits it around the new one', () => {
    const [set, pt] = build(area(0, 0x4000, 'a'))
    const [after] = ok(set.map(area(0x1000, 0x1000, 'b'), pt, true))
    expect(triples(after)).toEqual([
      [0, 0x1000, 'a'],
      [0x1000, 0x2000, 'b'],
      [0x2000, 0x4000, 'a'],
    ])
  })

  it('calls backend unmap on the overlapped parts, then map on the area', () => {
    const rec = recordingBackend<string>()
    let state = [MemorySet.empty<string, readonly Call[]>(), [] as readonly Call[]] as const
    state = ok(state[0].map(new MemoryArea(0, 0x3000, 'a', rec), state[1], false))
    const [, log] = ok(state[0].map(new MemoryArea(0x1000, 0x4000, 'b', rec), [], true))
    expect(log).toEqual([
      ['unmap', 0x1000, 0x2000],
      ['map', 0x1000, 0x4000, 'b'],
    ])
  })

  it('keeps the very MemoryArea object it was given', () => {
    const a = area(0x1000, 0x1000)
    const [set] = build(a)
    expect(O.toUndefined(set.find(0x1000))).toBe(a)
  })
})

describe('unmap', () => {
  it('removes, shrinks and splits, calling backend unmap on exactly the removed parts', () => {
    const rec = recordingBackend<string>()
    let state = [MemorySet.empty<string, readonly Call[]>(), [] as readonly Call[]] as const
    for (const [s, n] of [
      [0, 0x2000],
      [0x3000, 0x1000],
      [0x5000, 0x2000],
    ] as const) {
      state = ok(state[0].map(new MemoryArea(s, n, 'x', rec), state[1], false))
    }
    const [after, log] = ok(state[0].unmap(0x1000, 0x5000, []))
    expect(triples(after)).toEqual([
      [0, 0x1000, 'x'],
      [0x6000, 0x7000, 'x'],
    ])
    expect(log).toEqual([
      ['unmap', 0x1000, 0x1000],
      ['unmap', 0x3000, 0x1000],
      ['unmap', 0x5000, 0x1000],
    ])
  })

  it('splits an area containing the whole range', () => {
    const [set, pt] = build(area(0x1000, 0x4000))
    const [after, afterPt] = ok(set.unmap(0x2000, 0x2000, pt))
    expect(triples(after)).toEqual([
      [0x1000, 0x2000, 'rw'],
      [0x4000, 0x5000, 'rw'],
    ])
    expect([...afterPt.keys()].sort()).toEqual([1, 4])
  })

  it('returns the very same set and page table when nothing is mapped in the range, or the size is 0', () => {
    const [set, pt] = build(area(0x1000, 0x1000))
    for (const [start, size] of [
      [0x3000, 0x1000],
      [0, 0x1000],
      [0x1000, 0],
      [0x1800, 0],
    ] as const) {
      const [after, afterPt] = ok(set.unmap(start, size, pt))
      expect(after).toBe(set)
      expect(afterPt).toBe(pt)
    }
  })

  it('leaves the old version untouched', () => {
    const [set, pt] = build(area(0x1000, 0x4000))
    ok(set.unmap(0x2000, 0x1000, pt))
    expect(triples(set)).toEqual([[0x1000, 0x5000, 'rw']])
    expect(pt.size).toBe(4)
  })
})

describe('protect', () => {
  it('splits at the range edges and gives the overlapped part the new flags', () => {
    const [set, pt] = build(area(0, 0x4000, 'rw'))
    const [after, afterPt] = ok(set.protect(0x1000, 0x2000, always('r'), pt))
    expect(triples(checkValid(after))).toEqual([
      [0, 0x1000, 'rw'],
      [0x1000, 0x3000, 'r'],
      [0x3000, 0x4000, 'rw'],
    ])
    expect(afterPt.toJS()).toEqual({ 0: 'rw', 1: 'r', 2: 'r', 3: 'rw' })
  })

  it('skips holes and areas whose updateFlags returns None', () => {
    const [set, pt] = build(area(0, 0x1000, 'rw'), area(0x2000, 0x1000, 'r'), area(0x4000, 0x2000, 'rw'))
    const [after] = ok(set.protect(0, 0x5000, (f) => (f === 'r' ? O.none : O.some('rx')), pt))
    expect(triples(after)).toEqual([
      [0, 0x1000, 'rx'],
      [0x2000, 0x3000, 'r'],
      [0x4000, 0x5000, 'rx'],
      [0x5000, 0x6000, 'rw'],
    ])
  })

  it('calls updateFlags once per overlapping area, in address order, and backend protect on the overlapped parts', () => {
    const rec = recordingBackend<string>()
    let state = [MemorySet.empty<string, readonly Call[]>(), [] as readonly Call[]] as const
    for (const [s, f] of [
      [0, 'a'],
      [0x2000, 'b'],
      [0x4000, 'c'],
    ] as const) {
      state = ok(state[0].map(new MemoryArea(s, 0x2000, f, rec), state[1], false))
    }
    const seen: string[] = []
    const [, log] = ok(
      state[0].protect(
        0x1000,
        0x4000,
        (f) => {
          seen.push(f)
          return f === 'b' ? O.none : O.some(f.toUpperCase())
        },
        [],
      ),
    )
    expect(seen).toEqual(['a', 'b', 'c'])
    expect(log).toEqual([
      ['protect', 0x1000, 0x1000, 'A'],
      ['protect', 0x4000, 0x1000, 'C'],
    ])
  })

  it('returns the very same set when updateFlags returns None everywhere, or the size is 0', () => {
    const [set, pt] = build(area(0, 0x4000, 'rw'))
    expect(ok(set.protect(0, 0x4000, () => O.none, pt))[0]).toBe(set)
    expect(ok(set.protect(0x1000, 0, always('r'), pt))[0]).toBe(set)
    expect(ok(set.protect(0x8000, 0x1000, always('r'), pt))[0]).toBe(set)
  })

  it('re-flags with Some even when the flags are equal (seed parity: it still splits)', () => {
    const [set, pt] = build(area(0, 0x3000, 'rw'))
    const [after] = ok(set.protect(0x1000, 0x1000, always('rw'), pt))
    expect(after.size).toBe(3)
  })
})

describe('clear', () => {
  it('unmaps every area', () => {
    const [set, pt] = build(area(0, 0x1000), area(0x2000, 0x2000))
    const [after, afterPt] = ok(set.clear(pt))
    expect(after.isEmpty()).toBe(true)
    expect(afterPt.size).toBe(0)
    expect(set.size).toBe(2)
  })

  it('returns the very same empty set', () => {
    const set = MemorySet.empty<string, PageTable<string>>()
    const pt = emptyPageTable<string>()
    const [after, afterPt] = ok(set.clear(pt))
    expect(after).toBe(set)
    expect(afterPt).toBe(pt)
  })

  it('keeps the node size of the set it clears', () => {
    let state = [MemorySet.empty<string, null>({ maxNodeSize: 4 }), null] as const
    for (let i = 0; i < 20; i++) state = ok(state[0].map(new MemoryArea(i * 2, 1, 'x', noopBackend()), null, false))
    const [cleared] = ok(state[0].clear(null))
    let again = [cleared, null] as const
    for (let i = 0; i < 20; i++) again = ok(again[0].map(new MemoryArea(i * 2, 1, 'x', noopBackend()), null, false))
    checkValid(again[0])
    expect(again[0].size).toBe(20)
  })
})

describe('findFreeArea', () => {
  const limit = { start: 0, end: 0x10000 }

  it('finds the first aligned gap at or after the hint', () => {
    const [set] = build(area(0, 0x1000), area(0x2000, 0x1000), area(0x4000, 0x4000))
    expect(set.findFreeArea(0, 0x1000, limit)).toEqual(O.some(0x1000))
    expect(set.findFreeArea(0, 0x2000, limit, 0x1000)).toEqual(O.some(0x8000))
    expect(set.findFreeArea(0x3800, 0x800, limit, 0x800)).toEqual(O.some(0x3800))
    expect(set.findFreeArea(0x9000, 0x1000, limit, 0x1000)).toEqual(O.some(0x9000))
  })

  it('respects limit.start and limit.end', () => {
    const [set] = build(area(0x1000, 0x1000))
    expect(set.findFreeArea(0, 0x1000, { start: 0x1000, end: 0x3000 }, 0x1000)).toEqual(O.some(0x2000))
    expect(set.findFreeArea(0, 0x2000, { start: 0x1000, end: 0x3000 }, 0x1000)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x1000, { start: 0, end: 0x1000 })).toEqual(O.some(0))
  })

  it('is None for invalid sizes and alignments', () => {
    const [set] = build()
    expect(set.findFreeArea(0, 0, limit)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x1000, limit, 3)).toEqual(O.none)
    expect(set.findFreeArea(0, 0x1800, limit, 0x1000)).toEqual(O.none)
  })
})

describe('value equality (Immutable.js ValueObject)', () => {
  it('sets with the same areas are equal and hash alike, whatever their history or node size', () => {
    const a = area(0, 0x1000)
    const b = area(0x2000, 0x1000)
    const [ab] = build(a, b)
    const [ba] = build(b, a)
    const [viaSplit] = ok(build(area(0, 0x3000))[0].unmap(0x1000, 0x1000, build(area(0, 0x3000))[1]))
    let small = [MemorySet.empty<string, PageTable<string>>({ maxNodeSize: 4 }), emptyPageTable<string>()] as const
    small = ok(small[0].map(b, small[1], false))
    small = ok(small[0].map(a, small[1], false))
    for (const other of [ba, viaSplit, small[0]]) {
      expect(is(ab, other)).toBe(true)
      expect(ab.hashCode()).toBe(other.hashCode())
    }
    expect(ImmutableSet([ab, ba, viaSplit, small[0]]).size).toBe(1)
  })

  it('sets differing in an area, its flags or its backend are not equal', () => {
    const [set] = build(area(0, 0x1000, 'r'))
    const [otherFlags] = build(area(0, 0x1000, 'w'))
    const [otherEnd] = build(area(0, 0x2000, 'r'))
    const otherBackend = ok(
      MemorySet.empty<string, PageTable<string>>().map(
        new MemoryArea(0, 0x1000, 'r', pageTableBackend<string>()),
        emptyPageTable(),
        false,
      ),
    )[0]
    for (const other of [otherFlags, otherEnd, otherBackend, MemorySet.empty()]) expect(is(set, other)).toBe(false)
    expect(set.equals('not a set')).toBe(false)
  })

  it('flags compare with Immutable.is, so value-object flags work', () => {
    const viaValue = (s: string) => new MemoryArea(0, 0x1000, ImmutableSet([s]), noopBackend<ImmutableSet<string>>())
    expect(viaValue('r').equals(viaValue('r'))).toBe(true)
    expect(viaValue('r').hashCode()).toBe(viaValue('r').hashCode())
    expect(viaValue('r').equals(viaValue('w'))).toBe(false)
  })
})

describe('persistence', () => {
  it('keeps every version: undo is keeping the old pair', () => {
    const history: (readonly [Set, PageTable<string>])[] = [[MemorySet.empty(), emptyPageTable()]]
    const push = (r: E.Either<MappingError, readonly [Set, PageTable<string>]>) => history.push(ok(r))
    const top = () => history[history.length - 1]!
    push(top()[0].map(area(0, 0x4000), top()[1], false))
    push(top()[0].protect(0x1000, 0x1000, always('r'), top()[1]))
    push(top()[0].unmap(0x2000, 0x1000, top()[1]))
    expect(history.map(([s]) => triples(s))).toEqual([
      [],
      [[0, 0x4000, 'rw']],
      [
        [0, 0x1000, 'rw'],
        [0x1000, 0x2000, 'r'],
        [0x2000, 0x4000, 'rw'],
      ],
      [
        [0, 0x1000, 'rw'],
        [0x1000, 0x2000, 'r'],
        [0x3000, 0x4000, 'rw'],
      ],
    ])
    expect(history.map(([, pt]) => pt.size)).toEqual([0, 4, 4, 3])
  })
})

describe('fromAreas', () => {
  it('builds a set from areas in any order without running backends', () => {
    const a = area(0, 0x1000)
    const b = area(0x2000, 0x1000)
    const c = area(0x3000, 0x2000)
    const sorted = ok(MemorySet.fromAreas([a, b, c]))
    const shuffled = ok(MemorySet.fromAreas([c, a, b], { maxNodeSize: 4 }))
    expect(triples(checkValid(sorted))).toEqual(triples(build(a, b, c)[0]))
    expect(is(sorted, shuffled)).toBe(true)
    expect(ok(MemorySet.fromAreas([])).isEmpty()).toBe(true)
  })

  it('builds large sets that stay valid and usable at every node size', () => {
    const noop = noopBackend<string>()
    for (const maxNodeSize of [4, 5, 8, undefined]) {
      const areas = Array.from({ length: 1000 }, (_, i) => new MemoryArea(i * 0x2000, 0x1000, 'x', noop))
      const set = ok(MemorySet.fromAreas(areas, maxNodeSize === undefined ? {} : { maxNodeSize }))
      checkValid(set)
      expect(set.size).toBe(1000)
      expect(O.toUndefined(set.find(0x2000 * 500 + 5))?.start).toBe(0x2000 * 500)
      const [after] = ok(set.unmap(0x2000 * 10, 0x2000 * 100, null))
      expect(checkValid(after).size).toBe(900)
    }
  })

  it('refuses overlapping, empty or foreign elements with InvalidParam', () => {
    expect(err(MemorySet.fromAreas([area(0, 0x2000), area(0x1000, 0x1000)])).message).toBe(
      'fromAreas: [0x0, 0x2000) overlaps [0x1000, 0x2000)',
    )
    expect(err(MemorySet.fromAreas([area(0, 0)])).message).toBe('fromAreas: area at 0x0 has size 0')
    expect(err(MemorySet.fromAreas([{ start: 0 } as never]))._tag).toBe('InvalidParam')
  })
})

describe('MemorySet against hostile values (issue 6)', () => {
  const noop = noopBackend<unknown>()
  const [one] = ok(MemorySet.empty<unknown, null>().map(new MemoryArea(0x1000, 0x1000, 'r', noop), null, false))

  it('equals answers false for forged sets and anything hostile, never a TypeError (finding 6)', () => {
    for (const other of [
      Object.create(MemorySet.prototype),
      Object.defineProperty(Object.create(MemorySet.prototype) as object, 'size', { value: 1 }),
      throwingProxy(),
      revokedProxy(),
      nullProto(),
      { size: 1, [Symbol.iterator]: () => [new MemoryArea(0x1000, 0x1000, 'r', noop)][Symbol.iterator]() },
    ]) {
      expect(one.equals(other)).toBe(false)
      expect(MemorySet.empty().equals(other)).toBe(false)
    }
    expect(is(one, Object.create(MemorySet.prototype))).toBe(false)
  })

  it('equals recognises a set of another copy through its public members (finding 10)', () => {
    // What the other build's set looks like from here: the shared brand, size and iteration.
    const foreign = Object.assign(Object.create(null) as object, {
      [Symbol.for('memory-set/MemorySet')]: true,
      size: 1,
      [Symbol.iterator]: () => [new MemoryArea(0x1000, 0x1000, 'r', noop)][Symbol.iterator](),
    })
    expect(foreign instanceof MemorySet).toBe(true)
    expect(one.equals(foreign)).toBe(true)
    const longer = { ...foreign, [Symbol.iterator]: () => [...one, ...one][Symbol.iterator]() }
    expect(one.equals(longer)).toBe(false)
  })

  it('instanceof never throws, and a subclass keeps the ordinary meaning', () => {
    expect(throwingProxy() instanceof MemorySet).toBe(false)
    expect(revokedProxy() instanceof MemorySet).toBe(false)
    expect(one instanceof MemorySet).toBe(true)
    // The constructor is private to TypeScript only; JavaScript can subclass.
    const Sub = class extends (MemorySet as unknown as new () => object) {}
    expect(one instanceof Sub).toBe(false)
  })

  it('toString renders areas whose flags String() cannot render (finding 6)', () => {
    const [set] = ok(MemorySet.empty<unknown, null>().map(new MemoryArea(0, 0x10, nullProto(), noop), null, false))
    expect(set.toString()).toBe('MemorySet [MemoryArea [0x0, 0x10) flags=[object Object]]')
    expect(Number.isInteger(set.hashCode())).toBe(true)
  })

  it('empty throws a clear RangeError for malformed options', () => {
    for (const options of [null, 5, { maxNodeSize: 2 }, { maxNodeSize: nullProto() }, throwingProxy()]) {
      expect(() => MemorySet.empty(options as never)).toThrow(/^MemorySet.empty: /)
      expect(() => MemorySet.empty(options as never)).toThrow(RangeError)
    }
  })

  it('overlaps and findFreeArea answer false and None for hostile ranges', () => {
    for (const range of [throwingProxy(), revokedProxy(), nullProto(), throwingGetters(['start', 'end'])]) {
      expect(one.overlaps(range as never)).toBe(false)
      expect(O.isNone(one.findFreeArea(0, 0x1000, range as never))).toBe(true)
    }
  })
})

describe('MemorySet: paths pinned by mutation testing', () => {
  const noop = noopBackend<string>()
  const at = (start: number, size: number, flags = 'r') => new MemoryArea(start, size, flags, noop)
  const [one] = ok(MemorySet.empty<string, null>().map(at(0x1000, 0x1000), null, false))

  it('empty shares one set per kind, and a node size gives a set of its own with that node size', () => {
    expect(MemorySet.empty()).toBe(MemorySet.empty())
    expect(MemorySet.empty({})).toBe(MemorySet.empty())
    expect(MemorySet.empty({ merge: true })).toBe(MemorySet.empty({ merge: true }))
    expect(MemorySet.empty({ merge: true })).not.toBe(MemorySet.empty())
    const small = MemorySet.empty<string, null>({ maxNodeSize: 4 })
    expect((indexOf(small) as unknown as { maxNodeSize: number }).maxNodeSize).toBe(4)
    expect(small).not.toBe(MemorySet.empty({ maxNodeSize: 4 }))
    expect(
      (indexOf(MemorySet.empty({ merge: true, maxNodeSize: 5 })) as unknown as { maxNodeSize: number }).maxNodeSize,
    ).toBe(5)
  })

  it('fromAreas errors carry their complete messages, merging or not', () => {
    const weird = { ...noop, merge: () => 42 as never }
    const cases: [E.Either<MappingError, unknown>, MappingError][] = [
      [
        MemorySet.fromAreas([], null as never),
        { _tag: 'InvalidParam', message: 'fromAreas: options must be an object, got null' },
      ],
      [
        MemorySet.fromAreas([at(0, 2), at(1, 1)], { merge: true }),
        { _tag: 'InvalidParam', message: 'fromAreas: [0x0, 0x2) overlaps [0x1, 0x2)' },
      ],
      [
        MemorySet.fromAreas([new MemoryArea(0, 1, 'rw', weird), new MemoryArea(1, 1, 'rw', weird)], { merge: true }),
        { _tag: 'BadState', message: "a backend's merge at 0x1 returned 42, not a backend or undefined" },
      ],
      // A native Map is not an Immutable keyed collection: its elements are [key, area] entries.
      [
        MemorySet.fromAreas(new Map([[0, at(0, 1)]]) as never),
        { _tag: 'InvalidParam', message: 'fromAreas: area must be a MemoryArea, got an array of length 2' },
      ],
    ]
    for (const [result, expected] of cases) expect(err(result)).toEqual(expected)
  })

  it('coalesce throws a TypeError naming the backend bug when a merge hook returns garbage', () => {
    const weird = { ...noop, merge: () => 42 as never }
    const plain = ok(MemorySet.fromAreas([new MemoryArea(0, 1, 'rw', weird), new MemoryArea(1, 1, 'rw', weird)]))
    expect(() => plain.coalesce()).toThrow(
      new TypeError("coalesce: a backend's merge at 0x1 returned 42, not a backend or undefined"),
    )
  })

  it('overlapping yields nothing when either end is not a number, even one that compares like one', () => {
    for (const range of [
      { start: 0, end: '65536' },
      { start: '0', end: 0x10000 },
      { start: 0n, end: 0x10000n },
      { start: 0, end: { valueOf: () => 0x10000 } },
    ]) {
      expect(Array.from(one.overlapping(range as never))).toEqual([])
    }
    expect(Array.from(one.overlapping({ start: 0, end: 0x10000 }))).toEqual([...one])
  })

  it('protect: options whose strict throws is InvalidParam; null options are no options', () => {
    const [two] = ok(one.map(at(0x3000, 0x1000), null, false))
    const throwing = throwingGetters(['strict'])
    expect(err(two.protect(0, 0x5000, always('w'), null, throwing as never))).toEqual({
      _tag: 'InvalidParam',
      message: 'protect: reading options.strict threw',
    })
    const [flagged] = ok(two.protect(0, 0x5000, always('w'), null, null as never))
    expect(triples(flagged)).toEqual([
      [0x1000, 0x2000, 'w'],
      [0x3000, 0x4000, 'w'],
    ])
  })

  it('equals is false, never a TypeError, for a subclass instance made with new (a bug fixed)', () => {
    // JavaScript can call the private constructor: such a set holds no index.
    const Sub = class extends (MemorySet as unknown as new () => object) {}
    for (const set of [one, MemorySet.empty()]) {
      expect(set.equals(new Sub())).toBe(false)
      expect(is(set, new Sub())).toBe(false)
    }
  })

  it('equals: a foreign set whose size or iteration disagrees with ours is not equal', () => {
    const foreign = (size: number, next: () => IteratorResult<unknown>) =>
      Object.assign(Object.create(null) as object, {
        [Symbol.for('memory-set/MemorySet')]: true,
        size,
        [Symbol.iterator]: () => ({ next }),
      })
    const yielding = (values: IteratorResult<unknown>[]) => {
      let i = 0
      return () => values[i++] ?? { done: true, value: undefined }
    }
    const area = at(0x1000, 0x1000)
    expect(one.equals(foreign(1, yielding([{ done: false, value: area }])))).toBe(true)
    // Says two, iterates one.
    expect(one.equals(foreign(2, yielding([{ done: false, value: area }])))).toBe(false)
    // A finished iteration's value is not an element.
    expect(one.equals(foreign(1, yielding([{ done: true, value: area }])))).toBe(false)
  })

  it('hashCode is computed once per set', () => {
    let calls = 0
    const flags = { equals: () => true, hashCode: () => (calls++, 7) }
    const set = ok(MemorySet.fromAreas([new MemoryArea(0, 0x1000, flags, noopBackend<typeof flags>())]))
    const h = set.hashCode()
    expect(calls).toBe(1)
    expect(set.hashCode()).toBe(h)
    expect(calls).toBe(1)
  })
})
