/**
 * `checkBackend`: the backend laws, checked with fast-check on a user's
 * `MappingBackend`.
 *
 * @packageDocumentation
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { is } from 'immutable'
import type { Addr } from '../address.js'
import type { MappingBackend, PageTableEffect } from '../backend.js'
import type { MappingError } from '../error.js'
import { hex } from '../internal/numbers.js'

/**
 * What {@link checkBackend} needs to know about a backend.
 *
 * @typeParam F - the flags type.
 * @typeParam PT - the page-table value the backend's effects transform.
 *
 * @since 0.2.0
 * @category testing
 */
export interface BackendSpec<F, PT> {
  /** The backend under test. */
  readonly backend: MappingBackend<F, PT>
  /** A page table with nothing mapped. */
  readonly emptyPageTable: PT
  /** The flags mapped at `addr` in `pageTable`, if any. */
  readonly lookup: (pageTable: PT, addr: Addr) => O.Option<F>
  /** Flags to map and protect with. */
  readonly flags: fc.Arbitrary<F>
  /** Bytes per page (default 4096): every range the laws use is page-aligned. */
  readonly pageSize?: number
  /** Page-table equality (default `Immutable.is`). */
  readonly equals?: (a: PT, b: PT) => boolean
}

/** Pages of the window calls start in, and where it starts (in pages; not 0, which some backends refuse). */
const WINDOW_PAGES = 16
const WINDOW_BASE = 16
/** Longest call, in pages. */
const MAX_PAGES = 4
/** Pages looked up after each call: the window, the pages a call may run past it, and one page on each side. */
const VIEW_PAGES = WINDOW_PAGES + MAX_PAGES + 1

type Method = 'map' | 'unmap' | 'protect'

/** One backend call in page units, relative to the window. */
interface Call<F> {
  readonly method: Method
  readonly page: number
  readonly pages: number
  readonly flags: F
}

/** The setup calls (applied only where legal) and the call whose laws are checked. */
interface Scenario<F> {
  readonly setup: readonly Call<F>[]
  readonly call: Call<F>
}

/** A law that does not hold, with the details. */
class LawBroken extends Error {
  constructor(
    readonly law: string,
    detail: string,
  ) {
    super(detail)
  }
}

/**
 * Checks `spec.backend` against the backend laws with fast-check, and throws
 * an `Error` whose message names the broken law and shows the shrunk
 * counterexample (the setup calls and the call that broke it, with byte
 * addresses) when one does not hold:
 *
 * - **pure**: running an effect twice on the same page table gives equal
 *   results, and leaves that page table unchanged (as seen by `lookup`);
 * - **map then lookup**: mapping an unmapped range succeeds, `lookup` sees the
 *   flags on every page of it, and no other page changed;
 * - **unmap after map restores**: unmapping a range just mapped gives a page
 *   table `equals` to the one before, and unmapping a mapped range leaves its
 *   pages unmapped and no other page changed;
 * - **protect changes exactly the range**: protecting a mapped range succeeds,
 *   gives its pages the new flags, and no other page changed;
 * - **refusals**: `map` over a mapped page, and `unmap`/`protect` of a range
 *   with an unmapped page, are `Left`;
 * - **effects return an Either** (an fp-ts `Left` or `Right`), and do not throw
 *   (reported as law "no throw").
 *
 * Every range is page-aligned and lies in a window of 16 pages starting at
 * page 16; page tables are built by random legal calls of the backend itself.
 *
 * @param parameters - fast-check parameters (`numRuns` defaults to 200, `seed` to replay a failure).
 * @throws Error when a law does not hold (or the backend throws).
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { emptyPageTable, pageTableBackend } from 'memory-set'
 * import { checkBackend } from 'memory-set/testing'
 *
 * checkBackend({
 *   backend: pageTableBackend<number>(),
 *   emptyPageTable: emptyPageTable<number>(),
 *   lookup: (pt, addr) => O.fromNullable(pt.get(addr / 4096)),
 *   flags: fc.integer({ min: 0, max: 7 }),
 * }) // returns: the reference backend keeps every law
 * ```
 * @since 0.2.0
 * @category testing
 */
export const checkBackend = <F, PT>(spec: BackendSpec<F, PT>, parameters?: fc.Parameters): void => {
  const pageSize = spec.pageSize ?? 4096
  const equals = spec.equals ?? is
  const flagsText = (flags: F): string => fc.stringify(flags)
  const callText = (call: Call<F>): string => {
    const start = hex((WINDOW_BASE + call.page) * pageSize)
    const size = hex(call.pages * pageSize)
    return call.method === 'unmap'
      ? `unmap(${start}, ${size})`
      : `${call.method}(${start}, ${size}, ${flagsText(call.flags)})`
  }

  const callArb: fc.Arbitrary<Call<F>> = fc.record({
    method: fc.constantFrom<Method>('map', 'unmap', 'protect'),
    page: fc.integer({ min: 0, max: WINDOW_PAGES - 1 }),
    pages: fc.integer({ min: 1, max: MAX_PAGES }),
    flags: spec.flags,
  })
  const scenarioArb: fc.Arbitrary<Scenario<F>> = fc
    .record({ setup: fc.array(callArb, { maxLength: 8 }), call: callArb })
    .map((s) =>
      Object.assign(s, {
        // How fast-check prints the counterexample: the calls in order, with byte addresses.
        [fc.toStringMethod]: () =>
          [...s.setup.map((c) => `${callText(c)}; `), `then ${callText(s.call)}`].join('').replace(/^then /, ''),
      }),
    )

  const effectOf = (call: Call<F>): PageTableEffect<PT> => {
    const start = (WINDOW_BASE + call.page) * pageSize
    const size = call.pages * pageSize
    switch (call.method) {
      case 'map':
        return spec.backend.map(start, size, call.flags)
      case 'unmap':
        return spec.backend.unmap(start, size)
      case 'protect':
        return spec.backend.protect(start, size, call.flags)
    }
  }
  const run = (call: Call<F>, pt: PT): E.Either<MappingError, PT> => {
    const result: unknown = effectOf(call)(pt)
    if (!isEither<PT>(result)) {
      throw new LawBroken(
        'effects return an Either',
        `${callText(call)} returned ${fc.stringify(result)}, not an fp-ts Either`,
      )
    }
    return result
  }
  /** The law a call on a legal range falls under, and the error when it returned Left. */
  const lawOf = (method: Method): string =>
    method === 'map'
      ? 'map then lookup'
      : method === 'unmap'
        ? 'unmap after map restores'
        : 'protect changes exactly the range'
  const refusedLegal = (call: Call<F>, error: MappingError): LawBroken =>
    new LawBroken(
      lawOf(call.method),
      `${callText(call)} on a legal range returned Left(${error._tag}): ${error.message}`,
    )

  /** Lookups of the window and one page on each side: `page index -> flags`. */
  type View = readonly O.Option<F>[]
  const view = (pt: PT): View =>
    Array.from({ length: VIEW_PAGES }, (_, i) => spec.lookup(pt, (WINDOW_BASE - 1 + i) * pageSize))
  const pageAddr = (i: number): string => hex((WINDOW_BASE - 1 + i) * pageSize)
  const showOption = (o: O.Option<F>): string => (O.isSome(o) ? `Some(${flagsText(o.value)})` : 'None')
  const sameOption = (a: O.Option<F>, b: O.Option<F>): boolean =>
    O.isNone(a) ? O.isNone(b) : O.isSome(b) && is(a.value, b.value)
  /** The index in a View of page `page` of the window. */
  const slot = (page: number): number => page + 1
  const inCall = (call: Call<F>, i: number): boolean => i >= slot(call.page) && i < slot(call.page + call.pages)

  /** Compares a view with what it should be, naming the first page that differs. */
  const expectView = (law: string, call: Call<F>, actual: View, expected: (i: number) => O.Option<F>): void => {
    for (const [i, got] of actual.entries()) {
      const want = expected(i)
      if (!sameOption(got, want)) {
        throw new LawBroken(
          law,
          `after ${callText(call)}, lookup at ${pageAddr(i)} gives ${showOption(got)}, expected ${showOption(want)}`,
        )
      }
    }
  }

  const check = (scenario: Scenario<F>): void => {
    // A backend that mutates its input may have written into the shared empty
    // page table in an earlier run: say so (every later run, including each
    // shrinking step, then fails here, so the shrunk calls stay minimal).
    let pt = spec.emptyPageTable
    const dirty = view(pt).findIndex(O.isSome)
    if (dirty >= 0) {
      throw new LawBroken(
        'pure',
        `emptyPageTable has the page at ${pageAddr(dirty)} mapped: an effect mutated its input page table`,
      )
    }
    // Build the page table by the setup calls that are legal in the model.
    for (const call of scenario.setup) {
      const before = view(pt)
      if (!isLegal(call, before)) continue
      const result = run(call, pt)
      if (E.isLeft(result)) throw refusedLegal(call, result.left)
      pt = result.right
    }

    const { call } = scenario
    const before = view(pt)

    // pure: twice the same result, input unchanged.
    const first = run(call, pt)
    expectView('pure', call, view(pt), (i) => before[i] ?? O.none)
    const second = run(call, pt)
    if (
      E.isLeft(first) !== E.isLeft(second) ||
      (E.isRight(first) && E.isRight(second) && !equals(first.right, second.right))
    ) {
      throw new LawBroken(
        'pure',
        `running the effect of ${callText(call)} twice on one page table gave different results`,
      )
    }

    if (!isLegal(call, before)) {
      if (E.isRight(first)) {
        const why = call.method === 'map' ? 'maps over a mapped page' : 'touches an unmapped page'
        throw new LawBroken('refusals', `${callText(call)} ${why} but returned Right`)
      }
      return
    }
    if (E.isLeft(first)) throw refusedLegal(call, first.left)
    const law = lawOf(call.method)
    const after = first.right
    const other = (i: number): O.Option<F> => before[i] ?? O.none
    switch (call.method) {
      case 'map': {
        expectView(law, call, view(after), (i) => (inCall(call, i) ? O.some(call.flags) : other(i)))
        const unmapCall: Call<F> = { ...call, method: 'unmap' }
        const back = run(unmapCall, after)
        if (E.isLeft(back)) throw refusedLegal(unmapCall, back.left)
        if (!equals(back.right, pt)) {
          throw new LawBroken(
            'unmap after map restores',
            `${callText(call)} then unmap of the same range gives a page table not equal to the one before`,
          )
        }
        return
      }
      case 'unmap':
        return expectView(law, call, view(after), (i) => (inCall(call, i) ? O.none : other(i)))
      case 'protect':
        return expectView(law, call, view(after), (i) => (inCall(call, i) ? O.some(call.flags) : other(i)))
    }
  }

  /** Whether the laws require `call` to succeed on a page table whose window looks like `pages`. */
  const isLegal = (call: Call<F>, pages: View): boolean => {
    for (let i = slot(call.page); i < slot(call.page + call.pages); i++) {
      const mapped = O.isSome(pages[i] ?? O.none)
      if (call.method === 'map' ? mapped : !mapped) return false
    }
    return true
  }

  const details = fc.check(fc.property(scenarioArb, check), {
    numRuns: 200,
    ...(parameters as fc.Parameters<[Scenario<F>]> | undefined),
  })
  if (!details.failed) return
  const counterexample = details.counterexample?.[0]
  const error = details.errorInstance
  const law = error instanceof LawBroken ? error.law : 'no throw'
  const what =
    error instanceof LawBroken
      ? error.message
      : `the backend threw ${error instanceof Error ? `${error.name}: ${error.message}` : fc.stringify(error)}`
  throw new Error(
    [
      `checkBackend: law "${law}" does not hold`,
      `  calls (shrunk ${details.numShrinks} times): ${fc.stringify(counterexample)}`,
      `  ${what}`,
      `  replay with { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }`,
    ].join('\n'),
    { cause: error },
  )
}

const isEither = <A>(value: unknown): value is E.Either<MappingError, A> =>
  typeof value === 'object' &&
  value !== null &&
  ((value as { _tag?: unknown })._tag === 'Left' || (value as { _tag?: unknown })._tag === 'Right')
