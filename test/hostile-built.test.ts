/**
 * The outside attack of issue 6, kept in the suite: a property-based fuzz of
 * every public entry point of the BUILT package, `dist/esm` (imported) and
 * `dist/cjs` (required) side by side, as a hostile user would call them.
 *
 * Every parameter gets, besides ordinary values that keep the sets growing,
 * hostile values of every JavaScript type: bad numbers, bigints, symbols,
 * strings, Proxies whose traps throw, revoked Proxies, throwing getters,
 * null-prototype objects, forged `MemoryArea`/`MemorySet` instances, lying
 * subclasses, areas and sets of the other build, and fp-ts and Immutable.js
 * values from other copies of those libraries. After every step: every earlier
 * version of every set is unchanged, every new set keeps its invariants, and
 * its page table agrees with its areas.
 *
 * A call may only (a) answer with a value of its documented shape, (b) throw
 * a documented RangeError/TypeError (constructors and factories), or (c) let
 * through, untouched, a {@link HostileError} thrown by user code (a backend,
 * a callback). Anything else (a TypeError from inside, a hang) fails.
 *
 * Runs after `npm run build` (as `npm test` does); the number of hostile
 * cases tried is printed at the end of the run. `HOSTILE_RUNS=n` changes the
 * number of sequences (default 400); `HOSTILE_TRACE=file` writes each step,
 * with the names of its hostile values, to `file` before running it, which
 * finds the step when a run hangs.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as EitherNs from 'fp-ts/lib/Either.js'
import type * as OptionNs from 'fp-ts/lib/Option.js'
import type * as ImmutableNs from 'immutable'
import type * as Lib from '../src/index.js'
import { HostileError, fickle, nullProto, revokedProxy, throwingGetters, throwingProxy } from './support/hostile.js'

type LibModule = typeof Lib
type Flags = unknown
type PT = Lib.PageTable<Flags>
type AnySet = Lib.MemorySet<Flags, PT>
type OptionModule = typeof OptionNs
type EitherModule = typeof EitherNs
type ImmutableModule = typeof ImmutableNs

const root = fileURLToPath(new URL('..', import.meta.url))
const requireHere = createRequire(import.meta.url)
const PAGE = 16
/** Small, so that a hostile size can never make the reference page table work for long. */
const MAX_PAGES = 4096

// ---------------------------------------------------------------------------
// The two builds and the other copies of fp-ts and Immutable.js
// ---------------------------------------------------------------------------

/** The newest modification time of a file under `dir`. */
const newest = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  )

/** Why the built package cannot be tested, or undefined when it is there and current. */
const buildProblem = (): string | undefined => {
  for (const entry of ['dist/esm/index.js', 'dist/cjs/index.js']) {
    if (!existsSync(join(root, entry))) return `${entry} is missing: run \`npm run build\` first (npm test does)`
  }
  if (newest(join(root, 'src')) > statSync(join(root, 'dist/esm/index.js')).mtimeMs) {
    return 'dist is older than src: run `npm run build` first (npm test does)'
  }
  return undefined
}

/**
 * A second, separate instance of a CommonJS package: its modules are
 * evicted from the require cache, loaded again, and the cache restored, so
 * the library keeps the instance it already has.
 */
const freshCopy = <T>(id: string, packageDir: string): T => {
  const cache = requireHere.cache
  const ours = (key: string): boolean => key.includes(`/node_modules/${packageDir}/`)
  const saved = Object.entries(cache).filter(([key]) => ours(key))
  for (const [key] of saved) Reflect.deleteProperty(cache, key)
  try {
    return requireHere(id) as T
  } finally {
    for (const key of Object.keys(cache)) if (ours(key)) Reflect.deleteProperty(cache, key)
    for (const [key, value] of saved) cache[key] = value
  }
}

interface Side {
  readonly name: 'esm' | 'cjs'
  readonly lib: LibModule
  readonly backend: Lib.PageTableBackend<Flags>
}

interface World {
  readonly sides: readonly [Side, Side]
  readonly O2: OptionModule
  readonly E2: EitherModule
  readonly Im2: ImmutableModule
  readonly ImEsm: ImmutableModule
}

let world: World | undefined
let problem: string | undefined

beforeAll(async () => {
  problem = buildProblem()
  if (problem !== undefined) return
  const esm = (await import(/* @vite-ignore */ pathToFileURL(join(root, 'dist/esm/index.js')).href)) as LibModule
  const cjs = requireHere(join(root, 'dist/cjs/index.js')) as LibModule
  const side = (name: 'esm' | 'cjs', lib: LibModule): Side => ({
    name,
    lib,
    backend: lib.pageTableBackend<Flags>({ pageSize: PAGE, maxPages: MAX_PAGES }),
  })
  world = {
    sides: [side('esm', esm), side('cjs', cjs)],
    O2: freshCopy<OptionModule>('fp-ts/lib/Option.js', 'fp-ts'),
    E2: freshCopy<EitherModule>('fp-ts/lib/Either.js', 'fp-ts'),
    Im2: freshCopy<ImmutableModule>('immutable', 'immutable'),
    // Immutable.js's ES module build: a third copy, loaded as ESM.
    ImEsm: (await import(
      /* @vite-ignore */ pathToFileURL(join(root, 'node_modules/immutable/dist/immutable.es.js')).href
    )) as ImmutableModule,
  }
})

// ---------------------------------------------------------------------------
// Hostile values: named factories, so counterexamples print their names
// ---------------------------------------------------------------------------

/** What a hostile factory may use: this side's library, the other side's, and the other copies. */
interface Context {
  readonly own: Side
  readonly other: Side
  readonly world: World
}

const AREA_BRAND = Symbol.for('memory-set/MemoryArea')
const SET_BRAND = Symbol.for('memory-set/MemorySet')
const thrower = (where: string) => (): never => {
  throw new HostileError(where)
}
const ALL_KEYS = ['start', 'end', 'size', 'flags', 'backend', '_tag', 'value', 'left', 'right', 'maxNodeSize']

/** A backend over the reference page table whose answers come from another copy of fp-ts. */
const foreignEitherBackend = (ctx: Context): Lib.MappingBackend<Flags, PT> => {
  const rewrap =
    (effect: Lib.PageTableEffect<PT>): Lib.PageTableEffect<PT> =>
    (pt) => {
      const result = effect(pt)
      return (result._tag === 'Left' ? ctx.world.E2.left(result.left) : ctx.world.E2.right(result.right)) as never
    }
  const b = ctx.own.backend
  return {
    map: (s, n, f) => rewrap(b.map(s, n, f)),
    unmap: (s, n) => rewrap(b.unmap(s, n)),
    protect: (s, n, f) => rewrap(b.protect(s, n, f)),
  }
}

/** Backends that never map anything successfully (so the page table stays the reference). */
const brokenBackends = (ctx: Context): [string, () => unknown][] => [
  ['backend: methods throw', () => ({ map: thrower('map'), unmap: thrower('unmap'), protect: thrower('protect') })],
  ['backend: methods return 5', () => ({ map: () => 5, unmap: () => 5, protect: () => 5 })],
  [
    'backend: effects return null-prototype objects',
    () => ({ map: () => nullProto, unmap: () => nullProto, protect: () => nullProto }),
  ],
  [
    'backend: effects return revoked Proxies',
    () => ({ map: () => revokedProxy, unmap: () => revokedProxy, protect: () => revokedProxy }),
  ],
  [
    'backend: effects throw',
    () => ({ map: () => thrower('effect'), unmap: () => thrower('effect'), protect: () => thrower('effect') }),
  ],
  [
    'backend: effects return Lefts of another fp-ts',
    () => {
      const refuse = () => () => ctx.world.E2.left(nullProto({ _tag: 'BadState' }))
      return { map: refuse, unmap: refuse, protect: refuse }
    },
  ],
  ['backend: a throwing Proxy', () => throwingProxy()],
  ['backend: a revoked Proxy', () => revokedProxy()],
]

/** Every hostile value, by name. Factories, so that stateful ones (fickle Proxies) start fresh. */
const hostileFactories = (ctx: Context): [string, () => unknown][] => {
  const { own, other, world: w } = ctx
  const A = own.lib.MemoryArea
  const forgedArea = (fields: Record<string, unknown>, proto: object = A.prototype) =>
    Object.assign(Object.create(proto) as object, fields)
  class LyingSize extends A<Flags, PT> {
    override get size(): number {
      return 3 * PAGE
    }
  }
  return [
    // numbers and other primitives
    ...[NaN, -0, Infinity, -Infinity, -PAGE, 0.5, PAGE + 0.5, 2 ** 53, 2 ** 53 + 4096, Number.MAX_SAFE_INTEGER].map(
      (n): [string, () => unknown] => [`number ${n}`, () => n],
    ),
    ['number MAX_SAFE - 15', () => Number.MAX_SAFE_INTEGER - 15],
    ['number 2^40', () => 2 ** 40],
    ['number 1e308', () => 1e308],
    ['number MIN_VALUE', () => Number.MIN_VALUE],
    ['string ""', () => ''],
    ['string "16"', () => '16'],
    ['string "0x10"', () => '0x10'],
    ['bigint 16n', () => 16n],
    ['bigint -1n', () => -1n],
    ['true', () => true],
    ['false', () => false],
    ['null', () => null],
    ['undefined', () => undefined],
    ['a symbol', () => Symbol('hostile')],
    ['Symbol.iterator', () => Symbol.iterator],
    // objects
    ['[]', () => []],
    ['[16]', () => [PAGE]],
    ['[16, 32]', () => [PAGE, 2 * PAGE]],
    ['{}', () => ({})],
    ['a null-prototype object', () => nullProto()],
    ['a null-prototype range', () => nullProto({ start: PAGE, end: 4 * PAGE })],
    ['{ valueOf: () => 16 }', () => ({ valueOf: () => PAGE })],
    ['{ toString throws }', () => ({ toString: thrower('toString') })],
    ['{ Symbol.toPrimitive throws }', () => ({ [Symbol.toPrimitive]: thrower('toPrimitive') })],
    ['a throwing Proxy', () => throwingProxy()],
    ['a throwing Proxy of a function', () => throwingProxy(() => undefined)],
    ['a revoked Proxy', () => revokedProxy()],
    ['throwing getters', () => throwingGetters(ALL_KEYS)],
    ['a Date', () => new Date(0)],
    ['a RegExp', () => /x/],
    ['a Map', () => new Map([[1, 'r']])],
    ['an Error', () => new Error('x')],
    ['a frozen {}', () => Object.freeze({})],
    ['a function', () => () => undefined],
    ['a throwing function', () => thrower('call')],
    ['a class', () => class {}],
    ['an infinite-looking range', () => ({ start: 0, end: Infinity })],
    ['a reversed range', () => ({ start: 8 * PAGE, end: PAGE })],
    ['a fickle range', () => fickle({ start: PAGE, end: 4 * PAGE }, 'start', PAGE, NaN)],
    // fp-ts values, of our copy's shape and another copy's
    ['Some("r") of another fp-ts', () => w.O2.some('r')],
    ['None of another fp-ts', () => w.O2.none],
    ['Right of another fp-ts', () => w.E2.right(0)],
    ['Left of another fp-ts', () => w.E2.left({ _tag: 'BadState', message: 'x' })],
    ['option: a fickle Some', () => fickle(w.O2.some('r'), 'value', 'r', 'w')],
    ['option: a fickle tag', () => fickle(w.O2.some('r') as object, '_tag', 'Some', 'None')],
    ['option: Some of a throwing Proxy', () => w.O2.some(throwingProxy())],
    ['option: Some of a null-prototype object', () => w.O2.some(nullProto())],
    ['option: Some(undefined)', () => w.O2.some(undefined)],
    ['option: Some(NaN)', () => w.O2.some(NaN)],
    ['option: Some with a throwing value getter', () => throwingGetters(['value'], { _tag: 'Some' })],
    ['option: a Right instead', () => w.E2.right('r')],
    ['{ _tag: "Some" }', () => ({ _tag: 'Some' })],
    ['{ _tag: "Left" }', () => ({ _tag: 'Left' })],
    // Immutable.js values of other copies
    ['Map() of another Immutable.js', () => w.Im2.Map()],
    ['Map([[1, "r"]]) of Immutable.js ESM', () => w.ImEsm.Map([[1, 'r']])],
    ['List([1]) of another Immutable.js', () => w.Im2.List([1])],
    ['a page table with string keys', () => w.Im2.Map([['x', 'r']])],
    ['a page table with a NaN key', () => w.Im2.Map([[NaN, 'r']])],
    [
      'a forged Immutable Map with throwing methods',
      () => ({
        '@@__IMMUTABLE_MAP__@@': true,
        size: 1,
        has: thrower('has'),
        get: thrower('get'),
        keys: thrower('keys'),
      }),
    ],
    // forged and foreign areas
    ['an empty object with MemoryArea.prototype', () => Object.create(A.prototype)],
    [
      "an empty object with the other build's MemoryArea.prototype",
      () => Object.create(other.lib.MemoryArea.prototype),
    ],
    ['an object with only the area brand', () => ({ [AREA_BRAND]: true })],
    ['a reversed forged area', () => forgedArea({ start: 5 * PAGE, end: PAGE, flags: 'r', backend: own.backend })],
    ['an honest forged area', () => forgedArea({ start: 2 * PAGE, end: 4 * PAGE, flags: 'w', backend: own.backend })],
    [
      'a forged area with fractional bounds',
      () => forgedArea({ start: 0.5, end: PAGE, flags: 'r', backend: own.backend }),
    ],
    ['a forged area with throwing getters', () => throwingGetters(ALL_KEYS, A.prototype)],
    [
      'a forged area with a revoked-Proxy backend',
      () => forgedArea({ start: 0, end: PAGE, flags: 'r', backend: revokedProxy() }),
    ],
    [
      'a forged area with a throwing-Proxy backend',
      () => forgedArea({ start: 0, end: PAGE, flags: 'r', backend: throwingProxy() }),
    ],
    [
      'a forged area with a fickle end',
      () =>
        fickle(
          forgedArea({ start: PAGE, end: 3 * PAGE, flags: 'r', backend: own.backend }),
          'end',
          3 * PAGE,
          40 * PAGE,
        ),
    ],
    ['a subclass area whose size lies', () => new LyingSize(PAGE, PAGE, 'r', own.backend)],
    ['an area of the other build', () => new other.lib.MemoryArea(6 * PAGE, 2 * PAGE, 'x', other.backend)],
    ['an area of a backend answering with another fp-ts', () => new A(8 * PAGE, PAGE, 'r', foreignEitherBackend(ctx))],
    ['an area with throwing-Proxy flags', () => new A(3 * PAGE, PAGE, throwingProxy(), own.backend)],
    ['an area with revoked-Proxy flags', () => new A(5 * PAGE, PAGE, revokedProxy(), own.backend)],
    ['an area with null-prototype flags', () => new A(7 * PAGE, PAGE, nullProto(), own.backend)],
    ['an area with undefined flags', () => new A(9 * PAGE, PAGE, undefined, own.backend)],
    ['an area with NaN flags', () => new A(10 * PAGE, 2 * PAGE, NaN, own.backend)],
    ['an area with Immutable.js ESM flags', () => new A(11 * PAGE, PAGE, w.ImEsm.List(['r']), own.backend)],
    ['a huge area', () => new A(0, 2 ** 40, 'r', own.backend)],
    ['an area at the top of the address space', () => new A(Number.MAX_SAFE_INTEGER - 15, 15, 'r', own.backend)],
    // (Proxies as backends are refused by the constructor; they go in as backends of forged areas below.)
    ...brokenBackends(ctx)
      .filter(([name]) => !name.includes('Proxy'))
      .map(([name, backend]): [string, () => unknown] => [
        `an area whose ${name}`,
        () => new A(12 * PAGE, PAGE, 'r', backend() as Lib.MappingBackend<Flags, PT>),
      ]),
    ...brokenBackends(ctx),
    // forged and foreign sets, and iterables
    ['an empty object with MemorySet.prototype', () => Object.create(own.lib.MemorySet.prototype)],
    [
      'an object with only the set brand',
      () => ({ [SET_BRAND]: true, size: 0, [Symbol.iterator]: thrower('iterate') }),
    ],
    ["the other build's empty set", () => other.lib.MemorySet.empty()],
    [
      'a throwing generator',
      () => ({
        *[Symbol.iterator]() {
          yield new A(0, PAGE, 'r', own.backend)
          throw new HostileError('generator')
        },
      }),
    ],
    ['an array with a hole', () => [, new A(0, PAGE, 'r', own.backend)]], // eslint-disable-line no-sparse-arrays
    ['overlapping areas', () => [new A(0, 2 * PAGE, 'r', own.backend), new A(PAGE, PAGE, 'r', other.backend)]],
    [
      'areas of both builds, unsorted',
      () => [new other.lib.MemoryArea(4 * PAGE, PAGE, 'r', other.backend), new A(0, PAGE, 'w', own.backend)],
    ],
    [
      'a Proxy of an array',
      () =>
        new Proxy([new A(0, PAGE, 'r', own.backend)], {
          get: (t, k, r) => (k === 'length' ? 1e9 : Reflect.get(t, k, r)),
        }),
    ],
    [
      'a Proxy of an array repeating one area 10^9 times',
      () => {
        const area = new A(0, PAGE, 'r', own.backend)
        return new Proxy([], {
          get: (t, k, r) =>
            k === 'length' ? 1e9 : typeof k === 'string' && /^\d+$/.test(k) ? area : Reflect.get(t, k, r),
        })
      },
    ],
    [
      'an endless generator of one area',
      () => ({
        *[Symbol.iterator]() {
          const area = new A(PAGE, PAGE, 'r', own.backend)
          for (;;) yield area
        },
      }),
    ],
    ['options { maxNodeSize: 3 }', () => ({ maxNodeSize: 3 })],
    ['options { pageSize: 3 }', () => ({ pageSize: 3 })],
  ]
}

// ---------------------------------------------------------------------------
// Arguments: descriptions generated by fast-check, values made at run time
// ---------------------------------------------------------------------------

type Arg =
  | { readonly k: 'num'; readonly v: number }
  | {
      readonly k: 'area'
      readonly page: number
      readonly pages: number
      readonly flag: string
      readonly foreign: boolean
    }
  | { readonly k: 'flag'; readonly v: string }
  | { readonly k: 'range'; readonly start: number; readonly end: number }
  | {
      readonly k: 'update'
      readonly how: 'some' | 'someOther' | 'none' | 'throw' | 'hostile'
      readonly flag: string
      readonly pool: number
    }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'pt' }
  | { readonly k: 'backend' }
  | { readonly k: 'set'; readonly version: number }
  | { readonly k: 'areas'; readonly list: readonly Arg[] }
  | { readonly k: 'options'; readonly nodeSize: number | undefined; readonly merge: boolean }
  | { readonly k: 'pool'; readonly index: number; readonly focus?: string }
  | { readonly k: 'any'; readonly v: unknown }

const flagArb = fc.constantFrom('r', 'w', 'x')
const numArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((p) => p * PAGE),
  fc.integer({ min: 0, max: 700 }),
)
const saneArea = fc.record({
  k: fc.constant('area' as const),
  page: fc.integer({ min: 0, max: 40 }),
  pages: fc.integer({ min: 1, max: 8 }),
  flag: flagArb,
  foreign: fc.boolean(),
})

/**
 * A hostile value: one of the named ones (mostly those whose names match
 * `focus`, the ones aimed at this parameter), or anything fast-check can
 * make (null prototypes, bigints, boxed values, sparse arrays).
 */
const hostile = (focus?: string): fc.Arbitrary<Arg> =>
  fc.oneof(
    ...(focus === undefined
      ? []
      : [{ weight: 4, arbitrary: fc.nat().map((index): Arg => ({ k: 'pool', index, focus })) }]),
    { weight: 2, arbitrary: fc.nat().map((index): Arg => ({ k: 'pool', index })) },
    {
      weight: 1,
      arbitrary: fc
        .anything({
          withNullPrototype: true,
          withBigInt: true,
          withBoxedValues: true,
          withSparseArray: true,
          maxDepth: 2,
        })
        .map((v): Arg => ({ k: 'any', v })),
    },
  )
const hostileArb = hostile()

/** Mostly the ordinary value of a parameter, sometimes a hostile one. */
const param = (sane: fc.Arbitrary<Arg>, focus?: string): fc.Arbitrary<Arg> =>
  fc.oneof({ weight: 5, arbitrary: sane }, { weight: 1, arbitrary: hostile(focus) })

const P = {
  num: param(numArb.map((v): Arg => ({ k: 'num', v }))),
  area: param(saneArea, 'area|backend'),
  flag: param(flagArb.map((v): Arg => ({ k: 'flag', v }))),
  range: param(fc.record({ k: fc.constant('range' as const), start: numArb, end: numArb }), 'range|Proxy|getters'),
  update: param(
    fc.record({
      k: fc.constant('update' as const),
      how: fc.constantFrom('some', 'some', 'someOther', 'none', 'throw', 'hostile'),
      flag: flagArb,
      pool: fc.nat(),
    }),
    '^option: |Proxy|null-prototype',
  ),
  bool: param(fc.boolean().map((v): Arg => ({ k: 'bool', v }))),
  pt: param(fc.constant<Arg>({ k: 'pt' }), 'page table|Immutable|Map'),
  set: param(
    fc.nat().map((version): Arg => ({ k: 'set', version })),
    'set|build',
  ),
  areas: param(
    fc.array(saneArea, { maxLength: 6 }).map((list): Arg => ({ k: 'areas', list })),
    'areas|array|generator',
  ),
  options: param(
    fc
      .record({ nodeSize: fc.constantFrom(undefined, 4, 5, 8), merge: fc.boolean() })
      .map(({ nodeSize, merge }): Arg => ({ k: 'options', nodeSize, merge })),
    'options|Proxy|getters',
  ),
  pageSize: param(fc.constantFrom(1, PAGE, 4096).map((v): Arg => ({ k: 'num', v }))),
  backend: param(fc.constant<Arg>({ k: 'backend' }), 'backend'),
}

const OPS = [
  'newArea',
  'empty',
  'fromAreas',
  'map',
  'unmap',
  'protect',
  'clear',
  'queries',
  'equals',
  'guards',
  'backendEffects',
  'mismatch',
  'pageTableBackend',
  'newMembers',
] as const
type Op = (typeof OPS)[number]

interface Step {
  readonly op: Op
  readonly side: 0 | 1
  readonly version: number
  readonly args: readonly Arg[]
}

const argsFor: Record<Op, readonly fc.Arbitrary<Arg>[]> = {
  newArea: [P.num, P.num, P.flag, P.backend],
  empty: [P.options],
  fromAreas: [P.areas, P.options],
  map: [P.area, P.pt, P.bool],
  unmap: [P.num, P.num, P.pt],
  protect: [P.num, P.num, P.update, P.pt],
  clear: [P.pt],
  queries: [P.num, P.range, P.num, P.num, P.range, P.num],
  equals: [P.set],
  guards: [hostileArb, hostileArb],
  backendEffects: [P.num, P.num, P.flag, P.pt],
  mismatch: [P.areas, P.pt, P.pageSize],
  pageTableBackend: [P.options],
  newMembers: [P.range, P.num, P.num, P.range, P.num, P.bool],
}

const stepArb: fc.Arbitrary<Step> = fc
  .record({
    op: fc.constantFrom(...OPS, 'map', 'map', 'protect', 'protect', 'unmap'),
    side: fc.constantFrom(0 as const, 1 as const),
    version: fc.nat(),
  })
  .chain(({ op, side, version }) => fc.tuple(...argsFor[op]).map((args): Step => ({ op, side, version, args })))

// ---------------------------------------------------------------------------
// The harness: versions, invariants, page-table agreement, allowed outcomes
// ---------------------------------------------------------------------------

interface Version {
  readonly set: AnySet
  readonly pt: PT | undefined
  /** `[start, end, flags, backend]` of each area when the version was made. */
  readonly snapshot: readonly (readonly [number, number, unknown, unknown])[]
}

const snapshotOf = (set: AnySet): Version['snapshot'] =>
  Array.from(set, (a) => [a.start, a.end, a.flags, a.backend] as const)

const sameSnapshot = (a: Version['snapshot'], b: Version['snapshot']): boolean =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i]!
    return x[0] === y[0] && x[1] === y[1] && Object.is(x[2], y[2]) && x[3] === y[3]
  })

const counts = { hostile: 0, calls: 0, steps: 0, runs: 0 }

/** Throws unless `set` is a well-formed set: sorted, non-empty, non-overlapping areas of either build. */
const checkSet = (ctx: Context, set: unknown): AnySet => {
  expect(set instanceof ctx.own.lib.MemorySet).toBe(true)
  const s = set as AnySet
  const areas = Array.from(s)
  expect(s.size).toBe(areas.length)
  expect(s.isEmpty()).toBe(areas.length === 0)
  for (const [i, area] of areas.entries()) {
    expect(area instanceof ctx.own.lib.MemoryArea && Object.isFrozen(area)).toBe(true)
    expect(Number.isSafeInteger(area.start) && Number.isSafeInteger(area.end) && area.start >= 0).toBe(true)
    expect(area.start < area.end).toBe(true)
    if (i > 0) expect(areas[i - 1]!.end <= area.start).toBe(true)
    const found = s.find(area.start)
    expect(found._tag === 'Some' && found.value === area).toBe(true)
  }
  return s
}

/** The page table agrees with the areas: every page of every area mapped with its flags (by identity), nothing else. */
const checkPageTable = (set: AnySet, pt: PT): void => {
  let pages = 0
  for (const area of set) {
    for (let page = area.start / PAGE; page < area.end / PAGE; page++) {
      pages++
      expect(pt.has(page)).toBe(true)
      expect(Object.is(pt.get(page), area.flags)).toBe(true)
    }
  }
  expect(pt.size).toBe(pages)
}

/** Whether `result` is an fp-ts Either (of any copy) with a well-formed `MappingError` on the left. */
const checkEither = (
  result: unknown,
): result is { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: unknown } => {
  const r = result as { _tag?: unknown; left?: { _tag?: unknown; message?: unknown } }
  expect(r._tag === 'Left' || r._tag === 'Right').toBe(true)
  return true
}

const checkMappingError = (error: unknown, fromUser: boolean): void => {
  // A backend's own Left is passed through as it is; the library's own errors are MappingErrors.
  if (fromUser) return
  const e = error as { _tag?: unknown; message?: unknown }
  expect(['InvalidParam', 'AlreadyExists', 'BadState', 'NotMapped']).toContain(e._tag)
  expect(typeof e.message).toBe('string')
}

/** Calls `f`; a throw must be a HostileError (user code) or match `documented`. Returns the result or undefined. */
const call = <T>(hostile: boolean, f: () => T, documented?: RegExp): T | undefined => {
  counts.calls++
  if (hostile) counts.hostile++
  try {
    return f()
  } catch (error) {
    if (error instanceof HostileError) return undefined
    if (documented !== undefined && (error instanceof RangeError || error instanceof TypeError)) {
      expect(error.message).toMatch(documented)
      return undefined
    }
    throw new Error(`threw from inside: ${String(error)}`, { cause: error })
  }
}

/** JSON of a step, for the trace file (bigints and symbols as strings). */
const safeJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v))

/** The pool entries whose names match `focus` (all of them without one). */
const pick = (
  pool: readonly [string, () => unknown][],
  focus: string | undefined,
): readonly [string, () => unknown][] => {
  if (focus === undefined) return pool
  const pattern = new RegExp(focus)
  const matching = pool.filter(([name]) => pattern.test(name))
  return matching.length > 0 ? matching : pool
}

const isHostile = (arg: Arg): boolean =>
  arg.k === 'pool' || arg.k === 'any' || (arg.k === 'update' && (arg.how === 'hostile' || arg.how === 'throw'))

/**
 * A version with areas of both builds (nine areas, some adjacent), so that
 * early steps have something to hit; a merging set when `merge`.
 */
const populated = (ctx: Context, merge: boolean): Version => {
  // `merge` is a member main added (merging sets): older builds ignore the option.
  let set = ctx.own.lib.MemorySet.empty<Flags, PT>({ maxNodeSize: 4, merge } as Lib.MemorySetOptions)
  let pt = ctx.own.lib.emptyPageTable<Flags>()
  for (const [i, [page, pages]] of [
    [0, 2],
    [2, 2],
    [5, 3],
    [9, 1],
    [12, 4],
    [16, 1],
    [20, 6],
    [27, 2],
    [30, 8],
  ].entries()) {
    const side = i % 2 === 0 ? ctx.own : ctx.other
    const result = set.map(
      new side.lib.MemoryArea(page! * PAGE, pages! * PAGE, ['r', 'w', 'x'][i % 3], side.backend),
      pt,
      false,
    )
    if (result._tag === 'Left') throw new Error(result.left.message)
    ;[set, pt] = result.right
  }
  return { set, pt, snapshot: snapshotOf(set) }
}

/** Runs one sequence of steps against both builds. */
const runSteps = (w: World, steps: readonly Step[]): void => {
  if (process.env['HOSTILE_TRACE'] !== undefined)
    console.error(JSON.stringify(steps, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).slice(0, 3000))
  counts.runs++
  const trace = process.env['HOSTILE_TRACE']
  const contexts = [
    { own: w.sides[0], other: w.sides[1], world: w },
    { own: w.sides[1], other: w.sides[0], world: w },
  ] as const
  const pools = contexts.map(hostileFactories)
  const versions: Version[][] = contexts.map((ctx) => [
    { set: ctx.own.lib.MemorySet.empty<Flags, PT>(), pt: ctx.own.lib.emptyPageTable<Flags>(), snapshot: [] },
    {
      set: ctx.own.lib.MemorySet.empty<Flags, PT>({ maxNodeSize: 4 }),
      pt: ctx.own.lib.emptyPageTable<Flags>(),
      snapshot: [],
    },
    populated(ctx, false),
    populated(ctx, true),
  ])

  for (const step of steps) {
    counts.steps++
    if (trace !== undefined) {
      const names = step.args.map((a) =>
        a.k === 'pool' ? pools[step.side]![a.index % pools[step.side]!.length]![0] : a.k,
      )
      writeFileSync(trace, `${safeJson(step)}\n${names.join(', ')}\n`)
    }
    const ctx = contexts[step.side]
    const pool = pools[step.side]!
    const mine = versions[step.side]!
    // Half the time the newest version, so that sequences build on their own results.
    const version = mine[step.version % 2 === 0 ? mine.length - 1 : (step.version >>> 1) % mine.length]!
    const { lib } = ctx.own
    const hostile = step.args.some(isHostile)

    const value = (arg: Arg): unknown => {
      switch (arg.k) {
        case 'num':
          return arg.v
        case 'flag':
          return arg.v
        case 'bool':
          return arg.v
        case 'pt':
          return version.pt
        case 'backend':
          return ctx.own.backend
        case 'range':
          return { start: arg.start, end: arg.end }
        case 'area': {
          const side = arg.foreign ? ctx.other : ctx.own
          return new side.lib.MemoryArea(arg.page * PAGE, arg.pages * PAGE, arg.flag, side.backend)
        }
        case 'areas':
          return arg.list.map(value)
        case 'options':
          return arg.nodeSize === undefined && !arg.merge ? undefined : { maxNodeSize: arg.nodeSize, merge: arg.merge }
        case 'set': {
          const all = [...versions[0]!, ...versions[1]!]
          return all[arg.version % all.length]!.set
        }
        case 'update':
          return (): unknown => {
            switch (arg.how) {
              case 'some':
                return { _tag: 'Some', value: arg.flag }
              case 'someOther':
                return w.O2.some(arg.flag)
              case 'none':
                return w.O2.none
              case 'throw':
                throw new HostileError('updateFlags')
              case 'hostile': {
                const options = pick(pool, '^option: ')
                return options[arg.pool % options.length]![1]()
              }
            }
          }
        case 'pool': {
          const candidates = pick(pool, arg.focus)
          return candidates[arg.index % candidates.length]![1]()
        }
        case 'any':
          return arg.v
      }
    }
    const args = step.args.map(value)

    /** Records a new version made from `version` by an operation, after checking it. */
    const record = (result: unknown, ptArgIndex: number | undefined): void => {
      if (result === undefined || !checkEither(result)) return
      if (result._tag === 'Left') {
        checkMappingError(result.left, hostile)
        return
      }
      const [set, pt] = result.right as [unknown, unknown]
      const checked = checkSet(ctx, set)
      if (ptArgIndex !== undefined && step.args[ptArgIndex]!.k === 'pt') {
        checkPageTable(checked, pt as PT)
        mine.push({ set: checked, pt: pt as PT, snapshot: snapshotOf(checked) })
      }
    }

    switch (step.op) {
      case 'newArea': {
        const [start, size, flags, backend] = args
        const area = call(
          hostile,
          () => new lib.MemoryArea(start as number, size as number, flags, backend as never),
          /^MemoryArea: /,
        )
        if (area !== undefined) {
          for (const probe of [start, size, ...pool.slice(0, 12).map(([, make]) => make())]) {
            expect(typeof call(true, () => area.contains(probe as number))).toBe('boolean')
            expect(typeof call(true, () => area.equals(probe))).toBe('boolean')
          }
          expect(Number.isInteger(call(hostile, () => area.hashCode()))).toBe(true)
          expect(typeof call(hostile, () => area.toString())).toBe('string')
          expect(area.size).toBe(area.end - area.start)
        }
        break
      }
      case 'empty': {
        const set = call(hostile, () => lib.MemorySet.empty(args[0] as never), /^MemorySet.empty: /)
        if (set !== undefined) expect(checkSet(ctx, set).size).toBe(0)
        break
      }
      case 'fromAreas': {
        const result = call(hostile, () => lib.MemorySet.fromAreas(args[0] as never, args[1] as never))
        if (result !== undefined && checkEither(result)) {
          if (result._tag === 'Left') checkMappingError(result.left, false)
          else checkSet(ctx, result.right)
        }
        break
      }
      case 'map':
        record(
          call(hostile, () => version.set.map(args[0] as never, args[1] as never, args[2] as never)),
          1,
        )
        break
      case 'unmap':
        record(
          call(hostile, () => version.set.unmap(args[0] as never, args[1] as never, args[2] as never)),
          2,
        )
        break
      case 'protect':
        record(
          call(hostile, () =>
            version.set.protect(args[0] as never, args[1] as never, args[2] as never, args[3] as never),
          ),
          3,
        )
        break
      case 'clear':
        record(
          call(hostile, () => version.set.clear(args[0] as never)),
          0,
        )
        break
      case 'queries': {
        const [addr, range, hint, size, limit, align] = args
        const found = call(hostile, () => version.set.find(addr as number))
        if (found !== undefined) {
          expect(found._tag === 'None' || found._tag === 'Some').toBe(true)
          if (found._tag === 'Some') expect(found.value.contains(addr as number)).toBe(true)
        }
        const overlaps = call(hostile, () => version.set.overlaps(range as never))
        if (overlaps !== undefined) expect(typeof overlaps).toBe('boolean')
        const free = call(hostile, () =>
          version.set.findFreeArea(hint as number, size as number, limit as never, align as number),
        )
        if (free !== undefined && free._tag === 'Some') {
          expect(Number.isSafeInteger(free.value) && free.value >= 0).toBe(true)
          expect(version.set.overlaps({ start: free.value, end: free.value + (size as number) })).toBe(false)
        }
        expect(call(false, () => version.set.toArray().length)).toBe(version.set.size)
        expect(typeof call(false, () => version.set.toString())).toBe('string')
        expect(typeof call(false, () => inspect(version.set))).toBe('string')
        // Views main's toolkit added (when the build has them): whatever the flags are, no throw.
        for (const view of ['toSeq', 'toOrderedMap', 'toJSON']) {
          const method: unknown = (version.set as unknown as Record<string, unknown>)[view]
          if (typeof method === 'function') call(false, () => (method as () => unknown).call(version.set))
        }
        for (const area of version.set) {
          const toJSON: unknown = (area as unknown as Record<string, unknown>)['toJSON']
          if (typeof toJSON === 'function') call(false, () => (toJSON as () => unknown).call(area))
        }
        break
      }
      case 'equals': {
        const other = args[0]
        const equal = call(hostile, () => version.set.equals(other))
        expect(typeof equal).toBe('boolean')
        if (step.args[0]!.k === 'set') {
          // Sets of either build with the same areas are equal (finding 10), and hash alike.
          const theirs = other as AnySet
          const expected = sameAreas(version.set, theirs)
          expect(equal).toBe(expected)
          if (expected) expect(version.set.hashCode()).toBe(theirs.hashCode())
        }
        expect(Number.isInteger(call(false, () => version.set.hashCode()))).toBe(true)
        break
      }
      case 'guards': {
        for (const probe of args) {
          expect(typeof call(true, () => lib.isAddr(probe))).toBe('boolean')
          expect(typeof call(true, () => probe instanceof lib.MemoryArea)).toBe('boolean')
          expect(typeof call(true, () => probe instanceof lib.MemorySet)).toBe('boolean')
          const error = call(true, () => lib.MappingError.invalidParam(probe as string))
          expect(error?._tag).toBe('InvalidParam')
          const passed = call(true, () =>
            lib.noopBackend<unknown, unknown>().map(probe as number, probe as number, probe)(probe),
          )
          expect(passed?._tag === 'Right' && Object.is(passed.right, probe)).toBe(true)
        }
        break
      }
      case 'backendEffects': {
        const [start, size, flags, pt] = args
        for (const effect of [
          call(hostile, () => ctx.own.backend.map(start as number, size as number, flags)),
          call(hostile, () => ctx.own.backend.unmap(start as number, size as number)),
          call(hostile, () => ctx.own.backend.protect(start as number, size as number, flags)),
        ]) {
          expect(typeof effect).toBe('function')
          const result = call(hostile, () => effect!(pt as PT))
          if (result !== undefined && checkEither(result) && result._tag === 'Left')
            checkMappingError(result.left, false)
        }
        break
      }
      case 'mismatch': {
        const [areas, pt, pageSize] = args
        const answer = call(hostile, () => lib.pageTableMismatch(areas as never, pt as never, pageSize as number))
        if (answer !== undefined) {
          expect(answer._tag === 'None' || (answer._tag === 'Some' && typeof answer.value === 'string')).toBe(true)
          // Never "they agree" on a bad page size (finding 4).
          if (!(typeof pageSize === 'number' && Number.isSafeInteger(pageSize) && pageSize > 0)) {
            expect(answer._tag).toBe('Some')
          }
        }
        break
      }
      case 'pageTableBackend': {
        const backend = call(hostile, () => lib.pageTableBackend(args[0] as never), /^pageTableBackend: /)
        if (backend !== undefined) expect(Number.isSafeInteger(backend.pageSize)).toBe(true)
        break
      }
      case 'newMembers':
        newMembers(version.set, args, hostile)
        break
    }

    // Every version of every set, on both sides, is exactly as it was made.
    for (const side of versions) {
      for (const v of side) expect(sameSnapshot(snapshotOf(v.set), v.snapshot)).toBe(true)
    }
  }
}

/** Whether two sets hold the same areas (start, end, same backend, `Immutable.is` flags; false where `is` throws). */
const sameAreas = (a: AnySet, b: AnySet): boolean => {
  const xs = Array.from(a)
  const ys = Array.from(b)
  return (
    xs.length === ys.length &&
    xs.every((x, i) => {
      const y = ys[i]!
      if (x.start !== y.start || x.end !== y.end || x.backend !== y.backend) return false
      try {
        return x.equals(y)
      } catch {
        return false
      }
    })
  )
}

/**
 * Members that main's later work adds (merging sets, range iterators,
 * top-down search, strict protect): fuzzed when the build has them.
 */
const newMembers = (set: AnySet, args: readonly unknown[], hostile: boolean): void => {
  const [range, ceiling, size, limit, align, strict] = args
  const s = set as AnySet & {
    overlapping?: (range: unknown) => Iterable<unknown>
    gaps?: (limit: unknown) => Iterable<unknown>
    findFreeAreaTopDown?: (...a: unknown[]) => { _tag: string }
    coalesce?: () => unknown
    merging?: unknown
  }
  if (typeof s.overlapping === 'function') {
    const areas = call(hostile, () => Array.from(s.overlapping!(range)))
    if (areas !== undefined) expect(Array.isArray(areas)).toBe(true)
  }
  if (typeof s.gaps === 'function') {
    const gaps = call(hostile, () => Array.from(s.gaps!(limit)).slice(0, 1000))
    if (gaps !== undefined) expect(Array.isArray(gaps)).toBe(true)
  }
  if (typeof s.findFreeAreaTopDown === 'function') {
    const found = call(hostile, () => s.findFreeAreaTopDown!(ceiling, size, limit, align))
    if (found !== undefined) expect(['None', 'Some']).toContain(found._tag)
  }
  if (typeof s.coalesce === 'function') {
    const merged = call(false, () => s.coalesce!(), /^coalesce: /)
    if (merged !== undefined) expect((merged as { merging?: unknown }).merging).toBe(true)
  }
  if (strict !== undefined) {
    const result = call(hostile, () =>
      (set.protect as (...a: unknown[]) => unknown)(0, PAGE * 4, () => ({ _tag: 'None' }), null, { strict }),
    )
    if (result !== undefined) checkEither(result)
  }
}

// ---------------------------------------------------------------------------

describe('hostile fuzz of the built package (dist/esm and dist/cjs together)', () => {
  afterAll(() => {
    console.log(
      `hostile fuzz: ${counts.hostile} hostile cases in ${counts.calls} calls, ${counts.steps} steps, ${counts.runs} runs (ESM and CJS builds)`,
    )
  })

  it('the built package is there and current', () => {
    expect(problem).toBeUndefined()
  })

  it('sets of the ESM and the CommonJS build with the same areas are equal, both ways (finding 10)', () => {
    if (world === undefined) throw new Error(problem)
    const [esm, cjs] = world.sides
    const areasOf = (side: Side) => [
      new side.lib.MemoryArea(0x1000, 0x1000, 'r', esm.backend),
      new side.lib.MemoryArea(0x3000, 0x2000, 'w', esm.backend),
    ]
    const fromEsm = esm.lib.MemorySet.fromAreas<Flags, PT>(areasOf(esm))
    const fromCjs = cjs.lib.MemorySet.fromAreas<Flags, PT>(areasOf(cjs))
    if (fromEsm._tag === 'Left' || fromCjs._tag === 'Left') throw new Error('fromAreas failed')
    const [a, b] = [fromEsm.right, fromCjs.right]
    expect(a instanceof cjs.lib.MemorySet && b instanceof esm.lib.MemorySet).toBe(true)
    expect([a.equals(b), b.equals(a), world.ImEsm.is(a, b), world.Im2.is(b, a)]).toEqual([true, true, true, true])
    expect(a.hashCode()).toBe(b.hashCode())
    // One area less on one side: not equal any more, either way.
    const smaller = cjs.lib.MemorySet.fromAreas<Flags, PT>(areasOf(cjs).slice(1))
    if (smaller._tag === 'Left') throw new Error('fromAreas failed')
    expect([a.equals(smaller.right), smaller.right.equals(a)]).toEqual([false, false])
  })

  it('no public entry point throws from inside, changes an earlier version, or breaks the page table', () => {
    if (world === undefined) throw new Error(problem)
    const w = world
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 4, maxLength: 40 }), (steps) => runSteps(w, steps)),
      { numRuns: Number(process.env['HOSTILE_RUNS'] ?? 400) },
    )
    // A floor, so that a change that silently skips most cases is noticed.
    expect(counts.hostile).toBeGreaterThan(5000)
  }, 120_000)
})
