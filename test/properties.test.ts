/**
 * Property-based tests of the `MemorySet` contract (/work/shared/design/api-contract.md):
 * random operation sequences in a small address space, at several B+tree node
 * sizes and page sizes, checking invariants, persistence, all-or-nothing,
 * same-object no-ops, updateFlags and backend calls, findFreeArea against a
 * brute-force first fit, and the Immutable.js ValueObject laws.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { Set as ImmutableSet, List, hash, is } from 'immutable'
import { describe, expect, it, vi } from 'vitest'
import { MemoryArea, MemorySet, noopBackend, type MappingBackend, type MappingResult } from '../src/index.js'
import {
  FLAG_COUNT,
  Harness,
  NODE_SIZES,
  anyOpsArb,
  PAGES,
  applyOp,
  applyRule,
  bruteForceFreeArea,
  buildSet,
  callToString,
  checkInvariants,
  checkVersionIntact,
  disjointAreasArb,
  emptyPT,
  emptySet,
  failPlanArb,
  flagsArb,
  nodeSizeName,
  opArb,
  opToString,
  opsArb,
  pageArb,
  plainAreas,
  sizeArb,
  sortCalls,
  version,
  type Call,
  type FailPlan,
  type Flags,
  type Op,
  type OpMix,
  type PT,
  type Plain,
  type TSet,
  type Version,
} from './support/arbitraries.js'

// Each property takes 0.1-1.5 s here; leave room for a loaded CI machine.
vi.setConfig({ testTimeout: 30_000 })

const MAX = Number.MAX_SAFE_INTEGER
const pageSizeArb = fc.constantFrom(1, 16)

// ---------------------------------------------------------------------------
// What the contract says an operation must do, computed from the areas before it
// ---------------------------------------------------------------------------

interface Expectation {
  /** `same`: Right with the very same set; `ok`: Right; otherwise the Left tag. */
  readonly outcome: 'ok' | 'same' | 'InvalidParam' | 'AlreadyExists'
  /** Backend calls a successful operation makes (bytes), in no particular order. */
  readonly calls: readonly Call[]
  /** Flags of the areas protect must pass to updateFlags (once each). */
  readonly updates: readonly Flags[]
}

/** The areas intersecting `[s, e)` (none when the range is empty). */
const overlapping = (areas: readonly Plain[], s: number, e: number): Plain[] =>
  s < e ? areas.filter((a) => a.start < e && s < a.end) : []

const cut = (a: Plain, s: number, e: number): { start: number; size: number } => {
  const from = Math.max(a.start, s)
  return { start: from, size: Math.min(a.end, e) - from }
}

/** `pre` in bytes, `op` in pages (page 0 at byte `base`). */
const expectation = (pre: readonly Plain[], op: Op, ps: number, base: number): Expectation => {
  if (op.kind === 'clear') {
    return {
      outcome: pre.length === 0 ? 'same' : 'ok',
      calls: pre.map((a) => ({ method: 'unmap', start: a.start, size: a.end - a.start })),
      updates: [],
    }
  }
  const s = base + op.start * ps
  const e = s + op.size * ps
  const hit = overlapping(pre, s, e)
  const unmaps: Call[] = hit.map((a) => ({ method: 'unmap', ...cut(a, s, e) }))
  switch (op.kind) {
    case 'map':
      if (op.size === 0) return { outcome: 'InvalidParam', calls: [], updates: [] }
      if (hit.length > 0 && !op.unmapOverlap) return { outcome: 'AlreadyExists', calls: [], updates: [] }
      return {
        outcome: 'ok',
        calls: [...unmaps, { method: 'map', start: s, size: e - s, flags: op.flags }],
        updates: [],
      }
    case 'unmap':
      return { outcome: hit.length === 0 ? 'same' : 'ok', calls: unmaps, updates: [] }
    case 'protect': {
      const update = applyRule(op.rule)
      const calls: Call[] = []
      for (const a of hit) {
        const f = update(a.flags)
        if (O.isSome(f)) calls.push({ method: 'protect', ...cut(a, s, e), flags: f.value })
      }
      return { outcome: calls.length === 0 ? 'same' : 'ok', calls, updates: hit.map((a) => a.flags) }
    }
  }
}

const showCalls = (calls: readonly Call[]): string => sortCalls(calls).map(callToString).join(', ')
const sortedNumbers = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b)

// ---------------------------------------------------------------------------
// The checked runner: applies steps, checks everything the contract says about each
// ---------------------------------------------------------------------------

interface Step {
  readonly op: Op
  readonly fail?: FailPlan | undefined
}

interface RunState {
  set: TSet
  pt: PT
  readonly versions: Version[]
  failures: number
}

/**
 * Applies each step and checks, after every one: the outcome (Left tag /
 * Right / same object) and the invariants; for successful steps, the backend
 * calls made and the effects run, and the updateFlags calls; for steps whose
 * armed failure fired, that the error reached the caller and nothing changed.
 * Returns every version produced (for the persistence checks).
 */
const runSteps = (
  h: Harness,
  nodeSize: number | undefined,
  steps: readonly Step[],
  initial: { readonly set: TSet; readonly pt: PT } = { set: emptySet(nodeSize), pt: emptyPT() },
): RunState => {
  const ps = h.pageSize
  const state: RunState = { set: initial.set, pt: initial.pt, versions: [], failures: 0 }
  state.versions.push(version(state.set, state.pt, 'initial'))
  checkInvariants(state.set, state.pt, ps)
  steps.forEach(({ op, fail }, i) => {
    const label = `step ${i}: ${opToString(op)}`
    const before = version(state.set, state.pt, `before ${label}`)
    const want = expectation(before.areas, op, ps, h.base)
    if (fail === undefined) h.reset()
    else h.arm(fail)
    const updates: Flags[] = []
    let result: MappingResult<Flags, PT> | undefined
    let thrown: unknown
    try {
      result = applyOp(state.set, state.pt, op, h, (old) => updates.push(old))
    } catch (error) {
      thrown = error
    }

    if (h.fired !== undefined) {
      // An injected failure: it must reach the caller, and nothing may change.
      state.failures++
      if (fail?.mode === 'throw') {
        expect(thrown, label).toBe(h.fired.error)
      } else {
        expect(thrown, label).toBeUndefined()
        expect(result !== undefined && E.isLeft(result) ? result.left : result, label).toBe(h.fired.error)
      }
      checkVersionIntact(before, ps)
      return
    }
    if (thrown !== undefined) throw thrown
    if (result === undefined) throw new Error('unreachable')

    if (want.outcome === 'ok' || want.outcome === 'same') {
      if (E.isLeft(result))
        throw new Error(`${label}: expected Right, got Left ${result.left._tag}: ${result.left.message}`)
      const [set, pt] = result.right
      if (want.outcome === 'same') {
        expect(set, `${label}: a no-op returns the same set`).toBe(state.set)
        expect(is(pt, before.ptCopy), label).toBe(true)
      }
      expect(showCalls(h.calls), `${label}: backend calls`).toBe(showCalls(want.calls))
      expect(showCalls(h.runs), `${label}: effects run`).toBe(showCalls(want.calls))
      checkInvariants(set, pt, ps)
      // Every area is still on the one shared backend.
      for (const area of set) expect(area.backend).toBe(h.backend)
      state.set = set
      state.pt = pt
      state.versions.push(version(set, pt, label))
    } else {
      if (E.isRight(result))
        throw new Error(`${label}: expected Left ${want.outcome}, got Right ${String(result.right[0])}`)
      expect(result.left._tag, label).toBe(want.outcome)
      expect(result.left.message.length, label).toBeGreaterThan(0)
      expect(h.runs, `${label}: a rejected operation runs no effect`).toEqual([])
      checkVersionIntact(before, ps)
    }
    expect(sortedNumbers(updates), `${label}: updateFlags calls`).toEqual(sortedNumbers(want.updates))
  })
  return state
}

/** Steps of which about `failPercent` % carry a failure plan. */
const stepsArb = (maxLength: number, failPercent: number, mix: OpMix = 'mixed'): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.record({
      op: opArb(PAGES, mix),
      fail: fc.oneof(
        { weight: 100 - failPercent, arbitrary: fc.constant(undefined) },
        { weight: failPercent, arbitrary: failPlanArb() },
      ),
    }),
    { maxLength, size: 'max' },
  )

const withoutFailures = (ops: readonly Op[]): Step[] => ops.map((op) => ({ op }))

// ---------------------------------------------------------------------------
// Operation sequences, per node size
// ---------------------------------------------------------------------------

describe.each(NODE_SIZES.map((n) => [nodeSizeName(n), n] as const))('random operation sequences, %s', (_, nodeSize) => {
  it('keep the invariants after every step; outcomes, backend calls and updateFlags calls are as specified', () => {
    fc.assert(
      fc.property(pageSizeArb, anyOpsArb(60), (ps, ops) => {
        runSteps(new Harness(ps), nodeSize, withoutFailures(ops))
      }),
      { numRuns: 100 },
    )
  })

  it('work the same from a bulk-loaded set (MemorySet.fromAreas, an extra of this library)', () => {
    fc.assert(
      fc.property(pageSizeArb, disjointAreasArb(40, { maxGap: 2, maxSize: 3 }), opsArb(40), (ps, areas, ops) => {
        const h = new Harness(ps)
        const { pt } = buildSet(h, nodeSize, areas)
        const loaded = MemorySet.fromAreas(
          areas.map((a) => new MemoryArea(a.start * ps, (a.end - a.start) * ps, a.flags, h.backend)),
          nodeSize === undefined ? {} : { maxNodeSize: nodeSize },
        )
        if (E.isLeft(loaded)) throw new Error(loaded.left.message)
        const { versions } = runSteps(h, nodeSize, withoutFailures(ops), { set: loaded.right, pt })
        for (const v of versions) checkVersionIntact(v, ps)
      }),
      { numRuns: 60 },
    )
  })

  it('behave the same at the top of the safe range (ranges ending exactly at Number.MAX_SAFE_INTEGER)', () => {
    fc.assert(
      fc.property(pageSizeArb, stepsArb(50, 20), (ps, steps) => {
        // Generated ranges reach at most page 95, which ends at MAX for page size 1.
        const base = Math.floor((MAX - 95 * ps) / ps) * ps
        const { versions } = runSteps(new Harness(ps, base), nodeSize, steps)
        for (const v of versions) checkVersionIntact(v, ps)
      }),
      { numRuns: 60 },
    )
  })

  it('leave every earlier version (set and page table) exactly as it was produced', () => {
    fc.assert(
      fc.property(pageSizeArb, anyOpsArb(50), (ps, ops) => {
        const { versions } = runSteps(new Harness(ps), nodeSize, withoutFailures(ops))
        for (const v of versions) checkVersionIntact(v, ps)
      }),
      { numRuns: 50 },
    )
  })

  it('are all-or-nothing when the backend fails (Left or throw) on a random effect', () => {
    fc.assert(
      fc.property(
        pageSizeArb,
        fc.oneof({ weight: 3, arbitrary: stepsArb(50, 30) }, { weight: 1, arbitrary: stepsArb(100, 20, 'dense') }),
        (ps, steps) => {
          const { versions } = runSteps(new Harness(ps), nodeSize, steps)
          for (const v of versions) checkVersionIntact(v, ps)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('a failure in the unmap half of an overwriting map changes nothing', () => {
    fc.assert(
      fc.property(
        pageSizeArb,
        anyOpsArb(30),
        fc.nat(),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 16 }),
        flagsArb,
        fc.nat(),
        fc.constantFrom<'left' | 'throw'>('left', 'throw'),
        (ps, ops, pick, before, after, flags, nth, mode) => {
          const h = new Harness(ps)
          const { set, pt } = runSteps(h, nodeSize, withoutFailures(ops))
          const areas = plainAreas(set)
          const target = areas[pick % Math.max(1, areas.length)]
          if (target === undefined) return // empty set: nothing to overwrite
          // An area that starts up to `before` pages before `target` and covers its first page.
          const startPage = Math.max(0, target.start / ps - before)
          const endPage = target.start / ps + 1 + after
          const hit = overlapping(areas, startPage * ps, endPage * ps)
          const plan: FailPlan = { method: 'unmap', nth: 1 + (nth % hit.length), mode }
          const old = version(set, pt, 'before the overwriting map')
          h.arm(plan)
          const area = new MemoryArea(startPage * ps, (endPage - startPage) * ps, flags, h.backend)
          let result: MappingResult<Flags, PT> | undefined
          let thrown: unknown
          try {
            result = set.map(area, pt, true)
          } catch (error) {
            thrown = error
          }
          expect(h.fired).toBeDefined()
          if (mode === 'throw') expect(thrown).toBe(h.fired?.error)
          else expect(result !== undefined && E.isLeft(result) ? result.left : result).toBe(h.fired?.error)
          expect(h.runs.filter((c) => c.method === 'map')).toEqual([])
          checkVersionIntact(old, ps)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('a failure during clear changes nothing', () => {
    fc.assert(
      fc.property(
        pageSizeArb,
        anyOpsArb(30),
        fc.nat(),
        fc.constantFrom<'left' | 'throw'>('left', 'throw'),
        (ps, ops, nth, mode) => {
          const h = new Harness(ps)
          const { set, pt } = runSteps(h, nodeSize, withoutFailures(ops))
          fc.pre(set.size > 0)
          const old = version(set, pt, 'before clear')
          h.arm({ method: 'unmap', nth: 1 + (nth % set.size), mode })
          let result: MappingResult<Flags, PT> | undefined
          let thrown: unknown
          try {
            result = set.clear(pt)
          } catch (error) {
            thrown = error
          }
          expect(h.fired).toBeDefined()
          if (mode === 'throw') expect(thrown).toBe(h.fired?.error)
          else expect(result !== undefined && E.isLeft(result) ? result.left : result).toBe(h.fired?.error)
          checkVersionIntact(old, ps)
          // And without the failure, clear empties the set and the page table.
          h.reset()
          const cleared = set.clear(pt)
          if (E.isLeft(cleared)) throw new Error(cleared.left.message)
          expect(cleared.right[0].size).toBe(0)
          expect(cleared.right[1].size).toBe(0)
          checkInvariants(cleared.right[0], cleared.right[1], ps)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('operations that change nothing return the very same set', () => {
    fc.assert(
      fc.property(
        pageSizeArb,
        anyOpsArb(30),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(PAGES + 8),
        fc.nat(15),
        sizeArb,
        (ps, ops, gapPick, gapOffset, gapLength, page, byte, protectSize) => {
          const h = new Harness(ps)
          const { set, pt } = runSteps(h, nodeSize, withoutFailures(ops))
          const old = version(set, pt, 'state')
          const same = (label: string, r: MappingResult<Flags, PT>): void => {
            if (E.isLeft(r)) throw new Error(`${label}: Left ${r.left.message}`)
            expect(r.right[0], label).toBe(set)
            expect(is(r.right[1], pt), label).toBe(true)
          }
          h.reset()

          // unmap of a range with no area: pick a hole (or the space past the last area).
          const areas = plainAreas(set)
          const holes: { start: number; end: number }[] = []
          let at = 0
          for (const a of areas) {
            if (at < a.start) holes.push({ start: at, end: a.start })
            at = a.end
          }
          holes.push({ start: at, end: at + 32 * ps })
          const hole = holes[gapPick % holes.length]!
          const s = hole.start + (gapOffset % (hole.end - hole.start))
          const len = gapLength % (hole.end - s + 1)
          same(`unmap(${s}, ${len}) of a hole`, set.unmap(s, len, pt))

          // size 0 anywhere (inside an area too, at byte granularity).
          const addr = page * ps + (byte % ps)
          same(`unmap(${addr}, 0)`, set.unmap(addr, 0, pt))
          let called = 0
          same(
            `protect(${addr}, 0)`,
            set.protect(addr, 0, () => (called++, O.some(0)), pt),
          )
          expect(called, 'protect of size 0 calls updateFlags for nothing').toBe(0)
          same('unmap(MAX, 0)', set.unmap(MAX, 0, pt))

          // protect whose updateFlags says None everywhere.
          const ps0 = page * ps
          const seen: Flags[] = []
          same(
            `protect(${ps0}, ${protectSize * ps}, none)`,
            set.protect(ps0, protectSize * ps, (f) => (seen.push(f), O.none), pt),
          )
          expect(sortedNumbers(seen)).toEqual(
            sortedNumbers(overlapping(areas, ps0, ps0 + protectSize * ps).map((a) => a.flags)),
          )

          expect(h.runs).toEqual([])
          checkVersionIntact(old, ps)

          // clear of the empty set, and of a set emptied by unmap.
          const empty = emptySet(nodeSize)
          const cleared = empty.clear(pt)
          expect(E.isRight(cleared) && cleared.right[0] === empty && cleared.right[1] === pt).toBe(true)
          const emptied = set.unmap(0, 1000 * ps, pt)
          if (E.isLeft(emptied)) throw new Error(emptied.left.message)
          const [e, ept] = emptied.right
          expect(e.size).toBe(0)
          const again = e.clear(ept)
          expect(E.isRight(again) && again.right[0] === e && again.right[1] === ept).toBe(true)
        },
      ),
      { numRuns: 80 },
    )
  })

  it('protect calls updateFlags exactly once per overlapping area and re-flags exactly the overlapped parts', () => {
    fc.assert(
      fc.property(
        pageSizeArb,
        disjointAreasArb(20),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
        pageArb(),
        sizeArb,
        (ps, raw, decisions, startPage, sizePages) => {
          const h = new Harness(ps)
          // Unique flags per area (its index), so each call names its area.
          const areas = raw.map((a, i) => ({ ...a, flags: i }))
          const { set, pt } = buildSet(h, nodeSize, areas)
          const old = version(set, pt, 'state')
          const s = startPage * ps
          const e = s + sizePages * ps
          const changes = (id: number): boolean => decisions[id % decisions.length] === true
          const seen: number[] = []
          h.reset()
          const r = set.protect(s, e - s, (id) => (seen.push(id), changes(id) ? O.some(100 + id) : O.none), pt)
          if (E.isLeft(r)) throw new Error(r.left.message)
          const hit = overlapping(plainAreas(set), s, e)
          expect(sortedNumbers(seen)).toEqual(hit.map((a) => a.flags)) // once each, nothing else
          // The resulting areas: each changed area splits at the range boundaries.
          const want: Plain[] = []
          for (const a of plainAreas(set)) {
            if (!(s < e && a.start < e && s < a.end) || !changes(a.flags)) {
              want.push(a)
              continue
            }
            const { start, size } = cut(a, s, e)
            if (a.start < start) want.push({ start: a.start, end: start, flags: a.flags })
            want.push({ start, end: start + size, flags: 100 + a.flags })
            if (start + size < a.end) want.push({ start: start + size, end: a.end, flags: a.flags })
          }
          const [after, apt] = r.right
          expect(plainAreas(after)).toEqual(want)
          if (want.every((a) => a.flags < 100)) expect(after).toBe(set)
          checkInvariants(after, apt, ps)
          checkVersionIntact(old, ps)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('findFreeArea is the brute-force first fit (small addresses)', () => {
    const h = new Harness(1)
    fc.assert(
      fc.property(
        fc.oneof(disjointAreasArb(16, { maxGap: 8, maxSize: 6 }), disjointAreasArb(60, { maxGap: 6, maxSize: 4 })),
        fc.nat(40),
        findArgsArb(400),
        (areas, shift, args) => {
          const shifted = areas.map((a) => ({ ...a, start: a.start + shift, end: a.end + shift }))
          const { set } = buildSet(h, nodeSize, shifted)
          checkFindFreeArea(set, args)
        },
      ),
      { numRuns: 600 },
    )
  })

  it('findFreeArea is the brute-force first fit on every version of a random operation sequence', () => {
    // Sets shaped by splits, shrinks and deletes (not only inserts), so the
    // index's gap summaries have been updated along every kind of path.
    fc.assert(
      fc.property(
        pageSizeArb,
        anyOpsArb(40),
        fc.array(findArgsArb(100), { minLength: 1, maxLength: 4 }),
        (ps, ops, argsList) => {
          const { versions } = runSteps(new Harness(ps), nodeSize, withoutFailures(ops))
          for (const v of versions) {
            for (const args of argsList) {
              checkFindFreeArea(v.set, {
                ...args,
                hint: args.hint * ps,
                limit: { start: args.limit.start * ps, end: args.limit.end * ps },
              })
            }
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('findFreeArea is the brute-force first fit near Number.MAX_SAFE_INTEGER', () => {
    const h = new Harness(1)
    fc.assert(
      fc.property(disjointAreasArb(16, { maxGap: 40, maxSize: 40 }), fc.nat(200), topArgsArb, (areas, room, args) => {
        // Areas packed against the top of the safe range, `room` bytes below it left free.
        const top = areas.at(-1)?.end ?? 0
        const base = MAX - room - top
        const { set } = buildSet(
          h,
          nodeSize,
          areas.map((a) => ({ ...a, start: a.start + base, end: a.end + base })),
        )
        checkFindFreeArea(set, args)
      }),
      { numRuns: 600 },
    )
  })
})

// ---------------------------------------------------------------------------
// findFreeArea helpers
// ---------------------------------------------------------------------------

interface FindArgs {
  readonly hint: number
  readonly size: number
  readonly limit: { readonly start: number; readonly end: number }
  readonly align: number
}

const pow2Arb = (maxExp: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: maxExp }).map((e) => 2 ** e)

/** A number that is not a non-negative safe integer. */
const badNumberArb: fc.Arbitrary<number> = fc.constantFrom(
  NaN,
  -1,
  -16,
  0.5,
  1.5,
  Infinity,
  -Infinity,
  MAX + 1,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  -0.5,
)

/** Replaces one argument with an invalid value, or breaks an argument relation, some of the time. */
const withInvalid = (valid: fc.Arbitrary<FindArgs>): fc.Arbitrary<FindArgs> =>
  fc.oneof(
    { weight: 6, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('hint', 'size', 'start', 'end', 'align'), badNumberArb)
        .map(([a, which, bad]) => ({
          hint: which === 'hint' ? bad : a.hint,
          size: which === 'size' ? bad : a.size,
          limit: { start: which === 'start' ? bad : a.limit.start, end: which === 'end' ? bad : a.limit.end },
          align: which === 'align' ? bad : a.align,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(0, 3, 6, 12, 24, -2, 2 ** 54)).map(([a, align]) => ({ ...a, align })), // not a power of two (or not safe)
    },
    { weight: 1, arbitrary: valid.map((a) => ({ ...a, size: 0 })) },
    {
      weight: 1,
      arbitrary: valid.filter((a) => a.align > 1).map((a) => ({ ...a, size: a.size + a.align / 2 })), // size % align !== 0
    },
    {
      weight: 1,
      arbitrary: valid
        .filter((a) => a.limit.start !== a.limit.end)
        .map((a) => ({
          ...a,
          limit: { start: Math.max(a.limit.start, a.limit.end), end: Math.min(a.limit.start, a.limit.end) },
        })),
    },
  )

/** Sometimes sets `limit.end` to within a byte or two of where the first candidate would end. */
const withTightEnd = (args: fc.Arbitrary<FindArgs>): fc.Arbitrary<FindArgs> =>
  fc.oneof(
    { weight: 3, arbitrary: args },
    {
      weight: 1,
      arbitrary: fc.tuple(args, fc.integer({ min: -2, max: 2 })).map(([a, delta]) => {
        const al = BigInt(a.align)
        const first = ((BigInt(Math.max(a.hint, a.limit.start)) + al - 1n) / al) * al
        const end = first + BigInt(a.size) + BigInt(delta)
        return { ...a, limit: { start: a.limit.start, end: Number(end > BigInt(MAX) ? BigInt(MAX) : end) } }
      }),
    },
  )

const findArgsArb = (space: number): fc.Arbitrary<FindArgs> =>
  withInvalid(
    withTightEnd(
      fc
        .record({
          hint: fc.nat(space),
          align: pow2Arb(5),
          mult: fc.integer({ min: 1, max: 6 }),
          start: fc.nat(space),
          end: fc.nat(space + 20),
        })
        .map(({ hint, align, mult, start, end }) => ({ hint, size: align * mult, limit: { start, end }, align })),
    ),
  )

/** Arguments near the top of the safe range, with huge sizes and alignments too. */
const topArgsArb: fc.Arbitrary<FindArgs> = withInvalid(
  withTightEnd(
    fc
      .record({
        hint: fc.oneof(
          fc.constant(0),
          fc.nat(1000),
          fc.nat(2000).map((d) => MAX - d),
          fc.constant(MAX),
        ),
        alignExp: fc.integer({ min: 0, max: 52 }),
        size: fc.oneof(
          fc.integer({ min: 1, max: 64 }),
          fc.integer({ min: 1, max: 4 }).map((k) => k * 2 ** 40),
          fc.constantFrom(2 ** 52, MAX - 1, MAX),
        ),
        start: fc.oneof(
          fc.constant(0),
          fc.nat(3000).map((d) => MAX - d),
        ),
        end: fc.oneof(
          fc.constant(MAX),
          fc.nat(3000).map((d) => MAX - d),
          fc.nat(1000),
        ),
      })
      .map(({ hint, alignExp, size, start, end }) => {
        const align = 2 ** alignExp
        // Keep most sizes valid: round up to a multiple of the alignment, when that stays safe.
        const rounded = Math.ceil(size / align) * align
        return { hint, size: rounded <= MAX ? rounded : align, limit: { start, end }, align }
      }),
  ),
)

const checkFindFreeArea = (set: TSet, { hint, size, limit, align }: FindArgs): void => {
  const want = bruteForceFreeArea(plainAreas(set), hint, size, limit, align)
  const got = set.findFreeArea(hint, size, limit, align)
  const label = `findFreeArea(${hint}, ${size}, {${limit.start}, ${limit.end}}, ${align}) on ${String(set)}`
  expect(O.isSome(got) ? got.value : 'None', label).toBe(O.isSome(want) ? want.value : 'None')
  if (O.isSome(got) && got.value > 0) {
    // The answer is also found with the limit ending exactly where it ends, and nothing fits one byte shorter.
    const exact = { start: limit.start, end: got.value + size }
    expect(set.findFreeArea(hint, size, exact, align), `${label}, end ${exact.end}`).toEqual(O.some(got.value))
    expect(
      set.findFreeArea(hint, size, { ...exact, end: exact.end - 1 }, align),
      `${label}, end ${exact.end - 1}`,
    ).toEqual(O.none)
  }
  // find and overlaps agree with the areas at the probe points too (they matter near MAX).
  const areas = plainAreas(set)
  for (const x of [hint, limit.start, limit.end - 1, O.isSome(got) ? got.value : 0]) {
    if (!Number.isSafeInteger(x) || x < 0) continue
    const owner = areas.find((a) => a.start <= x && x < a.end)
    const found = set.find(x)
    expect(O.isSome(found) ? plainAreas([found.value]) : [], `${label}: find(${x})`).toEqual(owner ? [owner] : [])
    if (Number.isSafeInteger(limit.end) && limit.end <= MAX) {
      const range = { start: x, end: limit.end }
      expect(set.overlaps(range), `${label}: overlaps([${x}, ${limit.end}))`).toBe(
        x < limit.end && areas.some((a) => a.start < limit.end && x < a.end),
      )
    }
  }
  if (O.isSome(got)) {
    // Restating the contract on the answer itself.
    expect(got.value % align, label).toBe(0)
    expect(got.value + size <= limit.end && got.value >= Math.max(hint, limit.start), label).toBe(true)
    expect(set.overlaps({ start: got.value, end: got.value + size }), label).toBe(false)
  }
}

describe('findFreeArea with the default alignment', () => {
  it('align defaults to 1', () => {
    const h = new Harness(1)
    fc.assert(
      fc.property(disjointAreasArb(10), fc.nat(60), fc.integer({ min: 1, max: 10 }), (areas, hint, size) => {
        const { set } = buildSet(h, 4, areas)
        const limit = { start: 0, end: 100 }
        expect(set.findFreeArea(hint, size, limit)).toEqual(bruteForceFreeArea(plainAreas(set), hint, size, limit, 1))
      }),
      { numRuns: 100 },
    )
  })
})

// ---------------------------------------------------------------------------
// Bad numbers (contract: InvalidParam, never a throw)
// ---------------------------------------------------------------------------

describe('bad numbers', () => {
  const badRangeArb: fc.Arbitrary<readonly [number, number]> = fc.oneof(
    fc.tuple(badNumberArb, fc.nat(64)),
    fc.tuple(fc.nat(64), badNumberArb),
    fc.tuple(badNumberArb, badNumberArb),
    // Safe on their own, but the sum passes MAX_SAFE_INTEGER.
    fc
      .integer({ min: 1, max: 1000 })
      .chain((d) => fc.tuple(fc.constant(MAX - d + 1), fc.integer({ min: d, max: 2000 }))),
    fc.constant([MAX, 1] as const),
    fc.constant([1, MAX] as const),
  )

  it('unmap and protect return Left(InvalidParam), never throw, and change nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NODE_SIZES), opsArb(20), badRangeArb, (nodeSize, ops, [start, size]) => {
        const h = new Harness(1)
        const { set, pt } = runSteps(h, nodeSize, withoutFailures(ops))
        h.reset()
        const u = set.unmap(start, size, pt)
        expect(E.isLeft(u) && u.left._tag).toBe('InvalidParam')
        let called = 0
        const p = set.protect(start, size, () => (called++, O.some(1)), pt)
        expect(E.isLeft(p) && p.left._tag).toBe('InvalidParam')
        expect(called).toBe(0)
        expect(h.calls).toEqual([])
        expect(h.runs).toEqual([])
        checkInvariants(set, pt, 1)
      }),
      { numRuns: 150 },
    )
  })

  it('the MemoryArea constructor throws RangeError/TypeError', () => {
    fc.assert(
      fc.property(badRangeArb, ([start, size]) => {
        expect(() => new MemoryArea(start, size, 0, noopBackend<number>())).toThrow(
          expect.objectContaining({ name: expect.stringMatching(/^(RangeError|TypeError)$/) }),
        )
      }),
    )
  })
})

// ---------------------------------------------------------------------------
// Immutable.js ValueObject laws
// ---------------------------------------------------------------------------

describe('ValueObject laws', () => {
  const keyOf = (set: TSet): string => JSON.stringify(plainAreas(set))

  /** Builds the areas in an order given by `keys`, optionally dropping/re-flagging one, at a node size. */
  const variantArb = fc.record({
    nodeSize: fc.constantFrom(...NODE_SIZES),
    keys: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    drop: fc.option(fc.nat(), { freq: 3, nil: undefined }),
    flip: fc.option(fc.nat(), { freq: 3, nil: undefined }),
    hashFirst: fc.boolean(),
  })
  type Variant = typeof variantArb extends fc.Arbitrary<infer V> ? V : never

  const build = (h: Harness, areas: readonly Plain[], v: Variant): TSet => {
    let chosen = areas.filter((_, i) => v.drop === undefined || areas.length === 0 || i !== v.drop % areas.length)
    chosen = chosen.map((a, i) =>
      v.flip !== undefined && i === v.flip % chosen.length ? { ...a, flags: (a.flags + 1) % 2 } : a,
    )
    const order = chosen
      .map((a, i) => ({ a, k: v.keys[i % v.keys.length]! * 100 + i }))
      .sort((x, y) => x.k - y.k)
      .map((x) => x.a)
    const set = buildSet(h, v.nodeSize, order).set
    if (v.hashFirst) set.hashCode() // exercise the cached-hash path of equals
    return set
  }

  it('MemorySet: equals is value equality (reflexive, symmetric, transitive), consistent with hashCode and Immutable.is', () => {
    fc.assert(
      fc.property(
        disjointAreasArb(8, { flags: fc.integer({ min: 0, max: 1 }), maxGap: 2, maxSize: 3 }),
        variantArb,
        variantArb,
        variantArb,
        (areas, va, vb, vc) => {
          const h = new Harness(1)
          const sets = [build(h, areas, va), build(h, areas, vb), build(h, areas, vc)] as const
          for (const x of sets) {
            expect(x.equals(x)).toBe(true)
            expect(is(x, x)).toBe(true)
            for (const y of sets) {
              const same = keyOf(x) === keyOf(y)
              expect(x.equals(y), `${String(x)} vs ${String(y)}`).toBe(same)
              expect(y.equals(x)).toBe(same)
              expect(is(x, y)).toBe(same)
              if (same) expect(x.hashCode()).toBe(y.hashCode())
              if (same) expect(hash(x)).toBe(hash(y))
              for (const z of sets) if (x.equals(y) && y.equals(z)) expect(x.equals(z)).toBe(true)
            }
          }
          const distinct = new Set(sets.map(keyOf)).size
          expect(ImmutableSet<TSet>(sets).size).toBe(distinct)
          expect(ImmutableSet<TSet>([...sets, ...sets]).size).toBe(distinct)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('MemorySet: a set equals any rebuild of its areas, in any order and at any node size', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_SIZES),
        fc.constantFrom(...NODE_SIZES),
        opsArb(40),
        fc.array(fc.nat()),
        (n1, n2, ops, keys) => {
          const h = new Harness(1)
          const { set } = runSteps(h, n1, withoutFailures(ops))
          const areas = plainAreas(set)
          const shuffled = areas
            .map((a, i) => ({ a, k: (keys[i % Math.max(1, keys.length)] ?? 0) * 1000 + i }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.a)
          const rebuilt = buildSet(h, n2, shuffled).set
          expect(rebuilt.equals(set)).toBe(true)
          expect(set.equals(rebuilt)).toBe(true)
          expect(rebuilt.hashCode()).toBe(set.hashCode())
          expect(ImmutableSet([set, rebuilt]).size).toBe(1)
          // Bulk-loaded (MemorySet.fromAreas, an extra of this library) from the same area objects, in any order.
          const bulk = MemorySet.fromAreas(
            shuffled.map((a) => set.find(a.start)).flatMap((o) => (O.isSome(o) ? [o.value] : [])),
            n2 === undefined ? {} : { maxNodeSize: n2 },
          )
          if (E.isLeft(bulk)) throw new Error(bulk.left.message)
          expect(bulk.right.equals(set) && set.equals(bulk.right)).toBe(true)
          expect(bulk.right.hashCode()).toBe(set.hashCode())
          // The same areas on another backend object are different areas.
          const other = new Harness(1)
          const elsewhere = buildSet(other, n2, areas).set
          expect(elsewhere.equals(set)).toBe(areas.length === 0)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('MemoryArea: equals compares start, end, Immutable.is flags and backend identity; hashCode agrees', () => {
    const backends: readonly MappingBackend<unknown, unknown>[] = [
      noopBackend<unknown, unknown>(),
      new Harness(1).backend as MappingBackend<unknown, unknown>,
    ]
    // Flags either plain numbers or freshly built Immutable.List values (equal by value, not identity).
    const flagSpecArb = fc.oneof(
      fc.integer({ min: 0, max: 2 }).map((n) => ({ list: false, n })),
      fc.integer({ min: 0, max: 2 }).map((n) => ({ list: true, n })),
    )
    const areaSpecArb = fc.record({
      start: fc.nat(3),
      size: fc.nat(2),
      flags: flagSpecArb,
      backend: fc.nat(1),
    })
    type Spec = typeof areaSpecArb extends fc.Arbitrary<infer S> ? S : never
    const make = (s: Spec): MemoryArea<unknown, unknown> =>
      new MemoryArea(s.start, s.size, s.flags.list ? List([s.flags.n, 'x']) : s.flags.n, backends[s.backend]!)
    fc.assert(
      fc.property(fc.array(areaSpecArb, { minLength: 3, maxLength: 6 }), (specs) => {
        const areas = specs.map(make)
        const twins = specs.map(make)
        const key = (s: Spec): string => JSON.stringify(s)
        areas.forEach((a, i) => {
          expect(a.equals(a)).toBe(true)
          expect(a.equals(twins[i])).toBe(true)
          expect(a.hashCode()).toBe(twins[i]!.hashCode())
          areas.forEach((b, j) => {
            const same = key(specs[i]!) === key(specs[j]!)
            expect(a.equals(b)).toBe(same)
            expect(b.equals(a)).toBe(same)
            expect(is(a, b)).toBe(same)
            if (same) expect(a.hashCode()).toBe(b.hashCode())
            areas.forEach((c) => {
              if (a.equals(b) && b.equals(c)) expect(a.equals(c)).toBe(true)
            })
          })
        })
        expect(ImmutableSet([...areas, ...twins]).size).toBe(new Set(specs.map(key)).size)
      }),
      { numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------
// Explicit examples and regressions (shrunk counterexamples become tests here)
// ---------------------------------------------------------------------------

describe('examples', () => {
  it('map A then B equals map B then A, at different node sizes', () => {
    const h = new Harness(16)
    const a: Plain = { start: 2, end: 5, flags: 1 }
    const b: Plain = { start: 5, end: 6, flags: 2 }
    const ab = buildSet(h, 4, [a, b]).set
    const ba = buildSet(h, undefined, [b, a]).set
    expect(ab.equals(ba)).toBe(true)
    expect(ab.hashCode()).toBe(ba.hashCode())
    expect(ImmutableSet([ab, ba]).size).toBe(1)
    // Adjacent areas are not merged: one area [2, 6) is a different set.
    const merged = buildSet(h, 4, [{ start: 2, end: 6, flags: 1 }]).set
    expect(merged.equals(ab)).toBe(false)
    expect(ab.size).toBe(2)
  })

  it('an area split by unmap and re-mapped piecewise equals the directly built set', () => {
    const h = new Harness(1)
    const { set, pt } = buildSet(h, 5, [{ start: 0, end: 10, flags: 3 }])
    const r = set.unmap(4, 2, pt)
    if (E.isLeft(r)) throw new Error(r.left.message)
    checkInvariants(r.right[0], r.right[1], 1)
    const direct = buildSet(h, 8, [
      { start: 6, end: 10, flags: 3 },
      { start: 0, end: 4, flags: 3 },
    ]).set
    expect(is(r.right[0], direct)).toBe(true)
  })

  it('a long deterministic sequence (several tree levels at maxNodeSize 4) passes every check at every node size', () => {
    // A deterministic sequence long enough to force several levels at maxNodeSize 4.
    const ops: Op[] = []
    for (let i = 0; i < 40; i++)
      ops.push({ kind: 'map', start: i * 2, size: 1, flags: i % FLAG_COUNT, unmapOverlap: false })
    ops.push({ kind: 'protect', start: 10, size: 40, rule: { skip: [0], to: 'inc' } })
    ops.push({ kind: 'unmap', start: 5, size: 50 })
    ops.push({ kind: 'map', start: 0, size: 80, flags: 1, unmapOverlap: true })
    ops.push({ kind: 'clear' })
    for (const nodeSize of NODE_SIZES) {
      const { versions } = runSteps(new Harness(16), nodeSize, withoutFailures(ops))
      for (const v of versions) checkVersionIntact(v, 16)
    }
  })
})

describe('regressions', () => {
  // Shrunk counterexamples found by the properties above, each with what it caught.

  it('a size-0 unmap or protect inside an area is a no-op: same set, no backend call, no updateFlags call', () => {
    // Caught a bug in this suite (not the library): its expectation counted the
    // area around an empty range as overlapped, so it wanted unmap(1, 0) called.
    // Shrunk from "keep the invariants after every step" at maxNodeSize 4:
    // [map(0, 2, 0, false), unmap(1, 0)]; the protect variant failed
    // "protect calls updateFlags exactly once per overlapping area" likewise.
    const ops: Op[] = [
      { kind: 'map', start: 0, size: 2, flags: 0, unmapOverlap: false },
      { kind: 'unmap', start: 1, size: 0 },
      { kind: 'protect', start: 1, size: 0, rule: { skip: [], to: 1 } },
    ]
    for (const nodeSize of NODE_SIZES) {
      for (const ps of [1, 16]) runSteps(new Harness(ps), nodeSize, withoutFailures(ops))
    }
    const h = new Harness(16)
    const { set, pt } = buildSet(h, 4, [{ start: 0, end: 2, flags: 0 }])
    h.reset()
    let called = 0
    const r = set.protect(16, 0, () => (called++, O.some(1)), pt)
    expect(E.isRight(r) && r.right[0] === set).toBe(true)
    expect(called).toBe(0)
    expect(h.calls).toEqual([])
  })
})
