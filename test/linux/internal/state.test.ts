import fc from 'fast-check'
import { expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe as describeCall, fail, pageAlign, u64 } from '../../../src/linux/internal/state.js'

it('u64 reads integers as the unsigned 64-bit values the kernel sees', () => {
  expect(u64(0)).toBe(0)
  expect(u64(0x1000)).toBe(0x1000)
  expect(u64(-1)).toBe(2 ** 64 - 1)
  expect(u64(-4096)).toBe(2 ** 64 - 4096)
  for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64, -(2 ** 64), '1', null])
    expect(u64(bad)).toBeUndefined()
})

it('pageAlign rounds up to a page, and wraps to 0 near 2^64 like PAGE_ALIGN', () => {
  fc.assert(
    fc.property(fc.nat(2 ** 40), (n) => {
      const aligned = pageAlign(n, 4096)
      expect(aligned % 4096).toBe(0)
      expect(aligned).toBeGreaterThanOrEqual(n)
      expect(aligned - n).toBeLessThan(4096)
    }),
  )
  expect(pageAlign(2 ** 64 - 2048, 4096)).toBe(0)
  expect(pageAlign(2 ** 64 - 4096, 4096)).toBe(2 ** 64 - 4096)
})

it('fail carries kernelState only when given one', () => {
  expect(fail('EINVAL', 'm')).toStrictEqual(E.left({ code: 'EINVAL', message: 'm' }))
})

it('describe names the call with its arguments in hex', () => {
  expect(describeCall('munmap', [0x1000, 0x2000])).toBe('munmap(0x1000, 0x2000)')
})
