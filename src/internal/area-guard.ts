/**
 * What a `MemorySet` checks before it stores an area.
 *
 * `instanceof MemoryArea` only says that a value carries the brand (any copy
 * of the library, any forged object that sets it). The set must not trust
 * what such an object claims: it reads each field once, checks that start
 * and end are addresses with `start <= end` and that `size` is `end - start`,
 * and stores either an area this copy's constructor made (frozen, so it
 * cannot change later) or a fresh one built from the values it read.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { isAddr } from '../address.js'
import { MemoryArea, isOwnArea } from '../area.js'
import { MappingError } from '../error.js'
import { describe } from './describe.js'
import { hex, showRange } from './numbers.js'

const invalid = (message: string): E.Either<MappingError, never> => E.left(MappingError.invalidParam(message))

/**
 * `value` as an area the set can store, or `InvalidParam` (prefixed with
 * `what`) saying what is wrong with it. Never throws: getters and Proxy traps
 * that throw make a `Left`. Size 0 is allowed here (callers reject it).
 */
export const checkArea = <F, PT>(value: unknown, what: string): E.Either<MappingError, MemoryArea<F, PT>> => {
  // Fast path: a plain area of this copy has validated, frozen fields and our own `size` getter.
  if (isOwnArea(value) && Object.getPrototypeOf(value) === MemoryArea.prototype) {
    return E.right(value as MemoryArea<F, PT>)
  }
  let fields: { start: unknown; end: unknown; size: unknown; flags: unknown; backend: unknown }
  try {
    if (!(value instanceof MemoryArea)) return invalid(`${what}: area must be a MemoryArea, got ${describe(value)}`)
    // Each field read exactly once: a getter cannot answer differently to two reads.
    const { start, end, size, flags, backend } = value as MemoryArea<unknown, unknown>
    fields = { start, end, size, flags, backend }
  } catch (error) {
    return invalid(`${what}: reading the area threw ${describe(error)}`)
  }
  const { start, end, size, flags, backend } = fields
  if (!isAddr(start) || !isAddr(end)) {
    return invalid(
      `${what}: an area's start and end must be non-negative safe integers, got ${describe(start)} and ${describe(end)}`,
    )
  }
  if (end < start) return invalid(`${what}: the area ${showRange(start, end)} ends before it starts`)
  if (size !== end - start) {
    return invalid(
      `${what}: the area ${showRange(start, end)} claims size ${isAddr(size) ? hex(size) : describe(size)}, not ${hex(end - start)}`,
    )
  }
  // A subclass instance of this copy: its fields were validated and frozen by the constructor.
  if (isOwnArea(value)) return E.right(value as MemoryArea<F, PT>)
  // An area of another copy of the library, or an object that only carries
  // the brand: store a fresh area of this copy made of the values read above,
  // so nothing the object does later can change the set.
  try {
    return E.right(new MemoryArea(start, end - start, flags as F, backend as MemoryArea<F, PT>['backend']))
  } catch (error) {
    return invalid(`${what}: ${describe(error)}`)
  }
}
