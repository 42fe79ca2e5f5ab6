import { describe, expect, it } from 'vitest'
import { alignUp, isPowerOfTwo } from '../../src/internal/numbers.js'

describe('isPowerOfTwo', () => {
  it('is true for the positive powers of two that are safe integers', () => {
    for (let exponent = 0; exponent <= 52; exponent++) expect(isPowerOfTwo(2 ** exponent)).toBe(true)
  })

  it('is false for unsafe integers, even powers of two, and for non-numbers', () => {
    for (const value of [2 ** 53, 2 ** 60, Infinity, NaN, 0, -2, 0.5, 3, 6, '4', 4n, null, undefined, [4]]) {
      expect(isPowerOfTwo(value)).toBe(false)
    }
  })
})

describe('alignUp', () => {
  it('rounds up to a multiple of the alignment', () => {
    expect(alignUp(0, 0x1000)).toBe(0)
    expect(alignUp(1, 0x1000)).toBe(0x1000)
    expect(alignUp(0x1000, 0x1000)).toBe(0x1000)
    expect(alignUp(0x1001, 0x1000)).toBe(0x2000)
  })

  it('reaches Number.MAX_SAFE_INTEGER but never passes it', () => {
    expect(alignUp(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER)
    expect(alignUp(Number.MAX_SAFE_INTEGER, 2)).toBeUndefined()
    expect(alignUp(Number.MAX_SAFE_INTEGER - 0xfff, 0x1000)).toBe(2 ** 53 - 0x1000)
    expect(alignUp(Number.MAX_SAFE_INTEGER - 0xffe, 0x1000)).toBeUndefined()
    expect(alignUp(2 ** 53 - 2, 2)).toBe(2 ** 53 - 2)
  })
})
