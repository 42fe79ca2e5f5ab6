import { fc, test } from '@fast-check/vitest'
import { expect, it } from 'vitest'
import { hex, hexValue, parseNumber } from '../../../src/cli/strace/numbers.js'

it('reads NULL, decimal, hexadecimal, octal and negative numbers', () => {
  const table: ReadonlyArray<readonly [string, number]> = [
    ['NULL', 0],
    ['4096', 4096],
    ['0x7f09fac28000', 0x7f09fac28000],
    ['0755', 0o755],
    ['-1', -1],
    ['0', 0],
    ['7', 7],
    ['-0x10', -16],
    ['-0xfffffffffffff000', -0xfffffffffffff000],
    // Surrounding blanks do not matter.
    [' 4096 ', 4096],
    ['\tNULL\n', 0],
    [' -0x10 ', -16],
  ]
  for (const [t, n] of table) expect([t, parseNumber(t)]).toEqual([t, n])
})

it('is undefined for anything else', () => {
  for (const t of [
    '',
    'PROT_READ',
    '0x',
    '12abc',
    '3</etc/passwd>',
    'MAP_0x10',
    '10x1f',
    '0x1g',
    '0x10 0x20',
    'NULL0',
  ]) {
    expect([t, parseNumber(t)]).toEqual([t, undefined])
  }
})

it('reads hexadecimal beyond 2^53 as the nearest number', () => {
  expect(parseNumber('0xffffffffffffffff')).toBe(2 ** 64)
  expect(parseNumber('0x8000000000000000')).toBe(2 ** 63)
  expect(parseNumber('-0x8000000000000000')).toBe(-(2 ** 63))
  // 2^53 + 1 is half way between 2^53 and 2^53 + 2: ties go to the even one.
  expect(parseNumber('0x20000000000001')).toBe(2 ** 53)
  expect(parseNumber('0x20000000000003')).toBe(2 ** 53 + 4)
  expect(hexValue('0x1fffffffffffff')).toBe(Number.MAX_SAFE_INTEGER)
  expect(hexValue('-0x1')).toBe(-1)
})

test.prop([fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n })])(
  'hexValue is the nearest number to any hex value',
  (n) => {
    const text = n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`
    expect(hexValue(text)).toBe(Number(n))
  },
)

it('hex prints 0x and lower-case digits', () => {
  expect(hex(0)).toBe('0x0')
  expect(hex(0x7f09fac28000)).toBe('0x7f09fac28000')
  expect(hex(0xabcdef)).toBe('0xabcdef')
})

test.prop([fc.maxSafeNat()])('hex and parseNumber round-trip every safe address', (n) => {
  expect(parseNumber(hex(n))).toBe(n)
  expect(parseNumber(String(n))).toBe(n)
})
