// Issue 6, finding 1: nothing reachable from an iterator may alias the tree's
// arrays (a caller could reorder every version sharing a leaf).
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../../../../src/index.js'
import { checkValid } from '../../../support/helpers.js'

const backend = noopBackend<number>()

const setOf = (count: number, maxNodeSize?: number) => {
  const areas = Array.from({ length: count }, (_, i) => new MemoryArea(i * 0x20, 0x10, i, backend))
  const result = MemorySet.fromAreas(areas, maxNodeSize === undefined ? undefined : { maxNodeSize })
  if (result._tag === 'Left') throw new Error(result.left.message)
  return result.right
}

/** Every value reachable from `root` through own properties (keys and symbols, getters not called). */
const reachable = (root: object): unknown[] => {
  const seen = new Set<unknown>([root])
  const queue: unknown[] = [root]
  while (queue.length > 0) {
    const value = queue.pop()
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)
      const child: unknown = descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined
      if (!seen.has(child)) {
        seen.add(child)
        queue.push(child)
      }
    }
  }
  return [...seen]
}

describe('BTreeIterator (through MemorySet[Symbol.iterator])', () => {
  it('shows no own properties', () => {
    const it = setOf(40, 4)[Symbol.iterator]()
    it.next()
    expect(Reflect.ownKeys(it)).toEqual([])
  })

  it('reaches no mutable array from the iterator object, however far it has advanced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 70 }), (count, steps) => {
        const it = setOf(count, 4)[Symbol.iterator]()
        for (let i = 0; i < steps; i++) it.next()
        const arrays = reachable(it).filter((value) => Array.isArray(value))
        expect(arrays).toEqual([])
      }),
    )
  })

  it('cannot reorder the set: the finding-1 attack leaves every version intact', () => {
    const set = setOf(20, 4)
    const it = set[Symbol.iterator]() as unknown as Record<string, unknown>
    // The attack from the issue: reverse the leaf the iterator stands on.
    const entries = it['entries']
    if (Array.isArray(entries)) entries.reverse()
    checkValid(set)
    expect(Array.from(set, (a) => a.flags)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    for (let i = 0; i < 20; i++) expect(O.isSome(set.find(i * 0x20 + 1))).toBe(true)
  })
})
