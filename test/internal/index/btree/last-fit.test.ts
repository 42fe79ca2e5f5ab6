/**
 * Last fit below the tree level: the gap candidate `fitDown` (its `STOP`
 * contract) and the pruning of `fitInsideDown`, the mirror image of
 * `first-fit.test.ts`: hand-built trees whose pruned parts throw when read.
 */
import { describe, expect, it } from 'vitest'
import { NONE, STOP, usable } from '../../../../src/internal/index/btree/fit-summary.js'
import { fitDown, fitInsideDown } from '../../../../src/internal/index/btree/last-fit.js'
import { branch, entriesOf, leaf, poisonItems } from './nodes.js'

const SIZE = 8
const ALIGN = 4

describe('fitDown', () => {
  it('returns STOP once the candidate is below lowest, even for a gap too small anyway', () => {
    // y = min(hi - size, top) = 7 < lowest = 20: every later gap is lower, so give up.
    expect(fitDown(10, 12, 20, 5, 1, 100)).toBe(STOP)
    expect(fitDown(0, 12, 20, 5, 1, 100)).toBe(STOP)
    expect(fitDown(0, 100, 20, 5, 1, 15)).toBe(STOP)
  })

  it('returns NONE for a gap too small, the aligned candidate when it fits', () => {
    expect(fitDown(10, 12, 0, 5, 1, 100)).toBe(NONE)
    expect(fitDown(10, 20, 0, 5, 4, 100)).toBe(12)
    expect(fitDown(13, 20, 0, 5, 4, 100)).toBe(NONE) // fits unaligned only
    expect(fitDown(10, 20, 0, 5, 1, 12)).toBe(12)
    expect(fitDown(10, 20, 13, 5, 4, 100)).toBe(STOP) // aligned candidate 12 < lowest
  })
})

describe('fitInsideDown pruning', () => {
  it('skips a child whose maxGap is too small without asking its usable length', () => {
    const fit = leaf([0, 2], [20, 22])
    const small = leaf([40, 42], [43, 45]) // maxGap 1 > 0: usable would need a memo fill
    const root = branch(fit, small)
    poisonItems(small, 'the small-gap child')
    expect(fitInsideDown(root, 1, 0, SIZE, ALIGN, 1000)).toBe(32) // boundary gap [22, 40)
    expect(small.memo).toBeUndefined()
  })

  it('skips a child whose gaps are large but too small once aligned', () => {
    const fit = leaf([0, 2], [20, 22])
    const misaligned = leaf([40, 41], [51, 60]) // gap [41, 51): maxGap 10 >= 8, usable 51 - 44 = 7 < 8
    const root = branch(fit, misaligned)
    expect(usable(misaligned, 0, ALIGN)).toBe(7) // memoised: only a descent reads the items now
    poisonItems(misaligned, 'the misaligned child')
    expect(fitInsideDown(root, 1, 0, SIZE, ALIGN, 1000)).toBe(32)
  })

  it('in a leaf, starts at the gap after the last entry at or below top, not at the last gap', () => {
    const node = leaf([0, 2], [4, 6], [20, 22], [30, 32], [40, 42])
    const entries = entriesOf(node)
    for (let k = 2; k < 5; k++) entries[k]!.armed = true // ends of entries wholly above top
    expect(fitInsideDown(node, 0, 0, SIZE, ALIGN, 12)).toBe(12)
  })
})
