/**
 * memory-set/snapshot: save a set (areas, flags, backends by name) and a
 * reference page table as JSON, and load it back, validated.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { is } from 'immutable'
import { MemoryArea } from './area.js'
import type { MappingBackend } from './backend.js'
import { MemorySet, type MemorySetOptions } from './memory-set.js'
import { emptyPageTable, pageTableMismatch, type PageTable } from './page-table-backend.js'
import { hex } from './internal/numbers.js'

/**
 * Why a snapshot could not be saved or loaded. `path` points into the JSON
 * (`areas[3].end`), when the problem is at one place.
 *
 * @since 0.2.0
 * @category model
 */
export interface SnapshotError {
  readonly _tag: 'SnapshotError'
  readonly message: string
  readonly path: string
}

/**
 * The JSON form of a snapshot. Pages of the page table are stored as runs
 * `[firstPage, pageCount, flags]` of consecutive pages with equal flags.
 *
 * @since 0.2.0
 * @category model
 */
export interface SnapshotJSON {
  readonly format: 'memory-set-snapshot'
  readonly version: 1
  readonly areas: readonly {
    readonly start: number
    readonly end: number
    readonly flags: unknown
    readonly backend: string
  }[]
  readonly pageTable?: { readonly pageSize: number; readonly runs: readonly (readonly [number, number, unknown])[] }
}

/**
 * How flags and backends are written and read.
 *
 * @since 0.2.0
 * @category model
 */
export interface SnapshotCodec<F, PT> {
  /** The user's registry: backends by name. Every area's backend must be one of them. */
  readonly backends: Readonly<Record<string, MappingBackend<F, PT>>>
  /** Flags to a JSON value (default: as they are; they must then be JSON values). */
  readonly flagsToJSON?: (flags: F) => unknown
  /** A JSON value back to flags, or why it is not valid (default: as it is). */
  readonly flagsFromJSON?: (json: unknown) => E.Either<string, F>
}

const fail = (message: string, path = ''): E.Either<SnapshotError, never> =>
  E.left(
    Object.freeze({ _tag: 'SnapshotError' as const, message: path === '' ? message : `${path}: ${message}`, path }),
  )

/**
 * A set (and optionally its reference page table, with its page size) as a
 * {@link SnapshotJSON} value. `Left` when an area's backend is not in the
 * registry, or flags do not survive `JSON.stringify`.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { MemorySet, noopBackend } from 'memory-set'
 * import { saveSnapshot } from 'memory-set/snapshot'
 * const saved = saveSnapshot(MemorySet.empty<string, null>(), { backends: { none: noopBackend<string>() } })
 * E.isRight(saved) && saved.right.areas.length // 0
 * ```
 * @since 0.2.0
 * @category snapshots
 */
export const saveSnapshot = <F, PT>(
  set: MemorySet<F, PT>,
  codec: SnapshotCodec<F, PT>,
  pageTable?: { readonly table: PageTable<F>; readonly pageSize: number },
): E.Either<SnapshotError, SnapshotJSON> => {
  const names = new Map<MappingBackend<F, PT>, string>()
  for (const [name, backend] of Object.entries(codec.backends)) if (!names.has(backend)) names.set(backend, name)
  const toJSON = codec.flagsToJSON ?? ((flags: F): unknown => flags)
  const encode = (flags: F, path: string): E.Either<SnapshotError, unknown> => {
    const json = toJSON(flags)
    // What JSON cannot carry (undefined, functions, NaN, class instances) is an error now, not a surprise at load.
    if (!isJSON(json)) return fail(`flags ${String(flags)} are not a JSON value (give flagsToJSON)`, path)
    return E.right(json)
  }
  const areas: SnapshotJSON['areas'][number][] = []
  let i = 0
  for (const area of set) {
    const path = `areas[${i++}]`
    const backend = names.get(area.backend)
    if (backend === undefined) {
      return fail(`the backend of [${hex(area.start)}, ${hex(area.end)}) is not in the registry`, path)
    }
    const flags = encode(area.flags, `${path}.flags`)
    if (E.isLeft(flags)) return flags
    areas.push({ start: area.start, end: area.end, flags: flags.right, backend })
  }
  if (pageTable === undefined) return E.right({ format: 'memory-set-snapshot', version: 1, areas })
  const runs: [number, number, unknown][] = []
  const pages = pageTable.table.keySeq().sort().toArray()
  for (const page of pages) {
    const flags = pageTable.table.get(page) as F
    const last = runs[runs.length - 1]
    if (last !== undefined && last[0] + last[1] === page && is(pageTable.table.get(last[0]), flags)) {
      last[1]++
      continue
    }
    const json = encode(flags, `pageTable page ${hex(page * pageTable.pageSize)}`)
    if (E.isLeft(json)) return json
    runs.push([page, 1, json.right])
  }
  return E.right({
    format: 'memory-set-snapshot',
    version: 1,
    areas,
    pageTable: { pageSize: pageTable.pageSize, runs },
  })
}

/**
 * A loaded snapshot: the set, and the reference page table if it had one.
 *
 * @since 0.2.0
 * @category model
 */
export interface LoadedSnapshot<F, PT> {
  readonly set: MemorySet<F, PT>
  readonly pageTable: O.Option<PageTable<F>>
}

/**
 * A set (and page table) from a {@link SnapshotJSON} value, checked
 * thoroughly: a wrong format or version, a missing or mistyped field, a bad
 * number, an empty or overlapping area, an unknown backend name, flags that
 * `flagsFromJSON` refuses, a bad page-table run, or a page table that
 * disagrees with the areas, is a `Left` naming the place; never a
 * half-built set.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { noopBackend } from 'memory-set'
 * import { loadSnapshot } from 'memory-set/snapshot'
 * const json = { format: 'memory-set-snapshot', version: 1, areas: [{ start: 0, end: 4096, flags: 'r', backend: 'none' }] }
 * const loaded = loadSnapshot<string, null>(json, { backends: { none: noopBackend<string>() } })
 * E.isRight(loaded) && loaded.right.set.size // 1
 * ```
 * @since 0.2.0
 * @category snapshots
 */
export const loadSnapshot = <F, PT>(
  json: unknown,
  codec: SnapshotCodec<F, PT>,
  options?: MemorySetOptions,
): E.Either<SnapshotError, LoadedSnapshot<F, PT>> => {
  if (!isRecord(json)) return fail(`a snapshot must be an object, got ${describe(json)}`)
  if (json.format !== 'memory-set-snapshot')
    return fail(`format must be "memory-set-snapshot", got ${describe(json.format)}`, 'format')
  if (json.version !== 1)
    return fail(`unsupported version ${describe(json.version)} (this library reads version 1)`, 'version')
  if (!Array.isArray(json.areas)) return fail(`areas must be an array, got ${describe(json.areas)}`, 'areas')
  const fromJSON = codec.flagsFromJSON ?? ((value: unknown) => E.right(value as F))
  const decode = (value: unknown, path: string): E.Either<SnapshotError, F> => {
    const flags = fromJSON(value)
    return E.isLeft(flags) ? fail(flags.left, path) : flags
  }
  const areas: MemoryArea<F, PT>[] = []
  for (const [i, raw] of (json.areas as unknown[]).entries()) {
    const path = `areas[${i}]`
    if (!isRecord(raw)) return fail(`must be an object, got ${describe(raw)}`, path)
    const { start, end, backend: name } = raw
    if (!isAddr(start))
      return fail(`start must be a non-negative safe integer, got ${describe(start)}`, `${path}.start`)
    if (!isAddr(end)) return fail(`end must be a non-negative safe integer, got ${describe(end)}`, `${path}.end`)
    if (end <= start) return fail(`the area [${hex(start)}, ${hex(end)}) is empty or reversed`, path)
    if (typeof name !== 'string' || !Object.hasOwn(codec.backends, name)) {
      return fail(
        `unknown backend ${describe(name)} (the registry has ${Object.keys(codec.backends).map(describe).join(', ') || 'none'})`,
        `${path}.backend`,
      )
    }
    if (!('flags' in raw)) return fail('flags are missing', `${path}.flags`)
    const flags = decode(raw.flags, `${path}.flags`)
    if (E.isLeft(flags)) return flags
    areas.push(new MemoryArea(start, end - start, flags.right, codec.backends[name]!))
  }
  for (let i = 1; i < areas.length; i++) {
    const [prev, next] = [areas[i - 1]!, areas[i]!]
    if (prev.end > next.start) {
      return fail(
        `[${hex(next.start)}, ${hex(next.end)}) overlaps or comes before the previous area [${hex(prev.start)}, ${hex(prev.end)})`,
        `areas[${i}]`,
      )
    }
  }
  const set = MemorySet.fromAreas(areas, options)
  if (E.isLeft(set)) return fail(set.left.message, 'areas')
  if (json.pageTable === undefined) return E.right({ set: set.right, pageTable: O.none })

  const pt = json.pageTable
  if (!isRecord(pt)) return fail(`must be an object, got ${describe(pt)}`, 'pageTable')
  const { pageSize, runs } = pt
  if (!isAddr(pageSize) || pageSize === 0 || (pageSize & (pageSize - 1)) !== 0 || pageSize > 2 ** 30) {
    return fail(`pageSize must be a power of two, got ${describe(pageSize)}`, 'pageTable.pageSize')
  }
  if (!Array.isArray(runs)) return fail(`runs must be an array, got ${describe(runs)}`, 'pageTable.runs')
  let table = emptyPageTable<F>()
  let nextFree = 0
  for (const [i, run] of (runs as unknown[]).entries()) {
    const path = `pageTable.runs[${i}]`
    if (!Array.isArray(run) || run.length !== 3)
      return fail(`must be [firstPage, pageCount, flags], got ${describe(run)}`, path)
    const [first, count, rawFlags] = run as [unknown, unknown, unknown]
    if (!isAddr(first) || !isAddr(count) || count === 0 || first + count > Number.MAX_SAFE_INTEGER / pageSize) {
      return fail(`bad page range ${describe(first)}, ${describe(count)}`, path)
    }
    if (first < nextFree)
      return fail(`pages from ${hex(first * pageSize)} overlap or come before the previous run`, path)
    const flags = decode(rawFlags, `${path}[2]`)
    if (E.isLeft(flags)) return flags
    nextFree = first + count
    // A run is never larger than the areas it must match (checked next), so this loop is bounded by the set's size.
    if (table.size + count > totalPages(areas, pageSize)) {
      return fail(`the page table maps more pages than the areas hold`, path)
    }
    table = table.withMutations((draft) => {
      for (let page = first; page < first + count; page++) draft.set(page, flags.right)
    })
  }
  const mismatch = pageTableMismatch(set.right, table, pageSize)
  if (O.isSome(mismatch)) return fail(`the page table disagrees with the areas: ${mismatch.value}`, 'pageTable')
  return E.right({ set: set.right, pageTable: O.some(table) })
}

/**
 * {@link saveSnapshot} as JSON text.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { MemorySet, noopBackend } from 'memory-set'
 * import { stringifySnapshot } from 'memory-set/snapshot'
 * const text = stringifySnapshot(MemorySet.empty<string, null>(), { backends: { none: noopBackend<string>() } })
 * E.isRight(text) // true
 * ```
 * @since 0.2.0
 * @category snapshots
 */
export const stringifySnapshot = <F, PT>(
  set: MemorySet<F, PT>,
  codec: SnapshotCodec<F, PT>,
  pageTable?: { readonly table: PageTable<F>; readonly pageSize: number },
): E.Either<SnapshotError, string> =>
  E.map((json: SnapshotJSON) => JSON.stringify(json))(saveSnapshot(set, codec, pageTable))

/**
 * {@link loadSnapshot} from JSON text: text that is not JSON (a truncated
 * file, say) is a `Left` too.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { noopBackend } from 'memory-set'
 * import { parseSnapshot } from 'memory-set/snapshot'
 * E.isLeft(parseSnapshot('{"format": "memory-set-snap', { backends: { none: noopBackend<string>() } })) // true
 * ```
 * @since 0.2.0
 * @category snapshots
 */
export const parseSnapshot = <F, PT>(
  text: string,
  codec: SnapshotCodec<F, PT>,
  options?: MemorySetOptions,
): E.Either<SnapshotError, LoadedSnapshot<F, PT>> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return fail(`not JSON (truncated?): ${e instanceof Error ? e.message : String(e)}`)
  }
  return loadSnapshot(json, codec, options)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isAddr = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

const describe = (value: unknown): string => {
  const text = JSON.stringify(value)
  if (text === undefined) return String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** Whether `value` is made only of what JSON text carries exactly: null, booleans, strings, finite numbers, arrays, plain objects. */
const isJSON = (value: unknown): boolean => {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every(isJSON)
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false
  return Object.values(value).every(isJSON)
}

const totalPages = (areas: readonly { readonly size: number }[], pageSize: number): number =>
  areas.reduce((sum, area) => sum + Math.ceil(area.size / pageSize), 0)
