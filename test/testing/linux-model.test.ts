// The Linux reference model: a per-page toy with Linux's rules agrees with
// it (errno codes included); memory-set's seed semantics do not (protect
// over a hole), and the kit says so in one step.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { isErrno } from '../../src/linux/index.js'
import { checkImplementation, linuxModel, seedModel, type SystemAdapter } from '../../src/testing/index.js'

const PAGE = 0x1000
type Pages = (number | undefined)[]

/** Linux's rules for private anonymous memory, page by page, on a mutable array. */
const linuxToy = (bugs: { protectSkipsHoles?: boolean; replace?: boolean } = {}): SystemAdapter<number, Pages> => ({
  create: () => [],
  map: (pages, start, size, prot) => {
    const [first, end] = [start / PAGE, (start + size) / PAGE]
    if (!bugs.replace && pages.slice(first, end).some((p) => p !== undefined)) return E.left('EEXIST')
    for (let p = first; p < end; p++) pages[p] = prot
    return E.right(pages)
  },
  unmap: (pages, start, size) => {
    for (let p = start / PAGE; p < (start + size) / PAGE; p++) pages[p] = undefined
    return E.right(pages)
  },
  protect: (pages, start, size, prot) => {
    for (let p = start / PAGE; p < (start + size) / PAGE; p++) {
      if (pages[p] === undefined) {
        if (bugs.protectSkipsHoles) continue
        return E.left('ENOMEM') // pages before the hole keep the new protection, as in Linux
      }
      pages[p] = prot
    }
    return E.right(pages)
  },
  lookup: (pages, addr) => O.fromNullable(pages[Math.floor(addr / PAGE)]),
})

const sameErrno = (mine: unknown, linux: unknown) => isErrno(linux) && mine === linux.code

const failure = (run: () => void): string => {
  try {
    run()
    return 'no error'
  } catch (e) {
    return (e as Error).message
  }
}

describe('linuxModel', () => {
  it('agrees with itself, and with a per-page toy that follows Linux (errno codes compared)', () => {
    expect(() =>
      checkImplementation({ system: linuxModel(), reference: linuxModel(), flags: fc.nat(7) }, { numRuns: 30 }),
    ).not.toThrow()
    expect(
      failure(() =>
        checkImplementation({ system: linuxToy(), reference: linuxModel(), flags: fc.nat(7), sameError: sameErrno }),
      ),
    ).toBe('no error')
  })

  it('with MAP_FIXED, map replaces what was there', () => {
    const reference = linuxModel({ mapOverlap: 'replaces' })
    expect(
      failure(() =>
        checkImplementation({ system: linuxToy({ replace: true }), reference, flags: fc.nat(7), sameError: sameErrno }),
      ),
    ).toBe('no error')
  })

  it('catches a protect that skips holes in one step (Linux fails with ENOMEM)', () => {
    const message = failure(() =>
      checkImplementation(
        { system: linuxToy({ protectSkipsHoles: true }), reference: linuxModel(), flags: fc.nat(7) },
        { seed: 5 },
      ),
    )
    expect(message).toContain('1 steps):\n    1. protect(0x10000, 0x1000, 0)\n')
    expect(message).toContain('the system succeeds, the reference fails with')
    expect(message).toContain('ENOMEM')
  })

  it('tells the seed semantics from Linux: protect over a hole', () => {
    const message = failure(() =>
      checkImplementation({ system: seedModel<number>(), reference: linuxModel(), flags: fc.nat(7) }, { seed: 5 }),
    )
    expect(message).toContain('1 steps):\n    1. protect(0x10000, 0x1000, 0)\n')
  })

  it('follows the partial change of a failed mprotect (kernelState)', () => {
    // mapped page, then mprotect over it and a hole: Linux changes the first page and fails.
    const model = linuxModel()
    const mapped = model.map(model.create(), 0x10000, PAGE, 1)
    if (E.isLeft(mapped)) throw new Error('map failed')
    const result = model.protect(mapped.right, 0x10000, 2 * PAGE, 3)
    expect(E.isLeft(result)).toBe(true)
    if (E.isRight(result)) return
    const after = model.afterFailure!(mapped.right, result.left)
    expect(model.lookup(after, 0x10000)).toEqual(O.some(3))
    expect(model.lookup(mapped.right, 0x10000)).toEqual(O.some(1))
    expect(model.afterFailure!(mapped.right, 'not an errno')).toBe(mapped.right)
  })
})
