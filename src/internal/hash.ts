/**
 * Order-dependent 32-bit hash mixing: the `31 * h + x` scheme that
 * Immutable.js uses for ordered collections, kept in 32-bit integer range.
 *
 * @internal
 */
export const combineHashes = (h: number, x: number): number => (Math.imul(31, h) + x) | 0
