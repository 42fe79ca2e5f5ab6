// Issue 6, finding 6: what a backend hands back is checked before it is used.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { MappingBackend, MappingError } from '../../src/index.js'
import { backendEffect, runEffects } from '../../src/operations/plan.js'
import { HostileError, nullProto, revokedProxy, throwingProxy } from '../support/hostile.js'

const counting: MappingBackend<string, number> = {
  map: (_start, size) => (pt) => E.right(pt + size),
  unmap: (_start, size) => (pt) => E.right(pt - size),
  protect: () => (pt) => E.right(pt),
}

describe('backendEffect', () => {
  it("is the backend method's effect when it is well-formed", () => {
    expect(backendEffect(counting, 'map', 0, 5, 'r')(1)).toEqual(E.right(6))
    expect(backendEffect(counting, 'unmap', 0, 5)(6)).toEqual(E.right(1))
  })

  it('is a BadState effect for a missing method or a method returning a non-function', () => {
    const broken = { ...counting, map: nullProto(), unmap: () => 5, protect: () => revokedProxy() }
    const results = (['map', 'unmap', 'protect'] as const).map(
      (method) => backendEffect(broken as never, method, 0, 1, 'r')(0) as E.Left<MappingError>,
    )
    expect(results.map((r) => r.left.message)).toEqual([
      "the backend's map is [object Object], not a function",
      "the backend's unmap returned 5, not an effect function",
      "the backend's protect returned a value of type object, not an effect function",
    ])
  })

  it('calls unmap with (start, size) only, and map and protect with the flags too', () => {
    const seen: Record<string, number> = {}
    const record =
      (name: string) =>
      (...args: unknown[]) => {
        seen[name] = args.length
        return (pt: number) => E.right(pt)
      }
    const backend = { map: record('map'), unmap: record('unmap'), protect: record('protect') }
    for (const method of ['map', 'unmap', 'protect'] as const) backendEffect(backend as never, method, 0, 1, 'r')
    expect(seen).toEqual({ map: 3, unmap: 2, protect: 3 })
  })

  it('lets an exception thrown by the backend method through (the contract)', () => {
    const throwing = {
      ...counting,
      map: () => {
        throw new HostileError('map')
      },
    }
    expect(() => backendEffect(throwing, 'map', 0, 1, 'r')).toThrow(HostileError)
  })
})

describe('runEffects', () => {
  it('reports results that are not Eithers as BadState, never a TypeError', () => {
    for (const result of [undefined, 5, nullProto(), throwingProxy(), revokedProxy(), { _tag: 'Other' }]) {
      const outcome = runEffects([() => result as never], 0)
      expect(E.isLeft(outcome) && outcome.left._tag).toBe('BadState')
    }
    // `{ _tag: 'Right' }` is an Either whose value is undefined.
    expect(runEffects([() => ({ _tag: 'Right' }) as never], 0)).toEqual(E.right(undefined))
  })
})
