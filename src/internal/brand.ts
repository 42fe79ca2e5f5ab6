/**
 * `instanceof` across copies of the library.
 *
 * The package ships ESM and CommonJS builds, and an application can load both
 * (the "dual package hazard"); a plain `instanceof` would then reject values
 * made by the other copy. Classes whose values cross that line mark their
 * prototype with a `Symbol.for` key, which both copies share, and answer
 * `instanceof` from it. Both checks here answer `false` rather than throw,
 * whatever the value is (a revoked Proxy, a Proxy whose traps throw).
 *
 * @internal
 * @module
 */

/** Whether `value` carries `brand` (an own or inherited property equal to `true`). */
export const hasBrand = (value: unknown, brand: symbol): boolean => {
  try {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
  } catch {
    return false
  }
}

/**
 * `value instanceof constructor` by the prototype chain alone. For
 * subclasses, which inherit the branded `Symbol.hasInstance` but must keep
 * the ordinary meaning (a plain area is not an instance of a subclass).
 */
export const ordinaryInstanceOf = (constructor: unknown, value: unknown): boolean => {
  try {
    return Function.prototype[Symbol.hasInstance].call(constructor, value)
  } catch {
    return false
  }
}
