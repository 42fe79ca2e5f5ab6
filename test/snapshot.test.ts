import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Record as ImmutableRecord, is } from 'immutable'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, noopBackend, pageTableBackend } from '../src/index.js'
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
