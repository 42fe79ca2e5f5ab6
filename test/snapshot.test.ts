import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Record as ImmutableRecord, is } from 'immutable'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, noopBackend, pageTableBackend, type PageTable } from '../src/index.js'
import { loadSnapshot, parseSnapshot, saveSnapshot, stringifySnapshot, type SnapshotJSON } from '../src/snapshot.js'
import { invariantProblem, setArb, stateArb } from '../src/testing/index.js'

const PAGE = 0x1000
const paged = pageTableBackend<number>({ pageSize: PAGE })
const none = noopBackend<number, ReturnType<typeof emptyPageTable<number>>>()
const codec = { backends: { paged, none } }

const message = <A>(result: E.Either<{ message: string }, A>): string =>
  E.isLeft(result) ? result.left.message : 'Right'

describe('snapshots', () => {
  it('round-trip: a state saved and loaded is equal to the original, page table included', () => {
    fc.assert(
      fc.property(stateArb(fc.nat(3), paged, emptyPageTable<number>(), { pages: 24 }), ([set, pt]) => {
        const text = stringifySnapshot(set, codec, { table: pt, pageSize: PAGE })
        if (E.isLeft(text)) throw new Error(text.left.message)
        const loaded = parseSnapshot(text.right, codec)
        if (E.isLeft(loaded)) throw new Error(loaded.left.message)
        expect(loaded.right.set.equals(set)).toBe(true)
        expect(O.isSome(loaded.right.pageTable) && is(loaded.right.pageTable.value, pt)).toBe(true)
      }),
    )
  })

  it('round-trip without a page table, with backends chosen by name', () => {
    const mixed = setArb(fc.nat(3), none, { pages: 32 }).map((set) =>
      Array.from(set, (a, i) => new MemoryArea(a.start, a.size, a.flags, i % 2 === 0 ? none : paged)),
    )
    fc.assert(
      fc.property(mixed, (areas) => {
        const set = MemorySet.fromAreas(areas)
        if (E.isLeft(set)) throw new Error(set.left.message)
        const saved = saveSnapshot(set.right, codec)
        const loaded = E.flatMap((json: SnapshotJSON) => loadSnapshot(JSON.parse(JSON.stringify(json)), codec))(saved)
        expect(E.isRight(loaded) && loaded.right.set.equals(set.right) && O.isNone(loaded.right.pageTable)).toBe(true)
      }),
    )
  })

  it('flags that are not JSON go through flagsToJSON / flagsFromJSON (an Immutable Record)', () => {
    const Flags = ImmutableRecord({ prot: 0, name: '' })
    type Flags = ReturnType<typeof Flags>
    const backend = noopBackend<Flags>()
    const records = {
      backends: { anon: backend },
      flagsToJSON: (f: Flags) => f.toJSON(),
      flagsFromJSON: (j: unknown) =>
        typeof j === 'object' && j !== null && typeof (j as { prot?: unknown }).prot === 'number'
          ? E.right(Flags(j as { prot: number; name: string }))
          : E.left(`not flags: ${JSON.stringify(j)}`),
    }
    const set = MemorySet.fromAreas([new MemoryArea(0, PAGE, Flags({ prot: 3, name: 'heap' }), backend)])
    if (E.isLeft(set)) throw new Error(set.left.message)
    const text = stringifySnapshot(set.right, records)
    const back = E.flatMap((t: string) => parseSnapshot(t, records))(text)
    expect(E.isRight(back) && back.right.set.equals(set.right)).toBe(true)
    expect(
      message(
        parseSnapshot(
          '{"format":"memory-set-snapshot","version":1,"areas":[{"start":0,"end":1,"flags":7,"backend":"anon"}]}',
          records,
        ),
      ),
    ).toBe('areas[0].flags: not flags: 7')
    // Without a codec, a Record is not a JSON value: refused when saving, not when loading.
    expect(message(saveSnapshot(set.right, { backends: { anon: backend } }))).toMatch(
      /^areas\[0\]\.flags: flags .* are not a JSON value/,
    )
  })

  it('refuses to save an area whose backend is not in the registry', () => {
    const set = MemorySet.fromAreas([new MemoryArea(0x2000, PAGE, 1, noopBackend<number, null>())])
    if (E.isLeft(set)) throw new Error(set.left.message)
    expect(message(saveSnapshot(set.right, { backends: {} }))).toBe(
      'areas[0]: the backend of [0x2000, 0x3000) is not in the registry',
    )
  })

  const valid = (): Record<string, unknown> => ({
    format: 'memory-set-snapshot',
    version: 1,
    areas: [
      { start: 0x1000, end: 0x3000, flags: 1, backend: 'paged' },
      { start: 0x4000, end: 0x5000, flags: 2, backend: 'paged' },
    ],
    pageTable: {
      pageSize: PAGE,
      runs: [
        [1, 2, 1],
        [4, 1, 2],
      ],
    },
  })
  const withAreas = (areas: unknown) => ({ ...valid(), areas })

  it('loads a valid file', () => {
    const loaded = loadSnapshot(valid(), codec)
    expect(E.isRight(loaded) && Array.from(loaded.right.set, (a) => [a.start, a.end, a.flags])).toEqual([
      [0x1000, 0x3000, 1],
      [0x4000, 0x5000, 2],
    ])
  })

  it.each([
    ['not JSON', '{"format": "memory-set-snapshot", "areas": [', /^not JSON \(truncated\?\): /],
    ['not an object', '[1]', /^a snapshot must be an object, got \[1\]$/],
    [
      'wrong format',
      JSON.stringify({ ...valid(), format: 'x' }),
      /^format: format must be "memory-set-snapshot", got "x"$/,
    ],
    ['wrong version', JSON.stringify({ ...valid(), version: 2 }), /^version: unsupported version 2/],
    [
      'areas missing',
      JSON.stringify({ format: 'memory-set-snapshot', version: 1 }),
      /^areas: areas must be an array, got undefined$/,
    ],
    ['an area is not an object', JSON.stringify(withAreas([5])), /^areas\[0\]: must be an object, got 5$/],
    [
      'a bad start',
      JSON.stringify(withAreas([{ start: -1, end: 5, flags: 1, backend: 'none' }])),
      /^areas\[0\]\.start: start must be a non-negative safe integer, got -1$/,
    ],
    [
      'a bad end',
      JSON.stringify(withAreas([{ start: 0, end: 1e300, flags: 1, backend: 'none' }])),
      /^areas\[0\]\.end: /,
    ],
    [
      'an empty area',
      JSON.stringify(withAreas([{ start: 8, end: 8, flags: 1, backend: 'none' }])),
      /^areas\[0\]: the area \[0x8, 0x8\) is empty or reversed$/,
    ],
    [
      'an unknown backend',
      JSON.stringify(withAreas([{ start: 0, end: 8, flags: 1, backend: 'disk' }])),
      /^areas\[0\]\.backend: unknown backend "disk" \(the registry has "paged", "none"\)$/,
    ],
    [
      'a backend name from the prototype',
      JSON.stringify(withAreas([{ start: 0, end: 8, flags: 1, backend: 'toString' }])),
      /unknown backend "toString"/,
    ],
    [
      'missing flags',
      JSON.stringify(withAreas([{ start: 0, end: 8, backend: 'none' }])),
      /^areas\[0\]\.flags: flags are missing$/,
    ],
    [
      'overlapping areas',
      JSON.stringify(
        withAreas([
          { start: 0, end: 0x2000, flags: 1, backend: 'none' },
          { start: 0x1000, end: 0x3000, flags: 1, backend: 'none' },
        ]),
      ),
      /^areas\[1\]: \[0x1000, 0x3000\) overlaps or comes before the previous area \[0x0, 0x2000\)$/,
    ],
    [
      'a bad page size',
      JSON.stringify({ ...valid(), pageTable: { pageSize: 3000, runs: [] } }),
      /^pageTable\.pageSize: pageSize must be a power of two, got 3000$/,
    ],
    [
      'a bad run',
      JSON.stringify({ ...valid(), pageTable: { pageSize: PAGE, runs: [[1, 2]] } }),
      /^pageTable\.runs\[0\]: must be \[firstPage, pageCount, flags\]/,
    ],
    [
      'overlapping runs',
      JSON.stringify({
        ...valid(),
        pageTable: {
          pageSize: PAGE,
          runs: [
            [1, 2, 1],
            [2, 1, 1],
          ],
        },
      }),
      /^pageTable\.runs\[1\]: pages from 0x2000 overlap/,
    ],
    [
      'a huge run',
      JSON.stringify({ ...valid(), pageTable: { pageSize: PAGE, runs: [[1, 1e9, 1]] } }),
      /^pageTable\.runs\[0\]: the page table maps more pages than the areas hold$/,
    ],
    [
      'a page table that disagrees',
      JSON.stringify({
        ...valid(),
        pageTable: {
          pageSize: PAGE,
          runs: [
            [1, 2, 1],
            [4, 1, 3],
          ],
        },
      }),
      /^pageTable: the page table disagrees with the areas: page at 0x4000 has flags 3, its area has 2$/,
    ],
  ])('refuses %s with a clear error', (_what, text, expected) => {
    expect(message(parseSnapshot(text, codec))).toMatch(expected)
  })

  it('a damaged file gives a Left or a valid set, never a corrupted one', () => {
    const base = JSON.stringify(valid())
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 4 }), (at, length, insert) => {
        const damaged = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + (length % 6)))
        const loaded = parseSnapshot(damaged, codec)
        if (E.isLeft(loaded)) {
          expect(loaded.left._tag).toBe('SnapshotError')
          return
        }
        const { set, pageTable } = loaded.right
        expect(
          invariantProblem(set, O.isSome(pageTable) ? { pageTable: pageTable.value, pageSize: PAGE } : {}),
        ).toEqual(O.none)
      }),
    )
  })
})

describe('snapshots: the details', () => {
  const ok = <A>(r: E.Either<{ message: string }, A>): A => {
    if (E.isLeft(r)) throw new Error(r.left.message)
    return r.right
  }
  const set = ok(
    MemorySet.fromAreas([
      new MemoryArea(0x1000, 0x3000, 1, paged),
      new MemoryArea(0x4000, 0x1000, 1, paged),
      new MemoryArea(0x6000, 0x2000, 2, paged),
    ]),
  )
  const table = emptyPageTable<number>().withMutations((t) => {
    for (const [page, flags] of [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [6, 2],
      [7, 2],
    ] as const)
      t.set(page, flags)
  })

  it('stores the page table as runs of consecutive pages with equal flags', () => {
    const json = ok(saveSnapshot(set, codec, { table, pageSize: PAGE }))
    expect(json.pageTable).toEqual({
      pageSize: PAGE,
      runs: [
        [1, 4, 1],
        [6, 2, 2],
      ],
    })
    expect(json.areas).toEqual([
      { start: 0x1000, end: 0x4000, flags: 1, backend: 'paged' },
      { start: 0x4000, end: 0x5000, flags: 1, backend: 'paged' },
      { start: 0x6000, end: 0x8000, flags: 2, backend: 'paged' },
    ])
    expect(ok(saveSnapshot(set, codec))).toEqual({ format: 'memory-set-snapshot', version: 1, areas: json.areas })
  })

  it('names a backend registered twice by its first name', () => {
    const json = ok(saveSnapshot(set, { backends: { first: paged, second: paged } }))
    expect(json.areas.map((a) => a.backend)).toEqual(['first', 'first', 'first'])
  })

  it('says which area or page has flags that are not JSON', () => {
    const bad = ok(
      MemorySet.fromAreas([new MemoryArea(0, PAGE, 1, paged), new MemoryArea(PAGE, PAGE, Number.NaN, paged)]),
    )
    expect(message(saveSnapshot(bad, codec))).toBe('areas[1].flags: flags NaN are not a JSON value (give flagsToJSON)')
    const badTable = emptyPageTable<number>().set(0, 1).set(1, Number.NaN)
    expect(
      message(
        saveSnapshot(bad, { backends: codec.backends, flagsToJSON: () => 0 }, { table: badTable, pageSize: PAGE }),
      ),
    ).toBe('Right')
    expect(
      message(saveSnapshot(MemorySet.empty<number, PageTable<number>>(), codec, { table: badTable, pageSize: PAGE })),
    ).toBe('pageTable page 0x1000: flags NaN are not a JSON value (give flagsToJSON)')
  })

  it('accepts exactly the JSON values as flags', () => {
    const accepts = (flags: unknown) => {
      const one = ok(MemorySet.fromAreas([new MemoryArea(0, PAGE, flags, noopBackend<unknown>())]))
      return E.isRight(saveSnapshot(one, { backends: { b: noopBackend<unknown>() } }))
    }
    for (const good of [null, true, false, 'rw', 0, -1.5, [], [1, 'a', null], {}, { a: { b: [true] } }])
      expect(accepts(good)).toBe(true)
    for (const bad of [
      undefined,
      Number.POSITIVE_INFINITY,
      () => 1,
      new Date(0),
      [1, undefined],
      { a: undefined },
      { a: [Number.NaN] },
      Symbol('x'),
      1n,
    ]) {
      expect(accepts(bad)).toBe(false)
    }
  })

  const withTable = (pageTable: unknown) =>
    JSON.stringify({
      format: 'memory-set-snapshot',
      version: 1,
      areas: [{ start: 0x1000, end: 0x3000, flags: 1, backend: 'paged' }],
      pageTable,
    })

  it.each([
    [{ pageSize: 0, runs: [] }, 'pageTable.pageSize: pageSize must be a power of two, got 0'],
    [{ pageSize: 2 ** 31, runs: [] }, 'pageTable.pageSize: pageSize must be a power of two, got 2147483648'],
    [{ pageSize: 4096.5, runs: [] }, 'pageTable.pageSize: pageSize must be a power of two, got 4096.5'],
    [{ pageSize: '4096', runs: [] }, 'pageTable.pageSize: pageSize must be a power of two, got "4096"'],
    [{ pageSize: PAGE, runs: {} }, 'pageTable.runs: runs must be an array, got {}'],
    [[1], 'pageTable: must be an object, got [1]'],
    [{ pageSize: PAGE, runs: [[-1, 2, 1]] }, 'pageTable.runs[0]: bad page range -1, 2'],
    [{ pageSize: PAGE, runs: [[1, 0, 1]] }, 'pageTable.runs[0]: bad page range 1, 0'],
    [{ pageSize: PAGE, runs: [[1, 1.5, 1]] }, 'pageTable.runs[0]: bad page range 1, 1.5'],
    [{ pageSize: PAGE, runs: [[2 ** 41, 1, 1]] }, `pageTable.runs[0]: bad page range ${2 ** 41}, 1`],
    [{ pageSize: PAGE, runs: [[1, 3, 1]] }, 'pageTable.runs[0]: the page table maps more pages than the areas hold'],
    [
      { pageSize: PAGE, runs: [[1, 1, 1]] },
      'pageTable: the page table disagrees with the areas: page at 0x2000 should be mapped but is not',
    ],
    [{ pageSize: PAGE, runs: [[1, 2, 1]] }, 'Right'],
  ])('page table %j: %s', (pageTable, expected) => {
    expect(message(parseSnapshot(withTable(pageTable), codec))).toBe(expected)
  })

  it('a page table whose flags the codec refuses names the run', () => {
    const strict = {
      ...codec,
      flagsFromJSON: (j: unknown) => (typeof j === 'number' && j < 2 ? E.right(j) : E.left(`bad flags ${String(j)}`)),
    }
    expect(message(parseSnapshot(withTable({ pageSize: PAGE, runs: [[1, 2, 5]] }), strict))).toBe(
      'pageTable.runs[0][2]: bad flags 5',
    )
  })

  it('shortens long values in messages and names the area by index', () => {
    const long = 'x'.repeat(100)
    const text = JSON.stringify({
      format: 'memory-set-snapshot',
      version: 1,
      areas: [
        { start: 0, end: 1, flags: 1, backend: 'none' },
        { start: long, end: 2, flags: 1, backend: 'none' },
      ],
    })
    expect(message(parseSnapshot(text, codec))).toBe(
      `areas[1].start: start must be a non-negative safe integer, got "${'x'.repeat(36)}...`,
    )
    const exactly40 = JSON.stringify('y'.repeat(38))
    expect(message(parseSnapshot(JSON.stringify({ format: JSON.parse(exactly40), version: 1 }), codec))).toBe(
      `format: format must be "memory-set-snapshot", got ${exactly40}`,
    )
    expect(message(loadSnapshot(undefined, codec))).toBe('a snapshot must be an object, got undefined')
    expect(message(loadSnapshot(null, codec))).toBe('a snapshot must be an object, got null')
    expect(message(loadSnapshot('text', codec))).toBe('a snapshot must be an object, got "text"')
  })
})

describe('snapshots: names and bounds', () => {
  const one = (area: Record<string, unknown>, backends: Record<string, unknown> = codec.backends) =>
    message(
      loadSnapshot(
        { format: 'memory-set-snapshot', version: 1, areas: [area] },
        { backends: backends as typeof codec.backends },
      ),
    )
  it('names what is wrong with an area', () => {
    expect(one({ start: 0, end: -5, flags: 1, backend: 'none' })).toBe(
      'areas[0].end: end must be a non-negative safe integer, got -5',
    )
    expect(one({ start: 0, end: 8, flags: 1, backend: 5 }, { '5': none })).toBe(
      'areas[0].backend: unknown backend 5 (the registry has "5")',
    )
    expect(one({ start: 0, end: 8, flags: 1, backend: 'none' }, {})).toBe(
      'areas[0].backend: unknown backend "none" (the registry has none)',
    )
  })
  it('accepts page sizes up to 2^30', () => {
    const json = { format: 'memory-set-snapshot', version: 1, areas: [], pageTable: { pageSize: 2 ** 30, runs: [] } }
    expect(message(loadSnapshot(json, codec))).toBe('Right')
  })
})

describe('snapshots: fractional numbers', () => {
  it('a fractional start or end is an error, not a RangeError from MemoryArea', () => {
    const areas = [{ start: 0.5, end: 8, flags: 1, backend: 'none' }]
    expect(message(loadSnapshot({ format: 'memory-set-snapshot', version: 1, areas }, codec))).toBe(
      'areas[0].start: start must be a non-negative safe integer, got 0.5',
    )
  })
})
