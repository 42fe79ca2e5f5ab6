/**
 * Node's `util.inspect` hook, without importing `node:util` (the library
 * also runs in browsers): Node looks the method up under this registered
 * symbol and passes its own `inspect` as the third argument.
 *
 * @internal
 * @module
 */

/** `util.inspect.custom`. */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never

/** The `inspect` function Node passes to the hook. */
export type Inspect = (value: unknown, options?: unknown) => string

/** Flags as `inspect` shows them, or `String(flags)` when called outside Node. */
export const inspectFlags = (flags: unknown, options: unknown, inspect: Inspect | undefined): string =>
  typeof inspect === 'function' ? inspect(flags, options) : String(flags)
