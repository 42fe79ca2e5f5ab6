/**
 * `checkImplementation`: model-based testing of a user's memory manager
 * against a reference model (memory-set's semantics or Linux's).
 *
 * @packageDocumentation
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { is } from 'immutable'
import type { Addr } from '../address.js'
import { hex } from '../internal/numbers.js'
import { seedModel, type SystemAdapter } from './system.js'

/**
 * What {@link checkImplementation} needs: the system under test, the
 * reference it must agree with, and the flags to use.
 *
 * @since 0.2.0
 * @category testing
 */
export interface ImplementationSpec<F, S, R> {
  /** The implementation under test. */
  readonly system: SystemAdapter<F, S>
  /** The reference model (default {@link seedModel}`()`). */
  readonly reference?: SystemAdapter<F, R>
  /** Flags to map and protect with. */
  readonly flags: fc.Arbitrary<F>
  /** Bytes per page (default 4096). Every generated range is page-aligned. */
  readonly pageSize?: number
  /** Pages in the window operations act on (default 32): small, so operations collide. */
  readonly pages?: number
  /** First address of the window (default 0x10000, Linux's `mmap_min_addr`). */
  readonly base?: Addr
  /** Longest generated operation sequence (default 30). */
  readonly maxCommands?: number
  /**
   * Whether two failures agree (default: any two failures do). Give it to
   * compare error codes, e.g. `(a, b) => a === b.code` against the Linux model.
   */
  readonly sameError?: (systemError: unknown, referenceError: unknown) => boolean
  /** Flags equality for the per-page comparison (default `Immutable.is`). */
  readonly sameFlags?: (a: F, b: F) => boolean
}

interface Boxes<S, R> {
  readonly model: { state: R }
  readonly real: { state: S }
}

/**
 * Runs random sequences of map / unmap / protect (`fc.commands`) on the
 * user's `system` and on the `reference` side by side, and after every step
 * compares the outcome (success or failure, and the errors with
 * `sameError`) and the state of every page of the window (and the page on
 * each side) through both `lookup`s. On the first disagreement it throws an
 * `Error` whose message shows the shortest failing sequence fast-check found
 * (shrunk), the step where they part, and how.
 *
 * @param parameters - fast-check parameters (`numRuns` defaults to 100; `seed` replays a failure).
 * @throws Error when the system and the reference disagree (or either throws).
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { checkImplementation, seedModel } from 'memory-set/testing'
 * // memory-set's model checked against itself always agrees:
 * checkImplementation({ system: seedModel<number>(), flags: fc.nat(3) }, { numRuns: 20 })
 * ```
 * @since 0.2.0
 * @category testing
 */
export const checkImplementation = <F, S, R = unknown>(
  spec: ImplementationSpec<F, S, R>,
  parameters?: fc.Parameters,
): void => {
  const reference = spec.reference ?? (seedModel<F>() as unknown as SystemAdapter<F, R>)
  const pageSize = spec.pageSize ?? 4096
  const pages = spec.pages ?? 32
  const base = spec.base ?? 0x10000
  const sameFlags = spec.sameFlags ?? is
  const sameError = spec.sameError ?? (() => true)
  const showFlags = (flags: F): string => fc.stringify(flags)
  const showResult = (r: E.Either<unknown, unknown>): string =>
    E.isRight(r) ? 'succeeds' : `fails with ${fc.stringify(r.left)}`
  const showPage = (o: O.Option<F>): string => (O.isSome(o) ? `mapped with ${showFlags(o.value)}` : 'unmapped')

  // The steps of the current run, and of the last run that failed: fast-check
  // reports the last failing run it found while shrinking, so that is the
  // shortest failing sequence (later steps of it never ran).
  let executed: string[] = []
  let failedRun: readonly string[] = []

  type Call = (adapter: SystemAdapter<F, unknown>, state: unknown) => E.Either<unknown, unknown>
  class Step implements fc.Command<{ state: R }, { state: S }> {
    constructor(
      readonly text: string,
      readonly call: Call,
    ) {}
    check(): boolean {
      return true
    }
    run(model: { state: R }, real: { state: S }): void {
      executed.push(this.text)
      try {
        this.compare(model, real)
      } catch (e) {
        failedRun = executed
        throw e
      }
    }
    compare(model: { state: R }, real: { state: S }): void {
      const expected = this.call(reference as SystemAdapter<F, unknown>, model.state)
      const actual = this.call(spec.system as SystemAdapter<F, unknown>, real.state)
      if (
        E.isLeft(expected) !== E.isLeft(actual) ||
        (E.isLeft(expected) && E.isLeft(actual) && !sameError(actual.left, expected.left))
      ) {
        throw new Error(`${this.text}: the system ${showResult(actual)}, the reference ${showResult(expected)}`)
      }
      const after = <T>(adapter: SystemAdapter<F, T>, state: T, result: E.Either<unknown, unknown>): T =>
        E.isRight(result) ? (result.right as T) : (adapter.afterFailure?.(state, result.left) ?? state)
      model.state = after(reference, model.state, expected)
      real.state = after(spec.system, real.state, actual)
      for (let page = -1; page <= pages; page++) {
        const addr = base + page * pageSize
        if (addr < 0) continue
        const want = reference.lookup(model.state, addr)
        const got = spec.system.lookup(real.state, addr)
        const same = O.isNone(want) ? O.isNone(got) : O.isSome(got) && sameFlags(got.value, want.value)
        if (!same) {
          throw new Error(
            `after ${this.text}: the page at ${hex(addr)} is ${showPage(got)} in the system, ${showPage(want)} in the reference`,
          )
        }
      }
    }
    toString(): string {
      return this.text
    }
  }

  const range = fc
    .record({ page: fc.integer({ min: 0, max: pages - 1 }), length: fc.integer({ min: 1, max: 8 }) })
    .map(({ page, length }) => ({ start: base + page * pageSize, size: length * pageSize }))
  const commands = [
    fc
      .tuple(range, spec.flags)
      .map(
        ([{ start, size }, flags]) =>
          new Step(`map(${hex(start)}, ${hex(size)}, ${showFlags(flags)})`, (a, s) => a.map(s, start, size, flags)),
      ),
    range.map(({ start, size }) => new Step(`unmap(${hex(start)}, ${hex(size)})`, (a, s) => a.unmap(s, start, size))),
    fc
      .tuple(range, spec.flags)
      .map(
        ([{ start, size }, flags]) =>
          new Step(`protect(${hex(start)}, ${hex(size)}, ${showFlags(flags)})`, (a, s) =>
            a.protect(s, start, size, flags),
          ),
      ),
  ]
  const setup = (): Boxes<S, R> => {
    executed = []
    return { model: { state: reference.create() }, real: { state: spec.system.create() } }
  }
  const property = fc.property(fc.commands(commands, { maxCommands: spec.maxCommands ?? 30 }), (steps) => {
    fc.modelRun(setup, steps)
  })
  const details = fc.check(property, {
    numRuns: 100,
    ...(parameters as fc.Parameters<[Iterable<fc.Command<{ state: R }, { state: S }>>]> | undefined),
  })
  if (!details.failed) return
  const error = details.errorInstance
  const sequence = failedRun
  throw new Error(
    [
      `checkImplementation: the system and the reference disagree`,
      `  shortest failing sequence found (shrunk ${details.numShrinks} times, ${sequence.length} steps):`,
      ...sequence.map((s, i) => `    ${i + 1}. ${s}`),
      `  ${error instanceof Error ? error.message : `threw ${fc.stringify(error)}`}`,
      `  replay with { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }`,
    ].join('\n'),
    { cause: error },
  )
}
