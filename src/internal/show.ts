/**
 * Rendering numbers and values for messages.
 *
 * @internal
 */

/** `0x1f00`-style rendering of an address or size; anything else is shown as is. */
export const hex = (value: unknown): string =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? `0x${value.toString(16)}` : String(value)
