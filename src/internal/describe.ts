/**
 * Rendering of arbitrary user values for error messages.
 *
 * `String(value)` throws for null-prototype objects, for objects whose
 * `toString` throws or returns a non-string, and for revoked Proxies. An
 * error message must never turn a bad argument into a TypeError thrown from
 * inside the library, so every message goes through {@link describe}.
 *
 * @internal
 * @module
 */

/** Longest rendering kept in a message: a huge array must not make a huge message. */
const MAX_LENGTH = 80

/**
 * `String(value)` when that works, a shorter description of the value when
 * it does not. Arrays are described by their length, never joined: joining
 * walks `length` elements, and a Proxy can claim a length of 10^9 (or nest
 * such arrays), which would hang the error message.
 */
export const describe = (value: unknown): string => {
  let text: string
  try {
    text = Array.isArray(value) ? `an array of length ${describeLength(value)}` : String(value)
  } catch {
    try {
      // `[object Object]` for null-prototype objects; may itself throw for a hostile Proxy.
      text = Object.prototype.toString.call(value)
    } catch {
      text = `a value of type ${typeof value}`
    }
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text
}

/** `array.length` when it reads as a number; a Proxy may answer anything, or throw (callers catch). */
const describeLength = (array: readonly unknown[]): string => {
  const length: unknown = array.length
  return typeof length === 'number' ? String(length) : 'unknown'
}
