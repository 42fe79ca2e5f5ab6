import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { List as ImmutableList, Map as ImmutableMap } from 'immutable'
import { describe, expect, it } from 'vitest'
import {
  MappingError,
  MemoryArea,
  MemorySet,
  emptyPageTable,
  noopBackend,
  pageTableBackend,
  pageTableMismatch,
} from '../src/index.js'
import { err, ok } from './support/helpers.js'
import { HostileError, nullProto, revokedProxy, throwingGetters, throwingProxy } from './support/hostile.js'

describe('pageTableBackend', () => {
  const backend = pageTableBackend<string>()
  const empty = emptyPageTable<string>()

  it('maps, protects and unmaps whole pages', () => {
    const mapped = ok(backend.map(0x2000, 0x2000, 'rw')(empty))
    expect(mapped.toJS()).toEqual({ 2: 'rw', 3: 'rw' })
    const protectedPt = ok(backend.protect(0x3000, 0x1000, 'r')(mapped))
    expect(protectedPt.toJS()).toEqual({ 2: 'rw', 3: 'r' })
    expect(ok(backend.unmap(0x2000, 0x2000)(protectedPt)).size).toBe(0)
    expect(empty.size).toBe(0)
    expect(mapped.get(3)).toBe('rw')
  })

  it('refuses to map a mapped page and to unmap or protect an unmapped one, with BadState', () => {
    const mapped = ok(backend.map(0x2000, 0x1000, 'rw')(empty))
    expect(err(backend.map(0x1000, 0x2000, 'x')(mapped))).toEqual({
      _tag: 'BadState',
      message: 'map: page at 0x2000 is already mapped',
    })
    expect(err(backend.unmap(0x2000, 0x2000)(mapped)).message).toBe('unmap: page at 0x3000 is not mapped')
    expect(err(backend.protect(0x1000, 0x1000, 'r')(mapped))._tag).toBe('BadState')
  })

  it('refuses unaligned ranges with InvalidParam', () => {
    expect(err(backend.map(0x800, 0x1000, 'rw')(empty))._tag).toBe('InvalidParam')
    expect(err(backend.map(0x1000, 0x800, 'rw')(empty)).message).toMatch(/not aligned to the page size 0x1000/)
  })

  it('rejects page sizes that are not powers of two', () => {
    for (const pageSize of [0, 3, -4096, 1.5, NaN]) expect(() => pageTableBackend({ pageSize })).toThrow(RangeError)
    expect(pageTableBackend({ pageSize: 1 }).pageSize).toBe(1)
  })
})

describe('pageTableMismatch', () => {
  const backend = pageTableBackend<string>()
  it('is None when the page table agrees with the areas and names the first disagreement otherwise', () => {
    const [set, pt] = ok(
      MemorySet.empty<string, ReturnType<typeof emptyPageTable<string>>>().map(
        new MemoryArea(0x1000, 0x2000, 'rw', backend),
        emptyPageTable(),
        false,
      ),
    )
    expect(pageTableMismatch(set, pt, 0x1000)).toEqual(O.none)
    expect(pageTableMismatch(set, pt.delete(2), 0x1000)).toEqual(O.some('page at 0x2000 should be mapped but is not'))
    expect(pageTableMismatch(set, pt.set(2, 'r'), 0x1000)).toEqual(
      O.some('page at 0x2000 has flags r, its area has rw'),
    )
    expect(pageTableMismatch(set, pt.set(7, 'r'), 0x1000)).toEqual(
      O.some('page at 0x7000 is mapped outside every area'),
    )
  })
})

describe('noopBackend', () => {
  it('returns the page table unchanged and is one shared object', () => {
    const backend = noopBackend<string, number>()
    expect(backend).toBe(noopBackend<string, number>())
    expect(backend.map(0, 1, 'x')(42)).toEqual(E.right(42))
    expect(backend.unmap(0, 1)(42)).toEqual(E.right(42))
    expect(backend.protect(0, 1, 'x')(42)).toEqual(E.right(42))
  })
})

describe('pageTableMismatch on overlapping input', () => {
  it('says the areas overlap instead of blaming a page', () => {
    const areas = [
      { start: 0, end: 0x2000, flags: 'r' },
      { start: 0x1000, end: 0x2000, flags: 'r' },
    ]
    const pt = emptyPageTable<string>().set(0, 'r').set(1, 'r')
    expect(pageTableMismatch(areas, pt, 0x1000)).toEqual(O.some('the areas [0x0, 0x2000) and [0x1000, 0x2000) overlap'))
  })
})

describe('pageTableBackend against hostile input (issue 6)', () => {
  const backend = pageTableBackend<unknown>()
  const empty = emptyPageTable<unknown>()

  it('maps undefined flags like any other, and can unmap and re-flag them (finding 3)', () => {
    const [set, pt] = ok(
      MemorySet.empty<unknown, ReturnType<typeof emptyPageTable<unknown>>>().map(
        new MemoryArea(0x1000, 0x2000, undefined, backend),
        empty,
        false,
      ),
    )
    expect(pageTableMismatch(set, pt, 0x1000)).toEqual(O.none)
    expect(err(backend.map(0x1000, 0x1000, 'x')(pt)).message).toBe('map: page at 0x1000 is already mapped')
    const [protectedSet, protectedPt] = ok(set.protect(0x1000, 0x1000, () => O.some(undefined), pt))
    expect(pageTableMismatch(protectedSet, protectedPt, 0x1000)).toEqual(O.none)
    const [unmapped, unmappedPt] = ok(protectedSet.unmap(0x1000, 0x2000, protectedPt))
    expect([unmapped.size, unmappedPt.size]).toEqual([0, 0])
    const [cleared, clearedPt] = ok(set.clear(pt))
    expect([cleared.size, clearedPt.size]).toEqual([0, 0])
  })

  it('refuses bad numbers with InvalidParam when called directly (finding 5)', () => {
    const mapped = ok(backend.map(0, 0x1000, 'r')(empty))
    const cases: [unknown, unknown][] = [
      [-0x1000, 0x1000],
      [0x1000, -0x1000],
      ['0x1000', 0x1000],
      [null, 0x1000],
      [0x1000, null],
      [0, 2 ** 53 + 4096],
      [Number.MAX_SAFE_INTEGER - 0xfff, 0x2000],
      [NaN, 0x1000],
      [4096.5, 0x1000],
      [nullProto(), 0x1000],
      [throwingProxy(), 0x1000],
    ]
    for (const [start, size] of cases) {
      for (const effect of [
        backend.map(start as number, size as number, 'r'),
        backend.unmap(start as number, size as number),
        backend.protect(start as number, size as number, 'r'),
      ]) {
        expect(err(effect(mapped))._tag).toBe('InvalidParam')
      }
    }
  })

  it('refuses a page table that is not an Immutable.js Map', () => {
    for (const table of [
      null,
      undefined,
      {},
      new Map(),
      nullProto(),
      throwingProxy(),
      revokedProxy(),
      ImmutableList([1]),
    ]) {
      expect(err(backend.map(0, 0x1000, 'r')(table as never)).message).toMatch(
        /^map: the page table must be an Immutable.js Map, got /,
      )
    }
  })

  it('refuses a forged Map that carries only Immutable.js marker, even for an empty range (hostile fuzz, seed -1543658962)', () => {
    // `Map.isMap` reads nothing but the marker; an empty range used to reach `withMutations` and throw a TypeError.
    const forged = {
      '@@__IMMUTABLE_MAP__@@': true,
      size: 0,
      has: () => false,
      get: () => undefined,
      keys: () => [][Symbol.iterator](),
    }
    for (const size of [0, 0x1000]) {
      for (const effect of [backend.map(0, size, 'r'), backend.unmap(0, size), backend.protect(0, size, 'r')]) {
        const error = err(effect(forged as never))
        expect(error._tag).toBe('InvalidParam')
        expect(error.message).toMatch(/^(map|unmap|protect): the page table must be an Immutable.js Map, got /)
      }
    }
  })

  it('answers a huge range quickly: Left before the pages are walked', () => {
    const mapped = ok(backend.map(0x1000, 0x1000, 'r')(empty))
    const huge = 2 ** 52
    const startedAt = Date.now()
    expect(err(backend.map(0, huge, 'r')(mapped)).message).toBe('map: page at 0x1000 is already mapped')
    expect(err(backend.unmap(0, huge)(mapped)).message).toBe('unmap: page at 0x0 is not mapped')
    expect(err(backend.protect(0x1000, huge, 'r')(mapped)).message).toBe('protect: page at 0x2000 is not mapped')
    expect(err(backend.map(0x2000, huge, 'r')(mapped)).message).toBe(
      'map: [0x2000, 0x10000000002000) would make the page table hold 1099511627777 pages, more than maxPages 16777216',
    )
    expect(Date.now() - startedAt).toBeLessThan(1000)
  })

  it('maxPages bounds what one table may hold', () => {
    const small = pageTableBackend<string>({ pageSize: 1, maxPages: 4 })
    const three = ok(small.map(0, 3, 'r')(emptyPageTable()))
    expect(ok(small.map(3, 1, 'r')(three)).size).toBe(4)
    expect(err(small.map(3, 2, 'r')(three))._tag).toBe('InvalidParam')
    for (const maxPages of [-1, 1.5, NaN, '4']) {
      expect(() => pageTableBackend({ maxPages: maxPages as number })).toThrow(RangeError)
    }
  })
})

describe('pageTableMismatch against hostile input (issue 6)', () => {
  const areas = [{ start: 0x1000, end: 0x3000, flags: 'r' }]
  const pt = emptyPageTable<string>().set(1, 'r').set(2, 'r')

  it('never says "they agree" for a bad page size (finding 4)', () => {
    expect(pageTableMismatch(areas, pt, 0x1000)).toEqual(O.none)
    for (const pageSize of [NaN, 0, -4096, Infinity, undefined, 4095, 0.5, '4096', null]) {
      expect(pageTableMismatch(areas, pt, pageSize as number)).toEqual(
        O.some(`pageSize must be a power of two, got ${String(pageSize)}`),
      )
    }
    // Even with no areas and no pages, a typo is reported.
    expect(O.isSome(pageTableMismatch([], emptyPageTable(), 0))).toBe(true)
  })

  it('reports bad areas and bad page tables instead of agreeing or throwing', () => {
    const report = (a: unknown, table: unknown = pt) => pageTableMismatch(a as typeof areas, table as typeof pt, 0x1000)
    expect(report([{ start: 0x5000, end: 0x1000, flags: 'r' }])).toEqual(
      O.some('an area from 20480 to 4096 is not an address range'),
    )
    expect(report([{ start: 0x1000, end: 0x2800, flags: 'r' }])).toEqual(
      O.some('the area [0x1000, 0x2800) is not aligned to the page size 0x1000'),
    )
    expect(report([{ start: NaN, end: 0x2000, flags: 'r' }])).toEqual(
      O.some('an area from NaN to 8192 is not an address range'),
    )
    expect(report([throwingGetters(['start'])])).toEqual(
      O.some('reading the areas threw HostileError: hostile: getter start'),
    )
    expect(report(throwingProxy())).toEqual(
      O.some('reading the areas threw HostileError: hostile: get Symbol(Symbol.iterator)'),
    )
    expect(report(areas, new Map([[1, 'r']]))).toEqual(
      O.some('the page table is not an Immutable.js Map: [object Map]'),
    )
    expect(report([{ start: 0x1000, end: 0x3000, flags: nullProto() }])).toEqual(
      O.some('page at 0x1000 has flags r, its area has [object Object]'),
    )
  })

  it('is quick for huge areas: O(areas + mapped pages)', () => {
    const startedAt = Date.now()
    const hugeArea = [{ start: 0, end: 2 ** 52, flags: 'r' }]
    expect(pageTableMismatch(hugeArea, pt, 0x1000)).toEqual(O.some('page at 0x0 should be mapped but is not'))
    expect(pageTableMismatch([], pt, 1)).toEqual(O.some('page at 0x1 is mapped outside every area'))
    expect(Date.now() - startedAt).toBeLessThan(1000)
  })

  it('agrees with a page-by-page check on random areas and tables', () => {
    const flagsArb = fc.constantFrom('r', 'w', undefined)
    fc.assert(
      fc.property(
        fc.array(fc.record({ page: fc.nat(12), pages: fc.nat(3), flags: flagsArb }), { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(16), flagsArb), { maxLength: 12 }),
        (rawAreas, entries) => {
          const areaList = rawAreas.map((a) => ({ start: a.page * 16, end: (a.page + a.pages) * 16, flags: a.flags }))
          const table = ImmutableMap<number, string | undefined>(entries)
          // Brute force: mark every page each area covers; any page covered twice is an overlap.
          const expected = new Map<number, string | undefined>()
          let overlap = false
          for (const a of areaList) {
            for (let page = a.start / 16; page < a.end / 16; page++) {
              if (expected.has(page)) overlap = true
              expected.set(page, a.flags)
            }
          }
          const agrees =
            !overlap &&
            expected.size === table.size &&
            [...expected].every(([page, flags]) => table.has(page) && table.get(page) === flags)
          expect(O.isNone(pageTableMismatch(areaList, table, 16))).toBe(agrees)
        },
      ),
    )
  })
})

describe('pageTableBackend messages, in full (mutation testing)', () => {
  const thrown = (make: () => unknown): unknown => {
    try {
      make()
    } catch (error) {
      return error
    }
    throw new Error('expected a throw')
  }

  it('throws a RangeError or TypeError naming the bad option', () => {
    const cases: [unknown, ErrorConstructor, string][] = [
      [{ pageSize: 3 }, RangeError, 'pageTableBackend: pageSize must be a power of two, got 3'],
      [{ maxPages: -1 }, RangeError, 'pageTableBackend: maxPages must be a non-negative safe integer, got -1'],
      [5, TypeError, 'pageTableBackend: options must be an object, got 5'],
      ['x', TypeError, 'pageTableBackend: options must be an object, got x'],
      [null, TypeError, 'pageTableBackend: options must be an object, got null'],
    ]
    for (const [options, type, message] of cases) {
      const error = thrown(() => pageTableBackend(options as never))
      expect(error).toBeInstanceOf(type)
      expect((error as Error).message).toBe(message)
    }
  })

  it('wraps a throwing options getter in a TypeError whose cause is what was thrown', () => {
    const error = thrown(() => pageTableBackend(throwingGetters(['pageSize']) as never))
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe(
      'pageTableBackend: reading options threw HostileError: hostile: getter pageSize',
    )
    expect((error as Error).cause).toBeInstanceOf(HostileError)
    expect(((error as Error).cause as Error).message).toBe('hostile: getter pageSize')
  })

  it('names the operation, the bad number and the range in every InvalidParam', () => {
    const backend = pageTableBackend<string>()
    const empty = emptyPageTable<string>()
    const cases: [E.Either<MappingError, unknown>, string][] = [
      [backend.map(-0x1000, 0x1000, 'r')(empty), 'map: start must be a non-negative safe integer, got -4096'],
      [backend.unmap(0, -1)(empty), 'unmap: size must be a non-negative safe integer, got -1'],
      [backend.map(0x800, 0x1000, 'r')(empty), 'map: [0x800, 0x1800) is not aligned to the page size 0x1000'],
      [backend.protect(0x1000, 0x800, 'r')(empty), 'protect: [0x1000, 0x1800) is not aligned to the page size 0x1000'],
    ]
    for (const [result, message] of cases) expect(result).toEqual(E.left(MappingError.invalidParam(message)))
  })
})

describe('pageTableBackend over a range larger than the table (the key walk)', () => {
  const backend = pageTableBackend<string>()

  it('names the lowest mapped page of the range, whatever the order of the keys', () => {
    // Small Immutable.js maps keep insertion order: 5 is met before 3.
    const table = emptyPageTable<string>().set(5, 'r').set(3, 'r').set(4, 'r')
    expect(backend.map(0, 0x10000, 'w')(table)).toEqual(
      E.left(MappingError.badState('map: page at 0x3000 is already mapped')),
    )
  })

  it('ignores mapped pages at or after the end of the range', () => {
    const table = emptyPageTable<string>().set(10, 'r')
    expect(ok(backend.map(0, 0xa000, 'w')(table)).size).toBe(11)
  })

  it('ignores keys that are not page numbers, as the page-by-page check does (regression)', () => {
    // `1.5` and `'1'` are no page: mapping one page or two pages over them must agree.
    for (const key of [1.5, '1']) {
      const table = emptyPageTable<string>().set(key as number, 'r')
      expect(ok(backend.map(0x1000, 0x1000, 'w')(table)).get(1)).toBe('w')
      expect(ok(backend.map(0x1000, 0x2000, 'w')(table)).get(2)).toBe('w')
    }
  })
})

describe('pageTableMismatch, every path (mutation testing)', () => {
  const pageTable = (...pages: number[]) => ImmutableMap<number, string>(pages.map((page) => [page, 'r']))
  const area = (start: number, end: number, flags: unknown = 'r') => ({ start, end, flags })

  it('names the first disagreement in full', () => {
    const cases: [unknown, ImmutableMap<number, unknown>, O.Option<string>][] = [
      [5, pageTable(), O.some('the areas are not iterable: 5')],
      [null, pageTable(), O.some('the areas are not iterable: null')],
      [[], ImmutableMap([[1.5, 'r']]), O.some('the page table has a key 1.5 that is not a page number')],
      [
        [],
        ImmutableMap<number, unknown>([['1' as never, 'r']]),
        O.some('the page table has a key 1 that is not a page number'),
      ],
      // The areas in descending order: the overlap is named in the order given.
      [
        [area(0x2000, 0x4000), area(0x1000, 0x3000)],
        pageTable(1, 2, 3),
        O.some('the areas [0x2000, 0x4000) and [0x1000, 0x3000) overlap'),
      ],
      // Overlapping areas that are not next to each other in the input.
      [
        [area(0, 0x2000), area(0x5000, 0x6000), area(0x1000, 0x3000)],
        pageTable(0, 1, 2, 5),
        O.some('the areas [0x0, 0x2000) and [0x1000, 0x3000) overlap'),
      ],
      // Areas in descending order that touch or are apart agree with their pages.
      [[area(0x2000, 0x3000), area(0x1000, 0x2000)], pageTable(1, 2), O.none],
      [[area(0x3000, 0x4000), area(0x1000, 0x2000)], pageTable(1, 3), O.none],
      [[area(0x5000, 0x6000), area(0x3000, 0x4000), area(0x1000, 0x2000)], pageTable(1, 3, 5), O.none],
      // An area passed by a later page is checked for missing pages there.
      [
        [area(0x1000, 0x3000), area(0x5000, 0x6000)],
        pageTable(1, 5),
        O.some('page at 0x2000 should be mapped but is not'),
      ],
      // A page between two areas with the same flags.
      [
        [area(0x1000, 0x2000), area(0x5000, 0x6000)],
        pageTable(1, 3, 5),
        O.some('page at 0x3000 is mapped outside every area'),
      ],
    ]
    for (const [areas, table, expected] of cases) {
      expect(pageTableMismatch(areas as never, table, 0x1000)).toEqual(expected)
    }
  })

  it('stops at the second of two overlapping areas without reading a third', () => {
    function* twiceThenThrow() {
      yield area(0, 0x1000)
      yield area(0, 0x1000)
      throw new HostileError('read a third area')
    }
    expect(pageTableMismatch(twiceThenThrow(), pageTable(0), 0x1000)).toEqual(
      O.some('the areas [0x0, 0x1000) and [0x0, 0x1000) overlap'),
    )
  })

  it('an empty area overlaps nothing, wherever it is in the input (regression)', () => {
    const table = pageTable(0, 1, 5)
    for (const areas of [
      [area(0, 0x2000), area(0x1000, 0x1000), area(0x5000, 0x6000)],
      [area(0x1000, 0x1000), area(0, 0x2000), area(0x5000, 0x6000)],
      [area(0, 0x2000), area(0x5000, 0x6000), area(0x1000, 0x1000)],
    ]) {
      expect(pageTableMismatch(areas, table, 0x1000)).toEqual(O.none)
    }
  })

  it('flags whose comparison throws are a disagreement, not a throw nor an agreement', () => {
    const throwing = (name: string) => ({
      valueOf: () => {
        throw new HostileError(`valueOf ${name}`)
      },
      toString: () => name,
    })
    const table = ImmutableMap<number, unknown>([[1, throwing('page')]])
    expect(pageTableMismatch([area(0x1000, 0x2000, throwing('area'))], table, 0x1000)).toEqual(
      O.some('page at 0x1000 has flags page, its area has area'),
    )
  })
})
