/**
 * Shape checks for values that come back from user code (backend effects,
 * `updateFlags` callbacks): a backend bug is reported as a `Left`, never as a
 * TypeError from deep inside an operation.
 *
 * Each reader takes the value apart exactly once (`_tag`, then `left`,
 * `right` or `value`) and returns a fresh fp-ts value: an object whose getters
 * answer differently to a second read (a Proxy, say) cannot make the library
 * act on two different answers, such as flags for the page table and other
 * flags for the area.
 *
 * @internal
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { MappingBackend } from '../backend.js'
import { describe } from './describe.js'

/** `value._tag`, or `undefined` for a non-object or when reading it throws. */
const tagOf = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return undefined
  try {
    return (value as { readonly _tag?: unknown })._tag
  } catch {
    return undefined
  }
}

/** Reads `key` of `value` once; `{ ok: false }` when the read throws. */
const field = (value: object, key: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: (value as Record<string, unknown>)[key] }
  } catch {
    return { ok: false }
  }
}

/**
 * `value` (an fp-ts `Either` of any copy of fp-ts) read once into a fresh
 * `Either`, or `undefined` when it is not one or cannot be read. (Written
 * out rather than with `tagOf` and `field`: it runs once per backend effect.)
 */
export const readEither = (value: unknown): E.Either<unknown, unknown> | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  try {
    const tag: unknown = (value as { readonly _tag?: unknown })._tag
    if (tag === 'Right') return E.right((value as { readonly right?: unknown }).right)
    if (tag === 'Left') return E.left((value as { readonly left?: unknown }).left)
  } catch {
    // A Proxy whose traps throw, a revoked one, a throwing getter: not an Either.
  }
  return undefined
}

/**
 * `value` (an fp-ts `Option` of any copy of fp-ts) read once into a fresh
 * `Option`, or `undefined` when it is not one or cannot be read.
 */
export const readOption = (value: unknown): O.Option<unknown> | undefined => {
  const tag = tagOf(value)
  if (tag === 'None') return O.none
  if (tag !== 'Some') return undefined
  const content = field(value as object, 'value')
  return content.ok ? O.some(content.value) : undefined
}

/**
 * `range.start` and `range.end`, each read once, or `undefined` when `range`
 * is not an object or reading it throws (a Proxy, a throwing getter).
 */
export const readRange = (range: unknown): { readonly start: unknown; readonly end: unknown } | undefined => {
  if ((typeof range !== 'object' && typeof range !== 'function') || range === null) return undefined
  const start = field(range, 'start')
  const end = field(range, 'end')
  return start.ok && end.ok ? { start: start.value, end: end.value } : undefined
}

/**
 * `MemorySetOptions` read once: whether the set merges, and its node size
 * (`undefined` for the default), or a message saying why `options` is not
 * acceptable. Never throws.
 */
export const readSetOptions = (
  options: unknown,
):
  | { readonly ok: true; readonly merging: boolean; readonly nodeSize: number | undefined }
  | { readonly ok: false; readonly problem: string } => {
  if (options === undefined) return { ok: true, merging: false, nodeSize: undefined }
  if ((typeof options !== 'object' && typeof options !== 'function') || options === null) {
    return { ok: false, problem: `options must be an object, got ${describe(options)}` }
  }
  const size = field(options, 'maxNodeSize')
  const merge = field(options, 'merge')
  if (!size.ok || !merge.ok) return { ok: false, problem: 'reading the options threw' }
  const merging = merge.value === true
  const nodeSize = size.value
  if (nodeSize === undefined) return { ok: true, merging, nodeSize: undefined }
  if (typeof nodeSize !== 'number' || !Number.isSafeInteger(nodeSize) || nodeSize < 4) {
    return { ok: false, problem: `maxNodeSize must be an integer >= 4, got ${describe(nodeSize)}` }
  }
  return { ok: true, merging, nodeSize }
}

/**
 * Whether `value` can be called: a function that is not a class. `typeof`
 * says `'function'` for classes too, and calling one is a TypeError thrown
 * by the engine at the library's call site; user functions and backends are
 * checked with this first, so such a value is a `Left` like any other
 * non-function. A class (and a built-in constructor such as `Map`) has a
 * read-only `prototype`; an ordinary function's is writable, and arrow
 * functions and methods (most effects) have none, which is also the cheap
 * case: this runs for every backend call. (A bound class or a Proxy of one
 * still gets through: the engine does not reveal them.)
 */
export const isCallable = (value: unknown): value is (...args: unknown[]) => unknown => {
  if (typeof value !== 'function') return false
  try {
    if (!Object.prototype.hasOwnProperty.call(value, 'prototype')) return true
    return Object.getOwnPropertyDescriptor(value, 'prototype')?.writable !== false
  } catch {
    // A Proxy whose traps throw: calling it will tell (its own exception).
    return true
  }
}

/** Whether `value` has the three effect methods of a `MappingBackend`. Never throws. */
export const isBackend = <F, PT>(value: unknown): value is MappingBackend<F, PT> => {
  if (typeof value !== 'object' || value === null) return false
  try {
    const { map, unmap, protect } = value as Record<string, unknown>
    return typeof map === 'function' && typeof unmap === 'function' && typeof protect === 'function'
  } catch {
    // A Proxy whose traps throw, a revoked one, a throwing getter: not a backend.
    return false
  }
}
