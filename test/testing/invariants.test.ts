import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, noopBackend, pageTableBackend } from '../../src/index.js'
import { assertInvariants, invariantProblem, stateArb } from '../../src/testing/index.js'

const backend = noopBackend<number>()

/** A set-like object whose iteration and find are forged, to show each check firing. */
const forged = (
  plain: { start: number; end: number; flags: number }[],
  extra: { size?: number; merging?: boolean } = {},
) => {
  const areas = plain.map((a) => ({ ...a, backend }))
  const set = {
    size: extra.size ?? areas.length,
    merging: extra.merging,
    [Symbol.iterator]: () => areas[Symbol.iterator](),
    find: (addr: number) => {
      const found = areas.find((a) => a.start <= addr && addr < a.end)
      return found === undefined ? O.none : O.some(found)
    },
  }
  return set as unknown as MemorySet<number, null>
}

describe('invariantProblem', () => {
  it('finds nothing wrong in sets made by operations, with their page tables', () => {
    fc.assert(
      fc.property(stateArb(fc.nat(3), pageTableBackend<number>(), emptyPageTable<number>()), ([set, pt]) => {
        expect(invariantProblem(set, { pageTable: pt })).toEqual(O.none)
      }),
    )
  })

  it('names each broken invariant', () => {
    expect(invariantProblem(forged([{ start: 0x1000, end: 0x1000, flags: 1 }]))).toEqual(
      O.some('area #1 [0x1000, 0x1000) is empty'),
    )
    expect(invariantProblem(forged([{ start: 1.5, end: 3, flags: 1 }]))).toEqual(
      O.some('area #1 [1.5, 0x3) is not a range of non-negative safe integers'),
    )
    expect(
      invariantProblem(
        forged([
          { start: 0, end: 0x2000, flags: 1 },
          { start: 0x1000, end: 0x3000, flags: 1 },
        ]),
      ),
    ).toEqual(O.some('area #2 [0x1000, 0x3000) starts before the previous area [0x0, 0x2000) ends'))
    expect(invariantProblem(forged([{ start: 0, end: 0x1000, flags: 1 }], { size: 2 }))).toEqual(
      O.some('size is 2 but the set iterates 1 areas'),
    )
    expect(
      invariantProblem(
        forged(
          [
            { start: 0, end: 0x1000, flags: 1 },
            { start: 0x1000, end: 0x2000, flags: 1 },
          ],
          { merging: true },
        ),
      ),
    ).toEqual(
      O.some('area #2 [0x1000, 0x2000) should have been merged with the area before it (same flags and backend)'),
    )
  })

  it('finds an area that find does not find', () => {
    const set = forged([{ start: 0, end: 0x1000, flags: 1 }])
    const lying = Object.assign(Object.create(set) as object, {
      find: () => O.none,
      [Symbol.iterator]: set[Symbol.iterator],
      size: 1,
    })
    expect(invariantProblem(lying as unknown as MemorySet<number, null>)).toEqual(
      O.some('find(0x0) does not give area #1 [0x0, 0x1000)'),
    )
  })

  it('checks the page table when one is given', () => {
    const built = MemorySet.fromAreas([new MemoryArea(0, 0x1000, 1, pageTableBackend<number>())])
    if (E.isLeft(built)) throw new Error(built.left.message)
    expect(invariantProblem(built.right, { pageTable: emptyPageTable<number>() })).toEqual(
      O.some('page table: page at 0x0 should be mapped but is not'),
    )
    expect(invariantProblem(built.right, { pageTable: emptyPageTable<number>().set(0, 1) })).toEqual(O.none)
  })

  it('assertInvariants throws with the problem and the areas', () => {
    expect(() => assertInvariants(forged([{ start: 5, end: 5, flags: 0 }]))).toThrow(
      /invariant broken: area #1 \[0x5, 0x5\) is empty/,
    )
    expect(() => assertInvariants(MemorySet.empty<number, null>())).not.toThrow()
  })
})

describe('invariantProblem: merging sets', () => {
  const merging = (areas: { start: number; end: number; flags: number; backend?: object }[]) => {
    const all = areas.map((a) => ({ backend, ...a }))
    return {
      size: all.length,
      merging: true,
      [Symbol.iterator]: () => all[Symbol.iterator](),
      find: (addr: number) => O.fromNullable(all.find((a) => a.start <= addr && addr < a.end)),
    } as unknown as MemorySet<number, null>
  }
  it('only adjacent areas with equal flags and the same backend without a merge hook must have merged', () => {
    expect(
      invariantProblem(
        merging([
          { start: 0, end: 0x1000, flags: 1 },
          { start: 0x2000, end: 0x3000, flags: 1 },
        ]),
      ),
    ).toEqual(O.none)
    expect(
      invariantProblem(
        merging([
          { start: 0, end: 0x1000, flags: 1 },
          { start: 0x1000, end: 0x2000, flags: 2 },
        ]),
      ),
    ).toEqual(O.none)
    expect(
      invariantProblem(
        merging([
          { start: 0, end: 0x1000, flags: 1 },
          { start: 0x1000, end: 0x2000, flags: 1, backend: { ...backend } },
        ]),
      ),
    ).toEqual(O.none)
    const hooked = { ...backend, merge: () => undefined }
    expect(
      invariantProblem(
        merging([
          { start: 0, end: 0x1000, flags: 1, backend: hooked },
          { start: 0x1000, end: 0x2000, flags: 1, backend: hooked },
        ]),
      ),
    ).toEqual(O.none)
    expect(
      invariantProblem(
        merging([
          { start: 0, end: 0x1000, flags: 1 },
          { start: 0x1000, end: 0x2000, flags: 1 },
        ]),
      ),
    ).not.toEqual(O.none)
  })

  it('a real merging set made by operations keeps the invariants', () => {
    const set = MemorySet.empty<number, null>({ merge: true })
    const r = E.flatMap(set.map(new MemoryArea(0, 0x1000, 1, backend), null, false), ([s]) =>
      s.map(new MemoryArea(0x1000, 0x1000, 1, backend), null, false),
    )
    expect(E.isRight(r) && r.right[0].size).toBe(1)
    if (E.isRight(r)) expect(invariantProblem(r.right[0])).toEqual(O.none)
  })

  it('an area that find gives as another object is a problem', () => {
    const set = forged([{ start: 0, end: 0x1000, flags: 1 }])
    const impostor = { start: 0, end: 0x1000, flags: 1, backend }
    const lying = { size: 1, [Symbol.iterator]: set[Symbol.iterator].bind(set), find: () => O.some(impostor) }
    expect(invariantProblem(lying as unknown as MemorySet<number, null>)).toEqual(
      O.some('find(0x0) does not give area #1 [0x0, 0x1000)'),
    )
  })
})

describe('invariantProblem: negative addresses', () => {
  it('an area below address 0 is not a range of addresses', () => {
    expect(invariantProblem(forged([{ start: -0x1000, end: 0x1000, flags: 1 }]))).toEqual(
      O.some('area #1 [-4096, 0x1000) is not a range of non-negative safe integers'),
    )
  })
})
