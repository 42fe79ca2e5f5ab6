/**
 * Unit tests of the node helpers (`src/internal/index/btree/node.ts`): the
 * incremental maximum `updatedMax` and the incremental leaf summaries of
 * `leafAfterSplice`, at any coordinates (the index does not require
 * non-negative starts; only the fit queries do).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BTree } from '../../../../src/internal/index/btree/btree.js'
import {
  RECOMPUTE,
  leafAfterSplice,
  makeLeaf,
  spliceItems,
  updatedMax,
} from '../../../../src/internal/index/btree/node.js'
import { type Iv, expectSame, iv, layout } from '../model.js'

describe('updatedMax', () => {
  it('asks for a rescan only when the old part was the maximum and the new part is smaller', () => {
    expect(updatedMax(5, 3, 7)).toBe(7) // grew past the maximum
    expect(updatedMax(5, 5, 5)).toBe(5) // the maximum, unchanged
    expect(updatedMax(5, 3, 5)).toBe(5) // reached the maximum
    expect(updatedMax(5, 3, 4)).toBe(5) // the maximum lies elsewhere
    expect(updatedMax(5, 3, 0)).toBe(5)
    expect(updatedMax(5, 5, 4)).toBe(RECOMPUTE) // the maximum may have shrunk
    expect(updatedMax(0, 0, 0)).toBe(0)
  })
})

describe('leafAfterSplice', () => {
  it('drops the largest gap at negative coordinates', () => {
    // Gaps 89 and 5: removing the first entry removes the 89.
    const entries = [iv(-100, -99), iv(-10, -5), iv(0, 1)]
    const leaf = makeLeaf(entries)
    expect(leaf.maxGap).toBe(89)
    const items = spliceItems(entries, 0, 1, [])
    const after = leafAfterSplice(leaf, entries, 0, 1, items, 0)
    expect([after.minStart, after.maxEnd, after.maxGap]).toEqual([-10, 1, 5])
    // The same through the tree.
    const t = BTree.fromSorted(entries, 4).spliceRange(-100, -100, [])
    t.checkValid()
    expectSame(t, entries.slice(1))
  })

  it('gives the summaries of a leaf built from scratch, for any run and pieces', () => {
    // Sorted, disjoint entries at integer coordinates around 0, from gaps and lengths.
    const entriesArb = fc
      .tuple(
        fc.integer({ min: -1000, max: 1000 }),
        fc.array(fc.tuple(fc.nat(50), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 12 }),
      )
      .map(([base, pairs]) => layout(pairs, base))
    fc.assert(
      fc.property(entriesArb, fc.nat(), fc.nat(), fc.nat(3), fc.nat(), (entries, a, b, k, seed) => {
        const n = entries.length
        const lo = a % (n + 1)
        const hi = lo + (b % (n - lo + 1))
        // k pieces inside the free space between the run's outer neighbours.
        const left = lo > 0 ? entries[lo - 1]!.end : entries[0]!.start - 30
        const right = hi < n ? entries[hi]!.start : entries[n - 1]!.end + 30
        const room = right - left
        const pieces: Iv[] = []
        if (room >= 2 * k) {
          const step = Math.floor(room / k)
          for (let q = 0; q < k; q++) {
            const s = left + q * step + ((seed >> q) & 1)
            pieces.push(iv(s, Math.min(s + 1 + ((seed >> (q + 4)) % 3), left + (q + 1) * step)))
          }
        }
        const items = spliceItems(entries, lo, hi, pieces)
        if (items.length === 0) return
        const after = leafAfterSplice(makeLeaf(entries), entries, lo, hi, items, pieces.length)
        const fresh = makeLeaf(items)
        expect([after.minStart, after.maxEnd, after.maxGap]).toEqual([fresh.minStart, fresh.maxEnd, fresh.maxGap])
      }),
      { numRuns: 2000 },
    )
  })
})
