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

/** `String(value)` when that works, a shorter description of the value when it does not. */
export const describe = (value: unknown): string => {
  let text: string
  try {
    text = String(value)
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
