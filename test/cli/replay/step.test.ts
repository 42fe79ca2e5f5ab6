import { expect, it } from 'vitest'
import { unionOf } from '../../../src/cli/replay/step.js'

const r = (start: number, end: number) => ({ start, end })

it.each([
  ['nothing', [], []],
  ['empty ranges are dropped', [r(0x1000, 0x1000), r(0x3000, 0x2000)], []],
  [
    'sorted',
    [r(0x5000, 0x6000), r(0x1000, 0x2000), r(0x3000, 0x4000)],
    [r(0x1000, 0x2000), r(0x3000, 0x4000), r(0x5000, 0x6000)],
  ],
  ['touching ranges join', [r(0x2000, 0x3000), r(0x1000, 0x2000)], [r(0x1000, 0x3000)]],
  ['overlapping ranges join', [r(0x1000, 0x3000), r(0x2000, 0x4000)], [r(0x1000, 0x4000)]],
  [
    'a range inside another adds nothing',
    [r(0x1000, 0x5000), r(0x2000, 0x3000), r(0x6000, 0x7000)],
    [r(0x1000, 0x5000), r(0x6000, 0x7000)],
  ],
  [
    'an empty range between two does not join them',
    [r(0x1000, 0x2000), r(0x2000, 0x2000), r(0x3000, 0x4000)],
    [r(0x1000, 0x2000), r(0x3000, 0x4000)],
  ],
])('unionOf: %s', (_, ranges, expected) => {
  expect(unionOf(ranges)).toStrictEqual(expected)
})

it('unionOf leaves its argument alone', () => {
  const ranges = [r(0x2000, 0x3000), r(0x1000, 0x2000)]
  unionOf(ranges)
  expect(ranges).toEqual([r(0x2000, 0x3000), r(0x1000, 0x2000)])
})
