/**
 * The aligned-fit summary `usable`: its value, and which nodes it memoises.
 * A node without a gap, and a child whose `maxGap` cannot beat the best usable
 * length found so far, are answered without a memo fill (no memo array, and
 * no visit of the child's items).
 */
import { describe, expect, it } from 'vitest'
import { usable, usableFromScratch } from '../../../../src/internal/index/btree/fit-summary.js'
import { branch, leaf, poisonItems } from './nodes.js'

describe('usable', () => {
  it('is 0 without a memo for a node with no gap', () => {
    const adjacent = leaf([0, 4], [4, 8], [8, 9])
    expect(usable(adjacent, 0, 4)).toBe(0)
    expect(adjacent.memo).toBeUndefined()
    const single = leaf([3, 5])
    const root = branch(adjacent, leaf([9, 10], [10, 12]))
    expect(usable(single, 0, 8)).toBe(0)
    expect(usable(root, 1, 8)).toBe(0)
    expect(single.memo).toBeUndefined()
    expect(root.memo).toBeUndefined()
  })

  it('does not ask (nor fill) a child whose maxGap is at most the best found so far', () => {
    const aligned = leaf([0, 4], [12, 13]) // gap [4, 12): usable 8 for align 4
    const tie = leaf([14, 15], [23, 24]) // gap [15, 23): maxGap 8 = best, usable 7
    const below = leaf([26, 27], [30, 31]) // maxGap 3 < best
    const better = leaf([33, 34], [44, 45]) // gap [34, 44): maxGap 10 > best, usable 8
    const root = branch(aligned, tie, below, better)
    poisonItems(tie, 'the child tying the best')
    poisonItems(below, 'the child below the best')
    expect(usable(root, 1, 4)).toBe(8)
    expect(root.memo).toEqual([4, 8])
    expect(aligned.memo).toEqual([4, 8])
    expect(better.memo).toEqual([4, 8])
    expect(tie.memo).toBeUndefined()
    expect(below.memo).toBeUndefined()
  })

  it('matches the from-scratch value and answers a repeated alignment from the memo', () => {
    const a = leaf([0, 1], [11, 16]) // gap [1, 11): 7 for align 4, 3 for align 8
    const b = leaf([21, 22], [40, 41]) // boundary [16, 21): 5 for align 4; gap [22, 40): 16 for 4, 16 for 8
    const root = branch(a, b)
    for (const align of [4, 8, 16, 4, 8]) expect(usable(root, 1, align)).toBe(usableFromScratch(root, 1, align))
    expect(root.memo).toEqual([4, 16, 8, 16, 16, 8])
  })
})
