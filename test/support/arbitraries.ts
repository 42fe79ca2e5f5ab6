/**
 * Shared generators and helpers for the property-based (`properties.test.ts`)
 * and model-based (`model.test.ts`) suites.
 *
 * Everything works in a deliberately tiny address space (a few dozen pages)
 * so that random operations collide with each other most of the time.
 * Operations are generated in page units and scaled by the page size when
 * they are applied, so the same sequence can be replayed at page size 1 and 16.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { Map as ImmutableMap, is } from 'immutable'
import {
  MappingError,
  MemoryArea,
  MemorySet,
  emptyPageTable,
  pageTableBackend,
  pageTableMismatch,
  type MappingBackend,
  type MappingResult,
  type PageTable,
  type PageTableEffect,
} from '../../src/index.js'
import { indexOf } from '../../src/internal/set-access.js'

// ---------------------------------------------------------------------------
// Types and constants
// ---------------------------------------------------------------------------

/** Flags are small numbers, so equal flags (and identical-looking neighbours) are common. */
export type Flags = number
export type PT = PageTable<Flags>
export type TSet = MemorySet<Flags, PT>
export type TArea = MemoryArea<Flags, PT>

/** Number of distinct flag values the generators use. */
export const FLAG_COUNT = 4

/** Pages in which operations start; sizes may run a little past the end. */
export const PAGES = 64

/** `undefined` is the library's default node size. */
export const NODE_SIZES: readonly (number | undefined)[] = [4, 5, 8, undefined]
export const PAGE_SIZES: readonly number[] = [1, 16]

export const nodeSizeName = (nodeSize: number | undefined): string =>
  nodeSize === undefined ? 'default node size' : `maxNodeSize ${nodeSize}`

export const emptySet = (nodeSize: number | undefined): TSet =>
  nodeSize === undefined ? MemorySet.empty<Flags, PT>() : MemorySet.empty<Flags, PT>({ maxNodeSize: nodeSize })

export const emptyPT = (): PT => emptyPageTable<Flags>()

/** A plain, comparable view of an area. */
export interface Plain {
  readonly start: number
  readonly end: number
  readonly flags: Flags
}

export const plain = (area: { readonly start: number; readonly end: number; readonly flags: Flags }): Plain => ({
  start: area.start,
  end: area.end,
  flags: area.flags,
})

export const plainAreas = (set: Iterable<TArea>): Plain[] => Array.from(set, plain)

/** A copy of a page table (a distinct object with the same entries), to compare with `Immutable.is` later. */
export const copyPT = (pt: PT): PT => ImmutableMap<number, Flags>(Array.from(pt.entries()))

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/**
 * How a `protect` rewrites flags: areas whose flags are in `skip` are left
 * alone (`None`); the others get `to`, or their flags plus one (mod
 * FLAG_COUNT) for `'inc'`.
 */
export interface ProtectRule {
  readonly skip: readonly Flags[]
  readonly to: Flags | 'inc'
}

export const applyRule =
  (rule: ProtectRule) =>
  (old: Flags): O.Option<Flags> =>
    rule.skip.includes(old) ? O.none : O.some(rule.to === 'inc' ? (old + 1) % FLAG_COUNT : rule.to)

export const ruleToString = (rule: ProtectRule): string =>
  `{ skip: [${rule.skip.join(', ')}], to: ${typeof rule.to === 'number' ? String(rule.to) : `'inc'`} }`

/** An operation in page units. */
export type Op =
  | {
      readonly kind: 'map'
      readonly start: number
      readonly size: number
      readonly flags: Flags
      readonly unmapOverlap: boolean
    }
  | { readonly kind: 'unmap'; readonly start: number; readonly size: number }
  | { readonly kind: 'protect'; readonly start: number; readonly size: number; readonly rule: ProtectRule }
  | { readonly kind: 'clear' }

export const flagsArb: fc.Arbitrary<Flags> = fc.integer({ min: 0, max: FLAG_COUNT - 1 })

export const ruleArb: fc.Arbitrary<ProtectRule> = fc.record({
  // Skipping some flag values makes updateFlags return None for some areas.
  skip: fc.subarray([0, 1, 2, 3]),
  to: fc.oneof(flagsArb, fc.constant<'inc'>('inc')),
})

export const pageArb = (pages = PAGES): fc.Arbitrary<number> => fc.integer({ min: 0, max: pages - 1 })

/**
 * The mix of operations. `mixed` collides a lot and empties the set now and
 * then; `dense` (small maps and holes, no clear) grows sets of 20-40 areas,
 * deep enough to split and merge B+tree nodes at the small node sizes.
 */
export type OpMix = 'mixed' | 'dense'

/** Sizes in pages: mostly small, 0 sometimes, now and then large enough to span many areas. */
export const sizeArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 32 }) },
)
export const mapSizeArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) }, // rejected with InvalidParam
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }) },
)
const denseSizeArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }) },
)

export const opArb = (pages = PAGES, mix: OpMix = 'mixed'): fc.Arbitrary<Op> => {
  const dense = mix === 'dense'
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant<'map'>('map'),
        start: pageArb(pages),
        size: dense ? fc.integer({ min: 1, max: 2 }) : mapSizeArb,
        flags: flagsArb,
        unmapOverlap: fc.boolean(),
      }),
    },
    {
      weight: dense ? 2 : 5,
      arbitrary: fc.record({
        kind: fc.constant<'unmap'>('unmap'),
        start: pageArb(pages),
        size: dense ? denseSizeArb : sizeArb,
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant<'protect'>('protect'),
        start: pageArb(pages),
        size: dense ? denseSizeArb : sizeArb,
        rule: ruleArb,
      }),
    },
    { weight: dense ? 0 : 1, arbitrary: fc.constant<Op>({ kind: 'clear' }) },
  )
}

/** Up to `maxLength` operations; `size: 'max'` so long sequences are as likely as short ones. */
export const opsArb = (maxLength: number, pages = PAGES, mix: OpMix = 'mixed'): fc.Arbitrary<Op[]> =>
  fc.array(opArb(pages, mix), { maxLength, size: 'max' })

/** Mostly `mixed` sequences of up to `maxLength`, a quarter `dense` ones twice as long. */
export const anyOpsArb = (maxLength: number): fc.Arbitrary<Op[]> =>
  fc.oneof({ weight: 3, arbitrary: opsArb(maxLength) }, { weight: 1, arbitrary: opsArb(2 * maxLength, PAGES, 'dense') })

export const opToString = (op: Op): string => {
  switch (op.kind) {
    case 'map':
      return `map(${op.start}, ${op.size}, ${op.flags}, ${String(op.unmapOverlap)})`
    case 'unmap':
      return `unmap(${op.start}, ${op.size})`
    case 'protect':
      return `protect(${op.start}, ${op.size}, ${ruleToString(op.rule)})`
    case 'clear':
      return 'clear()'
  }
}

/**
 * Applies `op` (page units, scaled by `pageSize`, offset by the harness's `base`) to `set`. `onUpdate`
 * sees every call of `updateFlags` a protect makes.
 */
export const applyOp = (
  set: TSet,
  pt: PT,
  op: Op,
  harness: Harness,
  onUpdate: (old: Flags) => void = () => {},
): MappingResult<Flags, PT> => {
  const ps = harness.pageSize
  const base = harness.base
  switch (op.kind) {
    case 'map':
      return set.map(new MemoryArea(base + op.start * ps, op.size * ps, op.flags, harness.backend), pt, op.unmapOverlap)
    case 'unmap':
      return set.unmap(base + op.start * ps, op.size * ps, pt)
    case 'protect': {
      const update = applyRule(op.rule)
      return set.protect(
        base + op.start * ps,
        op.size * ps,
        (old) => {
          onUpdate(old)
          return update(old)
        },
        pt,
      )
    }
    case 'clear':
      return set.clear(pt)
  }
}

// ---------------------------------------------------------------------------
// A recording, fault-injecting backend around the reference page-table backend
// ---------------------------------------------------------------------------

export type Method = 'map' | 'unmap' | 'protect'

/** One backend request: the method, its byte range and (for map/protect) its flags. */
export interface Call {
  readonly method: Method
  readonly start: number
  readonly size: number
  readonly flags?: Flags
}

export const callToString = (c: Call): string =>
  `${c.method}(${c.start}, ${c.size}${c.flags === undefined ? '' : `, ${c.flags}`})`

export const sortCalls = (calls: readonly Call[]): Call[] =>
  [...calls].sort((a, b) => a.start - b.start || a.method.localeCompare(b.method) || a.size - b.size)

/** Fail the `nth` (1-based) effect run (of `method`, when given) with a `Left` or by throwing. */
export interface FailPlan {
  readonly nth: number
  readonly method?: Method
  readonly mode: 'left' | 'throw'
}

export const failPlanArb = (maxNth = 6): fc.Arbitrary<FailPlan> =>
  fc.record({ nth: fc.integer({ min: 1, max: maxNth }), mode: fc.constantFrom<'left' | 'throw'>('left', 'throw') })

/** What a backend configured with `mode: 'throw'` throws. */
export class InjectedThrow extends Error {
  constructor(readonly nth: number) {
    super(`injected throw on effect #${nth}`)
    this.name = 'InjectedThrow'
  }
}

/**
 * One backend object (areas compare equal only when they share it) that
 * delegates to the reference page-table backend, records every method call
 * (`calls`) and every effect that ran successfully (`runs`), and can be armed
 * to fail the n-th effect it runs.
 */
export class Harness {
  readonly backend: MappingBackend<Flags, PT>
  readonly calls: Call[] = []
  readonly runs: Call[] = []
  #plan: FailPlan | undefined
  #counted = 0
  /** The failure the armed plan injected, once it fired. */
  fired: { readonly error: MappingError | InjectedThrow } | undefined

  /**
   * @param pageSize - page size of the wrapped reference backend.
   * @param base - byte address that page 0 of generated operations maps to
   *   (a multiple of `pageSize`); non-zero to run near `Number.MAX_SAFE_INTEGER`.
   */
  constructor(
    readonly pageSize: number,
    readonly base = 0,
  ) {
    const inner = pageTableBackend<Flags>({ pageSize })
    const wrap = (call: Call, effect: PageTableEffect<PT>): PageTableEffect<PT> => {
      this.calls.push(call)
      return (pt) => {
        const plan = this.#plan
        if (
          plan !== undefined &&
          this.fired === undefined &&
          (plan.method === undefined || plan.method === call.method)
        ) {
          this.#counted++
          if (this.#counted === plan.nth) {
            if (plan.mode === 'throw') {
              const error = new InjectedThrow(plan.nth)
              this.fired = { error }
              throw error
            }
            const error = MappingError.badState(`injected failure on effect #${plan.nth}: ${callToString(call)}`)
            this.fired = { error }
            return E.left(error)
          }
        }
        const result = effect(pt)
        if (E.isRight(result)) this.runs.push(call)
        return result
      }
    }
    this.backend = Object.freeze({
      map: (start: number, size: number, flags: Flags) =>
        wrap({ method: 'map', start, size, flags }, inner.map(start, size, flags)),
      unmap: (start: number, size: number) => wrap({ method: 'unmap', start, size }, inner.unmap(start, size)),
      protect: (start: number, size: number, flags: Flags) =>
        wrap({ method: 'protect', start, size, flags }, inner.protect(start, size, flags)),
    })
  }

  /** Forget recorded calls and disarm. */
  reset(): void {
    this.calls.length = 0
    this.runs.length = 0
    this.#plan = undefined
    this.#counted = 0
    this.fired = undefined
  }

  /** Forget recorded calls and arm `plan` for the next operation. */
  arm(plan: FailPlan): void {
    this.reset()
    this.#plan = plan
  }
}

/** Maps `areas` (page units, assumed disjoint) into a fresh set, in the given order. */
export const buildSet = (
  harness: Harness,
  nodeSize: number | undefined,
  areas: readonly Plain[],
): { set: TSet; pt: PT } => {
  let set = emptySet(nodeSize)
  let pt = emptyPT()
  const ps = harness.pageSize
  for (const a of areas) {
    const area = new MemoryArea(harness.base + a.start * ps, (a.end - a.start) * ps, a.flags, harness.backend)
    const r = set.map(area, pt, false)
    if (E.isLeft(r)) throw new Error(`buildSet: mapping ${JSON.stringify(a)} failed: ${r.left.message}`)
    ;[set, pt] = r.right
  }
  return { set, pt }
}

/**
 * Disjoint areas in page units, sorted, with gaps of 0..maxGap pages between
 * them (gap 0: adjacent areas, which must stay separate).
 */
export const disjointAreasArb = (
  maxAreas: number,
  opts: { maxGap?: number; maxSize?: number; flags?: fc.Arbitrary<Flags> } = {},
): fc.Arbitrary<Plain[]> =>
  fc
    .array(
      fc.record({
        gap: fc.integer({ min: 0, max: opts.maxGap ?? 4 }),
        size: fc.integer({ min: 1, max: opts.maxSize ?? 5 }),
        flags: opts.flags ?? flagsArb,
      }),
      { maxLength: maxAreas, size: 'max' },
    )
    .map((parts) => {
      const areas: Plain[] = []
      let at = 0
      for (const { gap, size, flags } of parts) {
        at += gap
        areas.push({ start: at, end: at + size, flags })
        at += size
      }
      return areas
    })

// ---------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------

/**
 * Throws (with a description) unless `set` satisfies the contract's
 * invariants: areas non-empty, sorted, non-overlapping; `size` equal to the
 * iteration count; `find` agreeing with iteration; the page table coherent;
 * the internal index valid.
 */
export const checkInvariants = (set: TSet, pt: PT, pageSize: number): void => {
  const areas = Array.from(set)
  let previous: TArea | undefined
  for (const area of areas) {
    if (!(area instanceof MemoryArea)) throw new Error(`iteration yielded a non-area: ${String(area)}`)
    if (!(area.start < area.end)) throw new Error(`empty area ${String(area)} in ${String(set)}`)
    if (previous !== undefined && !(previous.end <= area.start)) {
      throw new Error(`areas not sorted/disjoint: ${String(previous)} then ${String(area)} in ${String(set)}`)
    }
    previous = area
  }
  if (set.size !== areas.length) throw new Error(`size ${set.size} but iteration gives ${areas.length} areas`)
  if (set.isEmpty() !== (areas.length === 0)) throw new Error(`isEmpty() is ${String(set.isEmpty())}, size ${set.size}`)
  for (const area of areas) {
    for (const addr of [area.start, area.end - 1]) {
      const found = set.find(addr)
      if (O.isNone(found) || found.value !== area) throw new Error(`find(${addr}) does not give ${String(area)}`)
    }
  }
  const mismatch = pageTableMismatch(set, pt, pageSize)
  if (O.isSome(mismatch)) throw new Error(`page table incoherent: ${mismatch.value}; set ${String(set)}`)
  indexOf(set).checkValid()
}

/** A version of the system kept for the persistence checks. */
export interface Version {
  readonly set: TSet
  readonly pt: PT
  readonly areas: readonly Plain[]
  readonly ptCopy: PT
  readonly label: string
}

export const version = (set: TSet, pt: PT, label: string): Version => ({
  set,
  pt,
  areas: plainAreas(set),
  ptCopy: copyPT(pt),
  label,
})

/** Throws unless `v.set` still iterates to its snapshot and its page table is unchanged (and coherent). */
export const checkVersionIntact = (v: Version, pageSize: number): void => {
  const now = plainAreas(v.set)
  if (JSON.stringify(now) !== JSON.stringify(v.areas)) {
    throw new Error(`version "${v.label}" changed: was ${JSON.stringify(v.areas)}, now ${JSON.stringify(now)}`)
  }
  if (!is(v.pt, v.ptCopy)) throw new Error(`page table of version "${v.label}" changed`)
  checkInvariants(v.set, v.pt, pageSize)
}

// ---------------------------------------------------------------------------
// Exact first-fit reference for findFreeArea
// ---------------------------------------------------------------------------

const isSafeNat = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0

const isPow2 = (x: number): boolean => {
  if (!Number.isSafeInteger(x) || x <= 0) return false
  let b = BigInt(x)
  while (b % 2n === 0n) b /= 2n
  return b === 1n
}

/**
 * The contract's `findFreeArea`, computed naively with exact BigInt
 * arithmetic: try each aligned candidate from `max(hint, limit.start)`
 * upwards. A candidate that collides with an area is followed by the first
 * aligned candidate at or after that area's end (every candidate in between
 * collides with the same area), so it terminates fast even near 2^53.
 */
export const bruteForceFreeArea = (
  areas: readonly { readonly start: number; readonly end: number }[],
  hint: number,
  size: number,
  limit: { readonly start: number; readonly end: number },
  align: number,
): O.Option<number> => {
  if (![hint, size, limit.start, limit.end, align].every(isSafeNat)) return O.none
  if (size === 0 || !isPow2(align) || size % align !== 0 || limit.start > limit.end) return O.none
  const al = BigInt(align)
  const sz = BigInt(size)
  const hi = BigInt(limit.end)
  const alignUp = (x: bigint): bigint => ((x + al - 1n) / al) * al
  const spans = areas.map((a) => [BigInt(a.start), BigInt(a.end)] as const)
  let a = alignUp(BigInt(Math.max(hint, limit.start)))
  for (;;) {
    if (a + sz > hi) return O.none
    const hit = spans.find(([s, e]) => a < e && s < a + sz)
    if (hit === undefined) return O.some(Number(a))
    a = alignUp(hit[1])
  }
}
