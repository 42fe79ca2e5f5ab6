/**
 * `MemoryArea`: one contiguous mapping with uniform flags and one backend.
 *
 * @packageDocumentation
 */
import { hash, is, type ValueObject } from 'immutable'
import type { Addr } from './address.js'
import { hex, rangeProblem } from './internal/numbers.js'
import type { MappingBackend } from './backend.js'
import { hasBrand, ordinaryInstanceOf } from './internal/brand.js'
import { describe } from './internal/describe.js'
import { isBackend } from './internal/guards.js'
import { combineHashes } from './internal/hash.js'
import { INSPECT, inspectFlags } from './internal/inspect.js'

/**
 * Marks areas made by any copy of this library. The package ships ESM and
 * CommonJS builds, and an application can load both (the "dual package
 * hazard"); a plain `instanceof` would then reject areas made by the other
 * copy. `Symbol.for` gives both copies the same key.
 */
const BRAND: unique symbol = Symbol.for('memory-set/MemoryArea') as never

/**
 * Whether `value` was initialised by this copy's `MemoryArea` constructor
 * (subclass instances included): such an area is frozen with validated
 * numbers, so its `start`, `end`, `flags` and `backend` can be trusted.
 *
 * @internal
 */
// Assigned by MemoryArea's static block, the only code that can name `#own`
// (declared first: a `let` is unusable before its line).
export let isOwnArea: (value: unknown) => boolean

/**
 * A contiguous range of addresses `[start, end)` mapped with the same `flags`
 * by the same `backend`. Immutable: operations on a `MemorySet` that shrink,
 * split or re-flag an area create new areas.
 *
 * Two areas are equal (`equals`, `Immutable.is`) when they have the same
 * start and end, `Immutable.is`-equal flags and the very same backend object.
 *
 * @typeParam F - the flags type.
 * @typeParam PT - the page-table type of the backend.
 *
 * @example
 * ```ts
 * import { MemoryArea, noopBackend } from 'memory-set'
 * const area = new MemoryArea(0x1000, 0x4000, 'rw', noopBackend<string>())
 * area.end  // 0x5000
 * area.size // 0x4000
 * ```
 * @since 0.1.0
 * @category model
 */
export class MemoryArea<F, PT> implements ValueObject {
  /** First address of the area. */
  readonly start: Addr
  /** One past the last address of the area. */
  readonly end: Addr
  /** The area's flags (permissions and the like). */
  readonly flags: F
  /** The backend that maps, unmaps and protects this area's pages. */
  readonly backend: MappingBackend<F, PT>

  /**
   * @param start - first address: a non-negative safe integer.
   * @param size - length in bytes: a non-negative safe integer with
   *   `start + size <= Number.MAX_SAFE_INTEGER`. Size 0 is allowed here
   *   (`MemorySet.map` rejects it).
   * @throws TypeError when `start` or `size` is not a number, or `backend`
   *   lacks `map`/`unmap`/`protect` functions.
   * @throws RangeError when `start` or `size` is not a non-negative safe
   *   integer, or their sum passes `Number.MAX_SAFE_INTEGER`.
   */
  constructor(start: Addr, size: number, flags: F, backend: MappingBackend<F, PT>) {
    const problem = rangeProblem(start, size)
    if (problem !== undefined) {
      const Err = typeof start === 'number' && typeof size === 'number' ? RangeError : TypeError
      throw new Err(`MemoryArea: ${problem}`)
    }
    if (!isBackend(backend)) {
      throw new TypeError('MemoryArea: backend must have map, unmap and protect functions')
    }
    this.start = start
    this.end = start + size
    this.flags = flags
    this.backend = backend
    Object.freeze(this)
  }

  /**
   * `instanceof MemoryArea` holds for areas made by any copy of this library
   * (ESM or CommonJS), not only this one. A subclass keeps the ordinary
   * prototype-chain `instanceof`: a plain area is not an instance of it.
   *
   * Being an instance says where a value claims to come from, not that it is
   * well formed: `MemorySet` checks every area it stores.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses inherit this static method; `this` tells who is asking.
    if (this !== MemoryArea) return ordinaryInstanceOf(this, value)
    return hasBrand(value, BRAND)
  }

  /**
   * Only for the brand check in {@link isOwnArea}: `#own in value` is true
   * exactly for objects this copy's constructor initialised (never for a
   * Proxy, a forged object or an area of another copy).
   */
  #own(): void {}

  /** `end - start`, in bytes. */
  get size(): number {
    return this.end - this.start
  }

  /**
   * Whether `start <= addr < end`.
   *
   * @example
   * ```ts
   * import { MemoryArea, noopBackend } from 'memory-set'
   * const area = new MemoryArea(0x1000, 0x1000, 0, noopBackend<number>())
   * area.contains(0x1fff) // true
   * area.contains(0x2000) // false
   * ```
   */
  contains(addr: Addr): boolean {
    // No coercion: `null`, `'0x10'` or `[16]` are not addresses.
    return typeof addr === 'number' && this.start <= addr && addr < this.end
  }

  /**
   * Value equality: same start and end, `Immutable.is`-equal flags, same backend object.
   *
   * @example
   * ```ts
   * import { MemoryArea, noopBackend } from 'memory-set'
   * const backend = noopBackend<string>()
   * new MemoryArea(0, 0x1000, 'r', backend).equals(new MemoryArea(0, 0x1000, 'r', backend)) // true
   * ```
   */
  equals(other: unknown): boolean {
    if (this === other) return true
    // `other` may be anything, including a Proxy whose traps throw, and
    // `Immutable.is` calls the flags' own `equals`: an answer is owed, not a throw.
    try {
      return (
        other instanceof MemoryArea &&
        this.start === other.start &&
        this.end === other.end &&
        this.backend === other.backend &&
        is(this.flags, other.flags)
      )
    } catch {
      return false
    }
  }

  /** A 32-bit hash consistent with {@link MemoryArea.equals}. */
  hashCode(): number {
    return combineHashes(combineHashes(hash(this.start), hash(this.end)), hashFlags(this.flags))
  }

  /** `MemoryArea [0x1000, 0x5000) flags=...` */
  toString(): string {
    return `MemoryArea [${hex(this.start)}, ${hex(this.end)}) flags=${describe(this.flags)}`
  }

  static {
    isOwnArea = (value) => typeof value === 'object' && value !== null && #own in value
  }

  /**
   * `{ start, end, flags }` for `JSON.stringify` (the backend, a function
   * bundle, is left out; `memory-set/snapshot` saves it by name).
   *
   * @example
   * ```ts
   * import { MemoryArea, noopBackend } from 'memory-set'
   * JSON.stringify(new MemoryArea(0x1000, 0x1000, 'r', noopBackend<string>())) // '{"start":4096,"end":8192,"flags":"r"}'
   * ```
   * @since 0.2.0
   */
  toJSON(): { readonly start: Addr; readonly end: Addr; readonly flags: F } {
    return { start: this.start, end: this.end, flags: this.flags }
  }

  /**
   * How Node's `console.log` and `util.inspect` show an area:
   * `MemoryArea [0x1000, 0x2000) 'rw'`, the flags shown by `inspect`.
   *
   * @since 0.2.0
   */
  [INSPECT](_depth: number, options: unknown, inspect?: (value: unknown, options?: unknown) => string): string {
    return `MemoryArea [${hex(this.start)}, ${hex(this.end)}) ${inspectFlags(this.flags, options, inspect)}`
  }
}

Object.defineProperty(MemoryArea.prototype, BRAND, { value: true })

/** `Immutable.hash(flags)`, or 0 when the flags' own `hashCode` throws: a hash must be a number. */
const hashFlags = (flags: unknown): number => {
  try {
    return hash(flags)
  } catch {
    return 0
  }
}
