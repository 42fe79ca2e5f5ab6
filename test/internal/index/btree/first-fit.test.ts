/**
 * First fit below the tree level: the gap candidate `fitIn` (its `STOP`
 * contract) and the pruning of `fitInside`. Pruning never changes a result
 * (a subtree without a fit yields nothing either way), only the work done, so
 * these tests hand-build small trees whose pruned parts throw when read.
 */
import { describe, expect, it } from 'vitest'
import { NONE, STOP, usable } from '../../../../src/internal/index/btree/fit-summary.js'
import { fitIn, fitInside } from '../../../../src/internal/index/btree/first-fit.js'
import { branch, entriesOf, leaf, poisonItems } from './nodes.js'

const SIZE = 8
const ALIGN = 4
const LAST = 1000

describe('fitIn', () => {
  it('returns STOP once the candidate is past last, even for a gap too small anyway', () => {
    // x = max(lo, from) = 10 > last = 5: every later gap is higher, so give up.
    expect(fitIn(10, 12, 0, 5, 1, 5)).toBe(STOP)
    expect(fitIn(10, 100, 0, 5, 1, 5)).toBe(STOP)
    expect(fitIn(3, 100, 10, 5, 1, 5)).toBe(STOP)
  })

  it('returns NONE for a gap too small, the aligned candidate when it fits', () => {
    expect(fitIn(10, 12, 0, 5, 1, 50)).toBe(NONE)
    expect(fitIn(10, 20, 0, 5, 4, 50)).toBe(12)
    expect(fitIn(10, 16, 0, 5, 4, 50)).toBe(NONE) // fits unaligned only
    expect(fitIn(10, 20, 13, 5, 1, 50)).toBe(13)
    expect(fitIn(10, 20, 0, 5, 4, 11)).toBe(STOP) // aligned candidate 12 > last
  })
})

describe('fitInside pruning', () => {
  it('skips a child whose maxGap is too small without asking its usable length', () => {
    const small = leaf([0, 2], [3, 5], [6, 8]) // maxGap 1 > 0: usable would need a memo fill
    const fit = leaf([10, 12], [24, 26])
    const root = branch(small, fit)
    poisonItems(small, 'the small-gap child')
    expect(fitInside(root, 1, 0, SIZE, ALIGN, LAST)).toBe(12)
    expect(small.memo).toBeUndefined()
  })

  it('skips the child straddling from when it ends less than size above from, however large its gaps', () => {
    const below = leaf([0, 2], [16, 18]) // usable 16 - 4 = 12 for align 4, but ends 3 above from
    const fit = leaf([20, 22], [40, 42])
    const root = branch(below, fit)
    expect(usable(below, 0, ALIGN)).toBe(12) // memoised: only a descent reads the items now
    poisonItems(below, 'the child below from')
    expect(fitInside(root, 1, 15, SIZE, ALIGN, LAST)).toBe(24)
  })

  it('skips a child whose gaps are large but too small once aligned', () => {
    const misaligned = leaf([0, 1], [11, 16]) // gap [1, 11): maxGap 10 >= 8, usable 11 - 4 = 7 < 8
    const fit = leaf([20, 22], [40, 42])
    const root = branch(misaligned, fit)
    expect(usable(misaligned, 0, ALIGN)).toBe(7)
    poisonItems(misaligned, 'the misaligned child')
    expect(fitInside(root, 1, 0, SIZE, ALIGN, LAST)).toBe(24)
  })

  it('in a leaf, starts at the last entry at or below from (binary search), not at the first', () => {
    const node = leaf([0, 2], [4, 6], [8, 10], [12, 14], [30, 32])
    const entries = entriesOf(node)
    for (let k = 0; k < 3; k++) entries[k]!.armed = true // ends of entries wholly below from
    expect(fitInside(node, 0, 12, SIZE, ALIGN, LAST)).toBe(16)
  })
})
