import { describe, expect, it } from 'vitest'
import { combineHashes } from '../../src/internal/hash.js'

describe('combineHashes', () => {
  it('is 31 * h + x in 32-bit integer range', () => {
    expect(combineHashes(0, 5)).toBe(5)
    expect(combineHashes(1, 5)).toBe(36)
    expect(combineHashes(2, -3)).toBe(59)
    expect(combineHashes(0x7fffffff, 1)).toBe((31 * 0x7fffffff + 1) | 0)
  })

  it('depends on the order', () => {
    expect(combineHashes(combineHashes(0, 1), 2)).not.toBe(combineHashes(combineHashes(0, 2), 1))
  })
})
