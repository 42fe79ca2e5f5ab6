/**
 * Model-based test of `MemorySet` (fast-check `fc.commands` + `fc.modelRun`).
 *
 * The model is deliberately much simpler than the system: an array indexed by
 * page number holding `{ flags, id }` or nothing. An area is a maximal run of
 * pages with the same `id`; `map` and the re-flagged part of a `protect` get a
 * fresh id, so splitting and shrinking fall out of plain page writes and
 * adjacent areas never merge. The real system is a `MemorySet` plus its page
 * table from the reference backend; every version of both is kept, and an
 * `Undo` command goes back to a random earlier one, which must still agree
 * with the model's snapshot of that time.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { MemoryArea, type MappingResult } from '../src/index.js'
import {
  Harness,
  NODE_SIZES,
  PAGES,
  applyRule,
  checkInvariants,
  emptyPT,
  emptySet,
  flagsArb,
  nodeSizeName,
  plainAreas,
  ruleArb,
  ruleToString,
  type Flags,
  type PT,
  type Plain,
  type ProtectRule,
  type TSet,
} from './support/arbitraries.js'

// Each property takes 0.1-1.5 s here; leave room for a loaded CI machine.
vi.setConfig({ testTimeout: 30_000 })

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

/** Pages the model tracks: operations start below PAGES and are at most 20 pages long. */
const SPACE = PAGES + 24

interface Cell {
  readonly flags: Flags
  readonly id: number
}
type Pages = readonly (Cell | undefined)[]

interface Model {
  readonly pageSize: number
  pages: (Cell | undefined)[]
  nextId: number
  /** The model's pages at each version, parallel to `Real.versions`. */
  readonly history: Pages[]
}

interface Real {
  readonly h: Harness
  set: TSet
  pt: PT
  readonly versions: { readonly set: TSet; readonly pt: PT }[]
}

/** An area of the model, in pages. */
interface Run {
  readonly start: number
  readonly end: number
  readonly flags: Flags
}

/** The model's areas: maximal runs of pages with the same id. */
const runs = (pages: Pages): Run[] => {
  const out: Run[] = []
  let p = 0
  while (p < pages.length) {
    const cell = pages[p]
    if (cell === undefined) {
      p++
      continue
    }
    let q = p + 1
    while (q < pages.length && pages[q]?.id === cell.id) q++
    out.push({ start: p, end: q, flags: cell.flags })
    p = q
  }
  return out
}

const runsIn = (pages: Pages, s: number, e: number): Run[] =>
  s < e ? runs(pages).filter((r) => r.start < e && s < r.end) : []

const toBytes = (rs: readonly Run[], ps: number): Plain[] =>
  rs.map((r) => ({ start: r.start * ps, end: r.end * ps, flags: r.flags }))

const write = (m: Model, s: number, e: number, cell: Cell | undefined): void => {
  for (let p = s; p < e; p++) m.pages[p] = cell
}

const freshId = (m: Model): number => m.nextId++

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/** The real (set, page table) agrees with the model pages, and the invariants hold. */
const checkAgainst = (pages: Pages, set: TSet, pt: PT, ps: number, label: string): void => {
  expect(plainAreas(set), `${label}: areas`).toEqual(toBytes(runs(pages), ps))
  let mapped = 0
  pages.forEach((cell, page) => {
    if (cell === undefined) return
    mapped++
    expect(pt.get(page), `${label}: page ${page} of the page table`).toBe(cell.flags)
  })
  expect(pt.size, `${label}: mapped pages`).toBe(mapped)
  checkInvariants(set, pt, ps)
}

/** Records the result of a state-changing command in both histories. */
const commit = (m: Model, r: Real, set: TSet, pt: PT): void => {
  r.set = set
  r.pt = pt
  r.versions.push({ set, pt })
  m.history.push([...m.pages])
}

const right = (label: string, result: MappingResult<Flags, PT>): readonly [TSet, PT] => {
  if (E.isLeft(result))
    throw new Error(`${label}: expected Right, got Left ${result.left._tag}: ${result.left.message}`)
  return result.right
}

const leftTag = (label: string, result: MappingResult<Flags, PT>): string => {
  if (E.isRight(result)) throw new Error(`${label}: expected Left, got Right ${String(result.right[0])}`)
  return result.left._tag
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

type Cmd = fc.Command<Model, Real>

class MapCmd implements Cmd {
  constructor(
    readonly start: number,
    readonly size: number,
    readonly flags: Flags,
    readonly unmapOverlap: boolean,
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const ps = m.pageSize
    const label = this.toString()
    const s = this.start
    const e = s + this.size
    const result = r.set.map(new MemoryArea(s * ps, this.size * ps, this.flags, r.h.backend), r.pt, this.unmapOverlap)
    if (this.size === 0) {
      expect(leftTag(label, result)).toBe('InvalidParam')
    } else if (runsIn(m.pages, s, e).length > 0 && !this.unmapOverlap) {
      expect(leftTag(label, result)).toBe('AlreadyExists')
    } else {
      const [set, pt] = right(label, result)
      write(m, s, e, { flags: this.flags, id: freshId(m) })
      commit(m, r, set, pt)
    }
    checkAgainst(m.pages, r.set, r.pt, ps, label)
  }
  toString(): string {
    return `Map(${this.start}, ${this.size}, ${this.flags}, ${String(this.unmapOverlap)})`
  }
}

class UnmapCmd implements Cmd {
  constructor(
    readonly start: number,
    readonly size: number,
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const ps = m.pageSize
    const label = this.toString()
    const s = this.start
    const e = s + this.size
    const [set, pt] = right(label, r.set.unmap(s * ps, this.size * ps, r.pt))
    if (runsIn(m.pages, s, e).length === 0) {
      expect(set, `${label}: nothing to unmap, same set`).toBe(r.set)
    } else {
      write(m, s, e, undefined)
      commit(m, r, set, pt)
    }
    checkAgainst(m.pages, r.set, r.pt, ps, label)
  }
  toString(): string {
    return `Unmap(${this.start}, ${this.size})`
  }
}

class ProtectCmd implements Cmd {
  constructor(
    readonly start: number,
    readonly size: number,
    readonly rule: ProtectRule,
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const ps = m.pageSize
    const label = this.toString()
    const s = this.start
    const e = s + this.size
    const update = applyRule(this.rule)
    let calls = 0
    const result = r.set.protect(
      s * ps,
      this.size * ps,
      (old) => {
        calls++
        return update(old)
      },
      r.pt,
    )
    const [set, pt] = right(label, result)
    const hit = runsIn(m.pages, s, e)
    expect(calls, `${label}: updateFlags calls`).toBe(hit.length)
    let changed = false
    for (const run of hit) {
      const f = update(run.flags)
      if (O.isNone(f)) continue
      changed = true
      write(m, Math.max(run.start, s), Math.min(run.end, e), { flags: f.value, id: freshId(m) })
    }
    if (changed) commit(m, r, set, pt)
    else expect(set, `${label}: nothing re-flagged, same set`).toBe(r.set)
    checkAgainst(m.pages, r.set, r.pt, ps, label)
  }
  toString(): string {
    return `Protect(${this.start}, ${this.size}, ${ruleToString(this.rule)})`
  }
}

class ClearCmd implements Cmd {
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const [set, pt] = right('Clear', r.set.clear(r.pt))
    if (m.pages.every((c) => c === undefined)) {
      expect(set, 'Clear of the empty set: same set').toBe(r.set)
    } else {
      write(m, 0, m.pages.length, undefined)
      commit(m, r, set, pt)
    }
    checkAgainst(m.pages, r.set, r.pt, m.pageSize, 'Clear')
  }
  toString(): string {
    return 'Clear'
  }
}

/** A byte address given as a page and an offset into it (taken modulo the page size). */
const byteAddr = (page: number, offset: number, ps: number): number => page * ps + (offset % ps)

class FindCmd implements Cmd {
  constructor(
    readonly page: number,
    readonly offset: number,
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const ps = m.pageSize
    const addr = byteAddr(this.page, this.offset, ps)
    const found = r.set.find(addr)
    const want = runs(m.pages).find((run) => run.start <= this.page && this.page < run.end)
    expect(O.isSome(found) ? plainAreas([found.value]) : [], `find(${addr})`).toEqual(
      want === undefined ? [] : toBytes([want], ps),
    )
  }
  toString(): string {
    return `Find(page ${this.page} + ${this.offset})`
  }
}

class OverlapsCmd implements Cmd {
  constructor(
    readonly from: readonly [number, number],
    readonly to: readonly [number, number],
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const ps = m.pageSize
    const start = byteAddr(this.from[0], this.from[1], ps)
    const end = byteAddr(this.to[0], this.to[1], ps)
    // Pages any byte of [start, end) falls in; an empty or reversed range overlaps nothing.
    let want = false
    for (let p = Math.floor(start / ps); start < end && p * ps < end; p++) if (m.pages[p] !== undefined) want = true
    expect(r.set.overlaps({ start, end }), `overlaps({ start: ${start}, end: ${end} })`).toBe(want)
  }
  toString(): string {
    return `Overlaps(page ${this.from[0]} + ${this.from[1]}, page ${this.to[0]} + ${this.to[1]})`
  }
}

class FindFreeAreaCmd implements Cmd {
  constructor(
    readonly hint: number,
    readonly size: number,
    readonly limit: { readonly start: number; readonly end: number },
    readonly align: number,
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const ps = m.pageSize
    // Byte arguments scale with the page size, so that the same command means the same at both.
    const [hint, size, lo, hi] = [this.hint * ps, this.size * ps, this.limit.start * ps, this.limit.end * ps]
    const align = this.align * ps
    const got = r.set.findFreeArea(hint, size, { start: lo, end: hi }, align)
    let want: number | undefined
    const valid = size > 0 && (align & (align - 1)) === 0 && size % align === 0 && lo <= hi
    if (valid) {
      const free = (a: number): boolean => {
        for (let p = Math.floor(a / ps); p * ps < a + size; p++) if (m.pages[p] !== undefined) return false
        return true
      }
      for (let a = Math.ceil(Math.max(hint, lo) / align) * align; a + size <= hi; a += align) {
        if (free(a)) {
          want = a
          break
        }
      }
    }
    expect(O.isSome(got) ? got.value : 'None', `findFreeArea(${hint}, ${size}, [${lo}, ${hi}), ${align})`).toBe(
      want ?? 'None',
    )
  }
  toString(): string {
    return `FindFreeArea(${this.hint}, ${this.size}, [${this.limit.start}, ${this.limit.end}), ${this.align})`
  }
}

class UndoCmd implements Cmd {
  constructor(readonly pick: number) {}
  check(): boolean {
    return true
  }
  run(m: Model, r: Real): void {
    const k = this.pick % r.versions.length
    const v = r.versions[k]!
    m.pages = [...m.history[k]!]
    r.set = v.set
    r.pt = v.pt
    checkAgainst(m.pages, r.set, r.pt, m.pageSize, `${this.toString()} to version ${k}`)
  }
  toString(): string {
    return `Undo(${this.pick})`
  }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

const pageArb = fc.integer({ min: 0, max: PAGES - 1 })
const lengthArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 20 }) },
)
const offsetArb = fc.nat(15)

const commandArbs: fc.Arbitrary<Cmd>[] = [
  fc.tuple(pageArb, lengthArb, flagsArb, fc.boolean()).map(([s, n, f, u]) => new MapCmd(s, n, f, u)),
  // Maps twice as often as the rest (this one never of size 0), so the space fills up.
  fc.tuple(pageArb, lengthArb, flagsArb, fc.boolean()).map(([s, n, f, u]) => new MapCmd(s, Math.max(1, n), f, u)),
  fc.tuple(pageArb, lengthArb).map(([s, n]) => new UnmapCmd(s, n)),
  fc.tuple(pageArb, lengthArb, ruleArb).map(([s, n, rule]) => new ProtectCmd(s, n, rule)),
  fc.constant(new ClearCmd()),
  fc.tuple(fc.integer({ min: 0, max: SPACE - 1 }), offsetArb).map(([p, o]) => new FindCmd(p, o)),
  fc
    .tuple(fc.tuple(pageArb, offsetArb), fc.tuple(fc.integer({ min: 0, max: SPACE - 1 }), offsetArb))
    .map(([a, b]) => new OverlapsCmd(a, b)),
  fc
    .record({
      hint: fc.nat(SPACE),
      alignExp: fc.integer({ min: 0, max: 3 }),
      mult: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.nat(5) }),
      start: fc.nat(SPACE),
      end: fc.nat(SPACE + 8),
      // Now and then an alignment that is not a power of two.
      badAlign: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(
      ({ hint, alignExp, mult, start, end, badAlign }) =>
        new FindFreeAreaCmd(hint, mult * 2 ** alignExp, { start, end }, badAlign ? 3 : 2 ** alignExp),
    ),
  fc.nat().map((k) => new UndoCmd(k)),
]

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

const runModel = (nodeSize: number | undefined, pageSize: number, cmds: Iterable<Cmd>): void => {
  const h = new Harness(pageSize)
  const set = emptySet(nodeSize)
  const pt = emptyPT()
  const model: Model = { pageSize, pages: new Array<Cell | undefined>(SPACE).fill(undefined), nextId: 0, history: [] }
  const real: Real = { h, set, pt, versions: [{ set, pt }] }
  model.history.push([...model.pages])
  fc.modelRun(() => ({ model, real }), cmds)
  // Every version ever produced still agrees with the model's snapshot of it.
  real.versions.forEach((v, k) => checkAgainst(model.history[k]!, v.set, v.pt, pageSize, `version ${k} at the end`))
}

describe.each(NODE_SIZES.map((n) => [nodeSizeName(n), n] as const))('model-based, %s', (_, nodeSize) => {
  it('agrees with the per-page model through random command sequences, undo included', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 16), fc.commands(commandArbs, { maxCommands: 80, size: 'max' }), (ps, cmds) => {
        runModel(nodeSize, ps, cmds)
      }),
      { numRuns: 150 },
    )
  })
})

// ---------------------------------------------------------------------------
// Regressions (shrunk counterexamples become explicit examples here)
// ---------------------------------------------------------------------------

describe('model-based examples and regressions', () => {
  // Shrunk counterexamples of the model run go here, each with what it caught
  // (none so far).

  it('undo to a version before a split, then time-travel forward again', () => {
    runModel(4, 16, [
      new MapCmd(0, 10, 1, false),
      new UnmapCmd(3, 2), // split
      new ProtectCmd(6, 2, { skip: [], to: 2 }), // split again
      new UndoCmd(1), // back to the single area
      new MapCmd(2, 3, 3, false), // AlreadyExists there
      new FindFreeAreaCmd(0, 2, { start: 0, end: 40 }, 1),
      new UndoCmd(3), // forward to the protected version
      new FindCmd(6, 0),
      new OverlapsCmd([3, 0], [5, 0]),
      new ClearCmd(),
      new UndoCmd(0), // the empty set
      new ClearCmd(), // clear of the empty set: same set
    ])
  })
})
