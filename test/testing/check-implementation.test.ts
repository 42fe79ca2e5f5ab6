// checkImplementation on toy memory managers: a correct one agrees with the
// seed model, and each planted bug is reported with the shortest failing
// sequence of operations.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { checkImplementation, seedModel, type SystemAdapter } from '../../src/testing/index.js'

const PAGE = 0x1000
type Pages = (number | undefined)[]

/** A toy mmap over a mutable page array, with hooks to plant bugs. */
const toy = (
  bugs: {
    mapPages?: (pages: number) => number
    protectHoles?: boolean
    noOverlapCheck?: boolean
    replace?: boolean
  } = {},
): SystemAdapter<number, Pages> => ({
  create: () => [],
  map: (pages, start, size, prot) => {
    const first = start / PAGE
    const count = (bugs.mapPages ?? ((n) => n))(size / PAGE)
    if (!bugs.noOverlapCheck && !bugs.replace) {
      for (let p = first; p < first + size / PAGE; p++) if (pages[p] !== undefined) return E.left('EEXIST')
    }
    for (let p = first; p < first + count; p++) pages[p] = prot
    return E.right(pages)
  },
  unmap: (pages, start, size) => {
    for (let p = start / PAGE; p < (start + size) / PAGE; p++) pages[p] = undefined
    return E.right(pages)
  },
  protect: (pages, start, size, prot) => {
    for (let p = start / PAGE; p < (start + size) / PAGE; p++)
      if (bugs.protectHoles || pages[p] !== undefined) pages[p] = prot
    return E.right(pages)
  },
  lookup: (pages, addr) => O.fromNullable(pages[Math.floor(addr / PAGE)]),
})

const failure = (system: SystemAdapter<number, Pages>, reference = seedModel<number>()): string => {
  try {
    checkImplementation({ system, reference, flags: fc.nat(3) }, { seed: 1 })
    return 'no error'
  } catch (e) {
    return (e as Error).message
  }
}

describe('checkImplementation', () => {
  it('passes a correct toy against the seed model', () => {
    expect(failure(toy())).toBe('no error')
  })

  it('passes a MAP_FIXED-style toy against the seed model that replaces', () => {
    expect(failure(toy({ replace: true }), seedModel({ mapOverlap: 'replaces' }))).toBe('no error')
  })

  it('finds a map that maps one page too few: one step', () => {
    const message = failure(toy({ mapPages: (n) => n - 1 }))
    expect(message).toContain('shortest failing sequence found')
    expect(message).toContain('1 steps):\n    1. map(0x10000, 0x1000, 0)\n')
    expect(message).toContain(
      'after map(0x10000, 0x1000, 0): the page at 0x10000 is unmapped in the system, mapped with 0 in the reference',
    )
  })

  it('finds a protect that maps holes: one step', () => {
    const message = failure(toy({ protectHoles: true }))
    expect(message).toContain('1 steps):\n    1. protect(0x10000, 0x1000, 0)\n')
    expect(message).toContain('the page at 0x10000 is mapped with 0 in the system, unmapped in the reference')
  })

  it('finds a map that does not refuse an overlap: two steps', () => {
    const message = failure(toy({ noOverlapCheck: true }))
    expect(message).toContain('2 steps):\n    1. map(0x10000, 0x1000, 0)\n    2. map(0x10000, 0x1000, 0)\n')
    expect(message).toContain('map(0x10000, 0x1000, 0): the system succeeds, the reference fails with')
  })

  it('compares errors with sameError', () => {
    const wrongCode: SystemAdapter<number, Pages> = {
      ...toy(),
      map: (pages, start, size, prot) => E.mapLeft(() => 'ENOMEM')(toy().map(pages, start, size, prot)),
    }
    let message = 'no error'
    try {
      checkImplementation(
        {
          system: wrongCode,
          flags: fc.nat(3),
          sameError: (a, b) => a === 'EEXIST' && (b as { _tag: string })._tag === 'AlreadyExists',
        },
        { seed: 1 },
      )
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('the system fails with "ENOMEM", the reference fails with')
  })

  it('works with a persistent system too (the seed model against itself)', () => {
    expect(() =>
      checkImplementation({ system: seedModel<string>(), flags: fc.constantFrom('r', 'rw') }, { numRuns: 30 }),
    ).not.toThrow()
  })

  it('follows a failed call that still changed the state (afterFailure)', () => {
    // Like Linux's mprotect: re-protect page by page up to the first hole, then fail with ENOMEM.
    type Partial = { readonly pages: readonly (number | undefined)[]; readonly error?: string }
    const linuxish = (keepPartial: boolean): SystemAdapter<number, readonly (number | undefined)[]> => ({
      create: () => [],
      map: (pages, start, size, prot) => {
        const next = [...pages]
        for (let p = start / PAGE; p < (start + size) / PAGE; p++) {
          if (next[p] !== undefined) return E.left('EEXIST')
          next[p] = prot
        }
        return E.right(next)
      },
      unmap: (pages, start, size) =>
        E.right(pages.map((v, p) => (p >= start / PAGE && p < (start + size) / PAGE ? undefined : v))),
      protect: (pages, start, size, prot) => {
        const next = [...pages]
        for (let p = start / PAGE; p < (start + size) / PAGE; p++) {
          if (next[p] === undefined) return E.left({ pages: next, error: 'ENOMEM' } satisfies Partial)
          next[p] = prot
        }
        return E.right(next)
      },
      lookup: (pages, addr) => O.fromNullable(pages[Math.floor(addr / PAGE)]),
      ...(keepPartial
        ? { afterFailure: (_pages: readonly (number | undefined)[], e: unknown) => (e as Partial).pages }
        : {}),
    })
    expect(() =>
      checkImplementation({ system: linuxish(true), reference: linuxish(true), flags: fc.nat(3) }, { seed: 3 }),
    ).not.toThrow()
    let message = 'no error'
    try {
      checkImplementation({ system: linuxish(false), reference: linuxish(true), flags: fc.nat(3) }, { seed: 3 })
    } catch (e) {
      message = (e as Error).message
    }
    // One page mapped, then a protect running past it into the hole: the reference keeps the first page's change.
    const steps = /2 steps\):\n {4}1\. map\(0x10000, 0x1000, (\d)\)\n {4}2\. protect\(0x10000, 0x2000, (\d)\)\n/.exec(
      message,
    )
    expect(steps).not.toBeNull()
    const [, mapped, protectedTo] = steps!
    expect(message).toContain(
      `the page at 0x10000 is mapped with ${mapped} in the system, mapped with ${protectedTo} in the reference`,
    )
  })

  it('reports a system that throws', () => {
    const throwing: SystemAdapter<number, Pages> = {
      ...toy(),
      unmap: () => {
        throw new Error('not implemented')
      },
    }
    const message = failure(throwing)
    expect(message).toContain('1 steps):\n    1. unmap(0x10000, 0x1000)\n')
    expect(message).toContain('not implemented')
  })
})

describe('checkImplementation: what it compares', () => {
  const run = (
    system: SystemAdapter<number, Pages>,
    extra: Partial<Parameters<typeof checkImplementation>[0]> = {},
  ) => {
    try {
      checkImplementation({ system, flags: fc.nat(3), pages: 8, ...extra }, { seed: 11 })
      return 'no error'
    } catch (e) {
      return (e as Error).message
    }
  }

  it('compares flags, not only whether a page is mapped', () => {
    const offByOne: SystemAdapter<number, Pages> = {
      ...toy(),
      lookup: (pages, addr) => O.map((f: number) => (f === 2 ? 3 : f))(O.fromNullable(pages[Math.floor(addr / PAGE)])),
    }
    expect(run(offByOne)).toMatch(/is mapped with 3 in the system, mapped with 2 in the reference/)
  })

  it('looks at the whole window and one page on each side of it', () => {
    // A system whose lookup invents a page just outside the window, at base - PAGE or at base + pages * PAGE.
    for (const ghost of [0x10000 - PAGE, 0x10000 + 8 * PAGE]) {
      const haunted: SystemAdapter<number, Pages> = {
        ...toy(),
        lookup: (pages, addr) => (addr === ghost ? O.some(0) : O.fromNullable(pages[Math.floor(addr / PAGE)])),
      }
      expect(run(haunted)).toContain(
        `the page at 0x${ghost.toString(16)} is mapped with 0 in the system, unmapped in the reference`,
      )
    }
    // Addresses below 0 are never looked up.
    const seen: number[] = []
    const watching: SystemAdapter<number, Pages> = {
      ...toy(),
      lookup: (pages, addr) => (seen.push(addr), O.fromNullable(pages[Math.floor(addr / PAGE)])),
    }
    checkImplementation({ system: watching, flags: fc.nat(3), pages: 4, base: 0 }, { numRuns: 3 })
    expect(Math.min(...seen)).toBe(0)
    expect(Math.max(...seen)).toBe(4 * PAGE)
  })

  it('calls sameError only when both fail', () => {
    const calls: unknown[][] = []
    checkImplementation(
      { system: toy(), flags: fc.nat(3), sameError: (a, b) => (calls.push([a, b]), true) },
      { numRuns: 20 },
    )
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.every(([a]) => a === 'EEXIST')).toBe(true)
  })

  it('maxCommands bounds the sequences: a bug that needs two steps is not found with one', () => {
    expect(run(toy({ noOverlapCheck: true }), { maxCommands: 1 })).toBe('no error')
    expect(run(toy({ noOverlapCheck: true }))).not.toBe('no error')
  })

  it('keeps the error as the cause, and names the replay seed', () => {
    try {
      checkImplementation({ system: toy({ protectHoles: true }), flags: fc.nat(3) }, { seed: 4 })
    } catch (e) {
      expect((e as Error).cause).toBeInstanceOf(Error)
      expect((e as Error).message).toMatch(/\n {2}replay with \{ seed: 4, path: "[\d:]+" \}$/)
      expect((e as Error).message.split('\n')[0]).toBe('checkImplementation: the system and the reference disagree')
      return
    }
    throw new Error('expected a failure')
  })
})

describe('seedModel', () => {
  it('reports bad numbers as InvalidParam, never a throw', () => {
    const model = seedModel<number>()
    for (const [start, size] of [
      [-0x1000, 0x1000],
      [0x1000, -1],
      [0.5, 0x1000],
      [0, Number.NaN],
    ] as const) {
      const result = model.map(model.create(), start, size, 1)
      expect(E.isLeft(result) && (result.left as { _tag: string })._tag).toBe('InvalidParam')
    }
    expect(E.isLeft(model.map(model.create(), 0, 0, 1))).toBe(true)
    expect(E.isRight(model.map(model.create(), 0, 0x1000, 1))).toBe(true)
  })
})

describe('checkImplementation: odd systems', () => {
  it('a system that throws something that is not an Error', () => {
    const odd: SystemAdapter<number, Pages> = {
      ...toy(),
      unmap: () => {
        throw 'unmap is not implemented'
      },
    }
    expect(failure(odd)).toContain('threw "unmap is not implemented"')
  })

  it('seedModel names the bad numbers', () => {
    const model = seedModel<number>()
    expect(model.map(model.create(), -1, 0x1000, 1)).toEqual(
      E.left({ _tag: 'InvalidParam', message: 'map: bad range -1, 4096' }),
    )
  })
})
