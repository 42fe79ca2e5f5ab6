import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../../src/index.js'
import { memorySetEquality, memorySetSerializer } from '../../src/testing/index.js'

const backend = noopBackend<{ prot: string }>()
const set = (...areas: [number, number, string][]) => {
  const built = MemorySet.fromAreas(areas.map(([s, e, prot]) => new MemoryArea(s, e - s, { prot }, backend)))
  if (E.isLeft(built)) throw new Error(built.left.message)
  return built.right
}

describe('memorySetEquality', () => {
  it('compares sets and areas by value, and leaves other values alone', () => {
    const a = set([0x1000, 0x2000, 'r'])
    const b = set([0x1000, 0x2000, 'r'])
    // The flags are distinct objects: Immutable.is compares plain objects by reference.
    expect(memorySetEquality(a, b)).toBe(false)
    expect(memorySetEquality(a, a)).toBe(true)
    expect(memorySetEquality(MemorySet.empty(), MemorySet.empty({ maxNodeSize: 4 }))).toBe(true)
    expect(memorySetEquality([...a][0], [...a][0])).toBe(true)
    expect(memorySetEquality(1, a)).toBe(false)
    expect(memorySetEquality(1, 1)).toBeUndefined()
  })

  it('makes toEqual use value equality', () => {
    expect.addEqualityTesters([memorySetEquality])
    expect(MemorySet.empty()).toEqual(MemorySet.empty({ maxNodeSize: 4 }))
    const flags = { prot: 'rw' }
    const one = MemorySet.fromAreas([new MemoryArea(0, 0x1000, flags, backend)])
    const two = MemorySet.fromAreas([new MemoryArea(0, 0x1000, flags, backend)], { maxNodeSize: 4 })
    expect(one).toEqual(two)
    expect(set([0, 0x1000, 'r'])).not.toEqual(set([0, 0x2000, 'r']))
  })
})

describe('memorySetSerializer', () => {
  it('prints one line per area with the flags printed by the runner', () => {
    expect.addSnapshotSerializer(memorySetSerializer)
    expect(set([0x1000, 0x2000, 'r'], [0x4000, 0x6000, 'rw'])).toMatchInlineSnapshot(`
      MemorySet [
        [0x1000, 0x2000) {
          "prot": "r",
        }
        [0x4000, 0x6000) {
          "prot": "rw",
        }
      ]
    `)
    expect(MemorySet.empty()).toMatchInlineSnapshot(`MemorySet []`)
    expect([...set([0, 0x1000, 'x'])][0]).toMatchInlineSnapshot(`
      MemoryArea [0x0, 0x1000) {
        "prot": "x",
      }
    `)
  })
})

describe('memorySetSerializer: nesting', () => {
  it('prints flags one level deeper, with the area line indentation', () => {
    const calls: [string, number][] = []
    const printer = (_v: unknown, _c: unknown, indentation: string, depth: number) => (
      calls.push([indentation, depth]),
      'F'
    )
    const one = set([0, 0x1000, 'r'])
    expect(memorySetSerializer.serialize([...one][0], {}, '>', 2, [], printer)).toBe('MemoryArea [0x0, 0x1000) F')
    expect(memorySetSerializer.serialize(one, {}, '>', 2, [], printer)).toBe('MemorySet [\n>  [0x0, 0x1000) F\n>]')
    expect(calls).toEqual([
      ['>', 3],
      ['>  ', 3],
    ])
  })
})
