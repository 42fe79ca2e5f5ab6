import { expect, it } from 'vitest'
import { MemoryArea } from '../../../src/area.js'
import { AddressSpace, PROT_READ, PROT_WRITE } from '../../../src/linux/index.js'
import {
  firstOverlapping,
  overlapping,
  protectRange,
  setFromAreas,
  unmapRange,
  type LinuxArea,
} from '../../../src/linux/internal/set-ops.js'
import { A, anonFixed, PAGE } from '../support/helpers.js'

const RW = PROT_READ | PROT_WRITE
const set = anonFixed(anonFixed(AddressSpace.empty(), A(0), 2, RW), A(3), 2, PROT_READ).set
const [low, high] = Array.from(set) as [LinuxArea, LinuxArea]

it('overlapping and firstOverlapping find nothing in an empty or reversed range', () => {
  expect(overlapping(set, A(0), A(5))).toEqual([low, high])
  expect(firstOverlapping(set, A(1), A(5))).toBe(low)
  for (const [start, end] of [
    [A(1), A(1)],
    [A(4), A(1)],
  ] as const) {
    expect(overlapping(set, start, end)).toEqual([])
    expect(firstOverlapping(set, start, end)).toBeUndefined()
  }
  expect(firstOverlapping(set, A(2), A(3))).toBeUndefined()
})

it('protectRange returns the very same set when no area gets new flags', () => {
  expect(protectRange(set, A(0), A(5), () => undefined)).toBe(set)
  expect(protectRange(set, A(0), A(5), (old) => old)).toBe(set)
  const changed = protectRange(set, A(0), A(5), (old) => (old === low.flags ? PROT_READ : undefined))
  expect(Array.from(changed, (area) => [area.start, area.end, area.flags])).toEqual([
    [A(0), A(2), PROT_READ],
    [A(3), A(5), high.flags],
  ])
})

it('a Left from the core is a thrown internal error, never a result', () => {
  expect(() => unmapRange(set, A(2), A(1))).toThrow(/^memory-set\/linux: internal error: \S/)
  const overlappingAreas = [low, new MemoryArea(A(1), PAGE, low.flags, low.backend)]
  expect(() => setFromAreas(overlappingAreas)).toThrow(/^memory-set\/linux: internal error: \S/)
})
