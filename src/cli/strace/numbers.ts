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
 * The value of `-?0x...`: parseInt while the digits fit in 52 bits (13 hex digits,
 * every user address), BigInt (slower) beyond.
 */
export const hexValue = (t: string): number => {
  const negative = t.startsWith('-')
  const digits = t.slice(negative ? 3 : 2)
  const v = digits.length <= 13 ? parseInt(digits, 16) : Number(BigInt(`0x${digits}`))
  return negative ? -v : v
}

/** `0x` hexadecimal, as strace and `/proc/PID/maps` print addresses. */
export const hex = (n: number): string => `0x${n.toString(16)}`
