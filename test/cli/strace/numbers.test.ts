import { fc, test } from '@fast-check/vitest'
import { expect, it } from 'vitest'
import { hex, parseNumber } from '../../../src/cli/strace/numbers.js'

it('reads NULL, decimal, hexadecimal, octal and negative numbers', () => {
  expect(parseNumber('NULL')).toBe(0)
  expect(parseNumber('4096')).toBe(4096)
  expect(parseNumber('0x7f09fac28000')).toBe(0x7f09fac28000)
  expect(parseNumber('0755')).toBe(0o755)
  expect(parseNumber('-1')).toBe(-1)
  expect(parseNumber('0')).toBe(0)
})

it('is undefined for anything else', () => {
  for (const t of ['', 'PROT_READ', '0x', '12abc', '3</etc/passwd>']) expect(parseNumber(t)).toBeUndefined()
})

test.prop([fc.maxSafeNat()])('hex and parseNumber round-trip every safe address', (n) => {
  expect(parseNumber(hex(n))).toBe(n)
  expect(parseNumber(String(n))).toBe(n)
})
