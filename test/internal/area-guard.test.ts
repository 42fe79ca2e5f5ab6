// Issue 6, finding 2: forged areas. The set checks what it stores, whatever the object claims.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, noopBackend, type MappingError } from '../../src/index.js'
import { checkArea } from '../../src/internal/area-guard.js'
import { fickle, nullProto, revokedProxy, throwingGetters, throwingProxy } from '../support/hostile.js'

const backend = noopBackend<string>()
const BRAND = Symbol.for('memory-set/MemoryArea')

/** An object claiming to be an area: MemoryArea's prototype with the given own fields. */
const forged = (fields: Record<string, unknown>): MemoryArea<string, null> =>
  Object.assign(Object.create(MemoryArea.prototype) as object, fields) as unknown as MemoryArea<string, null>

const leftOf = (result: E.Either<MappingError, unknown>): string => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  expect(result.left._tag).toBe('InvalidParam')
  return result.left.message
}

describe('checkArea', () => {
  it('passes a plain area of this copy through as the same object', () => {
    const area = new MemoryArea(0x1000, 0x1000, 'r', backend)
    const result = checkArea(area, 'map')
    expect(E.isRight(result) && result.right).toBe(area)
  })

  it('refuses an empty forged object with the prototype: start and end are undefined', () => {
    expect(leftOf(checkArea(Object.create(MemoryArea.prototype), 'map'))).toBe(
      "map: an area's start and end must be non-negative safe integers, got undefined and undefined",
    )
  })

  it('refuses an area that ends before it starts', () => {
    expect(leftOf(checkArea(forged({ start: 0x5000, end: 0x1000, flags: 'r', backend }), 'fromAreas'))).toBe(
      'fromAreas: the area [0x5000, 0x1000) ends before it starts',
    )
  })

  it('accepts an empty forged area (start === end): callers reject size 0 themselves', () => {
    const result = checkArea<string, null>(forged({ start: 0x3000, end: 0x3000, flags: 'r', backend }), 'map')
    if (E.isLeft(result)) throw new Error(result.left.message)
    expect([result.right.start, result.right.end, result.right.size]).toEqual([0x3000, 0x3000, 0])
  })

  it('refuses bad numbers in a forged area', () => {
    for (const [start, end] of [
      [-1, 5],
      [0.5, 5],
      [0, NaN],
      [0, 2 ** 53],
      ['0', 5],
      [null, 5],
    ] as const) {
      expect(leftOf(checkArea(forged({ start, end, flags: 'r', backend }), 'map'))).toMatch(
        /non-negative safe integers/,
      )
    }
  })

  it('refuses a subclass whose size lies', () => {
    class Liar<F, PT> extends MemoryArea<F, PT> {
      override get size(): number {
        return 0x1000
      }
    }
    expect(leftOf(checkArea(new Liar(0, 0x3000, 'r', backend), 'map'))).toBe(
      'map: the area [0x0, 0x3000) claims size 0x1000, not 0x3000',
    )
    class Honest<F, PT> extends MemoryArea<F, PT> {}
    const honest = new Honest(0, 0x3000, 'r', backend)
    const result = checkArea(honest, 'map')
    // Stored as it is: the same object, still an instance of the subclass.
    expect(E.isRight(result) && result.right).toBe(honest)
  })

  it('refuses values without the brand, and objects whose reading throws, with a Left', () => {
    for (const value of [null, undefined, 5, 'area', nullProto(), throwingProxy(), revokedProxy(), {}]) {
      expect(leftOf(checkArea(value, 'map'))).toMatch(/^map: area must be a MemoryArea, got /)
    }
    const getters = throwingGetters(['start', 'end', 'size', 'flags', 'backend'], MemoryArea.prototype)
    expect(leftOf(checkArea(getters, 'map'))).toBe('map: reading the area threw HostileError: hostile: getter start')
  })

  it('refuses a forged area with a bad backend', () => {
    expect(leftOf(checkArea(forged({ start: 0, end: 1, flags: 'r', backend: {} }), 'map'))).toBe(
      'map: TypeError: MemoryArea: backend must have map, unmap and protect functions',
    )
  })

  it('stores a fresh, frozen area of this copy for a well-formed foreign or forged one, read once', () => {
    const plain = { start: 0x1000, end: 0x2000, size: 0x1000, flags: 'r', backend, [BRAND]: true }
    // A proxy that tells the truth on the first read and lies afterwards.
    const liar = fickle(plain, 'end', 0x2000, 0x9000)
    for (const value of [forged({ start: 0x1000, end: 0x2000, flags: 'r', backend }), liar]) {
      const result = checkArea<string, null>(value, 'map')
      if (E.isLeft(result)) throw new Error(result.left.message)
      const stored = result.right
      expect(stored).not.toBe(value)
      expect(Object.isFrozen(stored)).toBe(true)
      expect(Object.getPrototypeOf(stored)).toBe(MemoryArea.prototype)
      expect([stored.start, stored.end, stored.size, stored.flags, stored.backend]).toEqual([
        0x1000,
        0x2000,
        0x1000,
        'r',
        backend,
      ])
    }
  })
})
