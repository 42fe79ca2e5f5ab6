/**
 * Numbers as strace prints them: decimal, `0x` hexadecimal, octal `0755`,
 * `NULL`, and negative decimals.
 *
 * @packageDocumentation
 */

/**
 * The value of a numeric token, or `undefined` when it is not one. Values
 * beyond `Number.MAX_SAFE_INTEGER` come back as the nearest number (they only
 * appear in failed calls, which the model refuses anyway).
 */
export const parseNumber = (token: string): number | undefined => {
  const t = token.trim()
  if (t === 'NULL') return 0
  if (/^-?\d+$/.test(t)) return t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t)
  if (/^-?0x[0-9a-fA-F]+$/.test(t)) return hexValue(t)
  return undefined
}

/**
 * The value of `-?0x...`. parseInt with radix 16 reads the sign and the `0x`
 * itself, and for radix 16 the language fixes its result as the exact value
 * rounded to the nearest number (ECMA-262 parseInt: only radixes other than
 * 2, 4, 8, 10, 16 and 32 may be approximated), so 64-bit values need no BigInt.
 */
export const hexValue = (t: string): number => parseInt(t, 16)

/** `0x` hexadecimal, as strace and `/proc/PID/maps` print addresses. */
export const hex = (n: number): string => `0x${n.toString(16)}`
