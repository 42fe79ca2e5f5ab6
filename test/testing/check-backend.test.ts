// checkBackend on the reference backend (every law holds) and on
// purpose-built faulty backends: each planted bug is found, named by its law,
// and the counterexample in the message is shrunk to the smallest call
// sequence that shows it.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Map as ImmutableMap } from 'immutable'
import { describe, expect, it } from 'vitest'
import { MappingError, emptyPageTable, pageTableBackend, type MappingBackend, type PageTable } from '../../src/index.js'
import { checkBackend } from '../../src/testing/index.js'

type PT = PageTable<number>
const PAGE = 0x1000
const reference = pageTableBackend<number>({ pageSize: PAGE })
const lookup = (pt: PT, addr: number): O.Option<number> => O.fromNullable(pt.get(addr / PAGE))
const spec = (backend: MappingBackend<number, PT>) => ({
  backend,
  emptyPageTable: emptyPageTable<number>(),
  lookup,
  flags: fc.integer({ min: 0, max: 3 }),
})

/** The message checkBackend throws for `backend`, or 'no error'. */
const failure = (backend: MappingBackend<number, PT>): string => {
  try {
    checkBackend(spec(backend), { seed: 42 })
    return 'no error'
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/** `reference` with some methods replaced. */
const patched = (overrides: Partial<MappingBackend<number, PT>>): MappingBackend<number, PT> => ({
  map: reference.map,
  unmap: reference.unmap,
  protect: reference.protect,
  ...overrides,
})

describe('checkBackend', () => {
  it('passes the reference page-table backend, at several page sizes', () => {
    for (const pageSize of [1, 0x1000, 0x200000]) {
      const backend = pageTableBackend<number>({ pageSize })
      expect(() =>
        checkBackend({
          backend,
          emptyPageTable: emptyPageTable<number>(),
          lookup: (pt, addr) => O.fromNullable(pt.get(Math.floor(addr / pageSize))),
          flags: fc.integer({ min: 0, max: 3 }),
          pageSize,
        }),
      ).not.toThrow()
    }
  })

  it('passes a backend over a custom page table with a custom equals', () => {
    // A page table as a sorted array of [page, flags] pairs, compared by content.
    type Pairs = readonly (readonly [number, string])[]
    const at = (pt: Pairs, page: number) => pt.find(([p]) => p === page)
    const over =
      (start: number, size: number, ok: (mapped: boolean) => boolean, write: (pt: Pairs, page: number) => Pairs) =>
      (pt: Pairs): E.Either<MappingError, Pairs> => {
        let next = pt
        for (let page = start / PAGE; page < (start + size) / PAGE; page++) {
          if (!ok(at(pt, page) !== undefined)) return E.left(MappingError.badState(`page ${page}`))
          next = write(next, page)
        }
        return E.right([...next].sort((a, b) => a[0] - b[0]))
      }
    const without = (pt: Pairs, page: number) => pt.filter(([p]) => p !== page)
    const backend: MappingBackend<string, Pairs> = {
      map: (start, size, flags) =>
        over(
          start,
          size,
          (m) => !m,
          (pt, p) => [...pt, [p, flags]],
        ),
      unmap: (start, size) => over(start, size, (m) => m, without),
      protect: (start, size, flags) =>
        over(
          start,
          size,
          (m) => m,
          (pt, p) => [...without(pt, p), [p, flags]],
        ),
    }
    expect(() =>
      checkBackend({
        backend,
        emptyPageTable: [],
        lookup: (pt, addr) => O.fromNullable(at(pt, addr / PAGE)?.[1]),
        flags: fc.constantFrom('r', 'rw', 'rx'),
        equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
      }),
    ).not.toThrow()
  })

  it('finds a map that maps one page too few, shrunk to one call of one page', () => {
    const bug = patched({ map: (start, size, flags) => reference.map(start, size - PAGE, flags) })
    const message = failure(bug)
    expect(message).toContain('law "map then lookup" does not hold')
    expect(message).toContain('calls (shrunk')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\)\n/)
    expect(message).toContain('lookup at 0x10000 gives None, expected Some(0)')
  })

  it('finds a map that also maps the next page', () => {
    const bug = patched({ map: (start, size, flags) => reference.map(start, size + PAGE, flags) })
    const message = failure(bug)
    expect(message).toContain('law "map then lookup" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\)\n/)
    expect(message).toContain('lookup at 0x11000 gives Some(0), expected None')
  })

  it('finds an unmap that leaves the last page mapped', () => {
    const bug = patched({ unmap: (start, size) => reference.unmap(start, size - PAGE) })
    const message = failure(bug)
    expect(message).toContain('law "unmap after map restores" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\)\n/)
  })

  it('finds a protect that keeps the old flags', () => {
    const bug = patched({ protect: (start, size) => (pt) => E.map(() => pt)(reference.protect(start, size, 0)(pt)) })
    const message = failure(bug)
    expect(message).toContain('law "protect changes exactly the range" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\); then protect\(0x10000, 0x1000, 1\)\n/)
  })

  it('finds a protect that also re-flags the page before the range', () => {
    const bug = patched({
      protect: (start, size, flags) => (pt) =>
        E.map((next: PT) => (pt.has(start / PAGE - 1) ? next.set(start / PAGE - 1, flags) : next))(
          reference.protect(start, size, flags)(pt),
        ),
    })
    const message = failure(bug)
    expect(message).toContain('law "protect changes exactly the range" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x2000, 0\); then protect\(0x11000, 0x1000, 1\)\n/)
  })

  it('finds a map that does not refuse a mapped page', () => {
    const bug = patched({
      map: (start, size, flags) => (pt) =>
        E.right(
          pt.withMutations((t) => void Array.from({ length: size / PAGE }, (_, i) => t.set(start / PAGE + i, flags))),
        ),
    })
    const message = failure(bug)
    expect(message).toContain('law "refusals" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\); then map\(0x10000, 0x1000, 0\)\n/)
    expect(message).toContain('maps over a mapped page but returned Right')
  })

  it('finds an unmap of an unmapped page that succeeds', () => {
    const bug = patched({
      unmap: (start, size) => (pt) =>
        E.right(pt.deleteAll(Array.from({ length: size / PAGE }, (_, i) => start / PAGE + i))),
    })
    const message = failure(bug)
    expect(message).toContain('law "refusals" does not hold')
    expect(message).toMatch(/\): unmap\(0x10000, 0x1000\)\n/)
  })

  it('finds an effect that mutates its input page table', () => {
    // The page table is a mutable Map: the effect writes into it and returns it.
    const mutating: MappingBackend<number, Map<number, number>> = {
      map: (start, size, flags) => (pt) => {
        for (let p = start / PAGE; p < (start + size) / PAGE; p++) {
          if (pt.has(p)) return E.left(MappingError.badState('mapped'))
        }
        for (let p = start / PAGE; p < (start + size) / PAGE; p++) pt.set(p, flags)
        return E.right(pt)
      },
      unmap: () => (pt) => E.left(MappingError.badState(`unsupported ${pt.size}`)),
      protect: () => (pt) => E.left(MappingError.badState(`unsupported ${pt.size}`)),
    }
    let message = 'no error'
    try {
      checkBackend(
        {
          backend: mutating,
          emptyPageTable: new Map(),
          lookup: (pt, addr) => O.fromNullable(pt.get(addr / PAGE)),
          flags: fc.integer({ min: 0, max: 3 }),
        },
        { seed: 42 },
      )
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('law "pure" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\)\n/)
  })

  it('finds an effect whose result depends on how often it ran', () => {
    let runs = 0
    const counting = patched({
      map: (start, size, flags) => (pt) =>
        E.map((next: PT) => next.set(-1, runs++))(reference.map(start, size, flags)(pt)),
    })
    const message = failure(counting)
    expect(message).toContain('law "pure" does not hold')
    expect(message).toContain('twice on one page table gave different results')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\)\n/)
  })

  it('reports a backend that throws, with the exception', () => {
    const throwing = patched({
      protect: () => () => {
        throw new TypeError('protect is not implemented')
      },
    })
    const message = failure(throwing)
    expect(message).toContain('the backend threw TypeError: protect is not implemented')
    expect(message).toMatch(
      /\): map\(0x10000, 0x1000, 0\); then protect\(0x10000, 0x1000, 0\)\n|\): protect\(0x10000, 0x1000, 0\)\n/,
    )
  })

  it('reports an effect that does not return an Either', () => {
    const bad = patched({ unmap: () => () => 'done' as never })
    expect(failure(bad)).toContain('unmap(0x10000, 0x1000) returned "done", not an fp-ts Either')
  })

  it('accepts fast-check parameters (a seed replays the same counterexample)', () => {
    const bug = patched({ map: (start, size, flags) => reference.map(start, size - PAGE, flags) })
    const run = () => {
      try {
        checkBackend(spec(bug), { seed: 7, numRuns: 50 })
      } catch (e) {
        return (e as Error).message
      }
      return 'no error'
    }
    expect(run()).toBe(run())
    expect(run()).toContain('seed: 7')
  })
})

// Keeps ImmutableMap used as the documented page-table type of the reference backend.
void ImmutableMap

describe('checkBackend: every law has its message', () => {
  const refusing = (method: 'map' | 'unmap' | 'protect') =>
    patched({ [method]: () => () => E.left(MappingError.badState(`${method} refused`)) })

  it('a map that refuses a legal range', () => {
    const message = failure(refusing('map'))
    expect(message).toContain('law "map then lookup" does not hold')
    expect(message).toContain('map(0x10000, 0x1000, 0) on a legal range returned Left(BadState): map refused')
  })

  it('an unmap that refuses the range just mapped', () => {
    const message = failure(refusing('unmap'))
    expect(message).toContain('law "unmap after map restores" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\)\n/)
    expect(message).toContain('unmap(0x10000, 0x1000) on a legal range returned Left(BadState): unmap refused')
  })

  it('a protect that refuses a mapped range', () => {
    const message = failure(refusing('protect'))
    expect(message).toContain('law "protect changes exactly the range" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x1000, 0\); then protect\(0x10000, 0x1000, 0\)\n/)
    expect(message).toContain('protect(0x10000, 0x1000, 0) on a legal range returned Left(BadState): protect refused')
  })

  it('an unmap or protect of an unmapped page that succeeds is named as such', () => {
    const lenient = patched({ protect: () => (pt) => E.right(pt) })
    expect(failure(lenient)).toContain('protect(0x10000, 0x1000, 0) touches an unmapped page but returned Right')
  })

  it('an effect that fails every other time', () => {
    let n = 0
    const flaky = patched({
      map: (start, size, flags) => (pt) =>
        n++ % 2 === 0 ? reference.map(start, size, flags)(pt) : E.left(MappingError.badState('flaky')),
    })
    const message = failure(flaky)
    expect(message).toContain('law "pure" does not hold')
    expect(message).toContain(
      'running the effect of map(0x10000, 0x1000, 0) twice on one page table gave different results',
    )
  })

  it('an effect that writes into the page table before the window is caught on the empty page table', () => {
    // Writes the page just before the window into its input (a mutable Map), and maps nothing else.
    const scribbler: MappingBackend<number, Map<number, number>> = {
      map: () => (pt) => (pt.set(0xf000 / PAGE, 9), E.right(pt)),
      unmap: () => (pt) => E.right(pt),
      protect: () => (pt) => E.right(pt),
    }
    let message = 'no error'
    try {
      checkBackend(
        {
          backend: scribbler,
          emptyPageTable: new Map(),
          lookup: (pt, a) => O.fromNullable(pt.get(a / PAGE)),
          flags: fc.nat(3),
        },
        { seed: 1 },
      )
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('law "pure" does not hold')
    expect(message).toContain('emptyPageTable has the page at 0xf000 mapped: an effect mutated its input page table')
  })

  it('results that are not Eithers', () => {
    for (const result of [null, 42, { _tag: 'Some', value: 1 }, undefined]) {
      const bad = patched({ map: () => () => result as never })
      const message = failure(bad)
      expect(message).toContain('law "effects return an Either" does not hold')
      expect(message).toContain(`map(0x10000, 0x1000, 0) returned ${fc.stringify(result)}, not an fp-ts Either`)
    }
  })

  it('a throwing backend is law "no throw", and the error is the cause', () => {
    const boom = new RangeError('boom')
    const throwing = patched({
      unmap: () => () => {
        throw boom
      },
    })
    try {
      checkBackend(spec(throwing), { seed: 3 })
    } catch (e) {
      expect((e as Error).message).toContain('checkBackend: law "no throw" does not hold')
      expect((e as Error).message).toContain('the backend threw RangeError: boom')
      expect((e as Error).cause).toBe(boom)
      return
    }
    throw new Error('expected a failure')
  })
})

describe('checkBackend: more planted bugs', () => {
  it('an unmap that mutates its input page table (and a map that does not)', () => {
    const inPlace: MappingBackend<number, Map<number, number>> = {
      map: (start, size, flags) => (pt) => {
        const next = new Map(pt)
        for (let p = start / PAGE; p < (start + size) / PAGE; p++) {
          if (next.has(p)) return E.left(MappingError.badState('mapped'))
          next.set(p, flags)
        }
        return E.right(next)
      },
      unmap: (start, size) => (pt) => {
        for (let p = start / PAGE; p < (start + size) / PAGE; p++)
          if (!pt.has(p)) return E.left(MappingError.badState('unmapped'))
        for (let p = start / PAGE; p < (start + size) / PAGE; p++) pt.delete(p)
        return E.right(pt)
      },
      protect: () => (pt) => E.left(MappingError.badState(`unsupported ${pt.size}`)),
    }
    let message = 'no error'
    try {
      checkBackend(
        {
          backend: inPlace,
          emptyPageTable: new Map(),
          lookup: (pt, a) => O.fromNullable(pt.get(a / PAGE)),
          flags: fc.nat(3),
          equals: (a, b) => JSON.stringify([...a]) === JSON.stringify([...b]),
        },
        { seed: 8 },
      )
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('law "pure" does not hold')
    expect(message).toContain('lookup at 0x10000 gives None, expected Some(0)')
  })

  it('an unmap that also unmaps the page after the range', () => {
    const greedy = patched({
      unmap: (start, size) => (pt) =>
        E.map((next: PT) => next.delete((start + size) / PAGE))(reference.unmap(start, size)(pt)),
    })
    const message = failure(greedy)
    expect(message).toContain('law "unmap after map restores" does not hold')
    expect(message).toMatch(/\): map\(0x10000, 0x2000, 0\); then unmap\(0x10000, 0x1000\)\n/)
    expect(message).toContain('after unmap(0x10000, 0x1000), lookup at 0x11000 gives None, expected Some(0)')
  })

  it('says what the restore law saw', () => {
    const leaky = patched({ unmap: (start, size) => reference.unmap(start, size - PAGE) })
    expect(failure(leaky)).toContain(
      'map(0x10000, 0x1000, 0) then unmap of the same range gives a page table not equal to the one before',
    )
  })
})
