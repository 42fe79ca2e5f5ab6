/**
 * What one traced call did to its address space.
 *
 * @packageDocumentation
 */
import type { Syscall } from '../strace/syscall.js'
import type { TraceCall } from '../strace/trace.js'
import type { ReplaySpace } from './space.js'

/**
 * How the replay handled a call:
 * - `applied`: the model made the call and agreed with the trace;
 * - `placed`: the trace's result was forced (e.g. `MAP_FIXED` at the address
 *   the kernel returned) because the model would have answered otherwise;
 * - `partial`: the call touched memory mapped before tracing began; the
 *   replay applied it to the part it knows;
 * - `early`: applied before its result line, because another thread's result
 *   landed on its pages (see `note`);
 * - `kernel-state`: the call failed but changed memory, as the kernel does;
 * - `failed`: failed in the trace, no change;
 * - `disagreed`: the model refused what the trace says succeeded (see `note`);
 * - `event`: a memory call that does not change the layout (madvise, mlock, ...);
 * - `process`: clone, fork, vfork, execve;
 * - `unmodelled`: a call that may change memory but is not modelled;
 * - `ignored`: no effect on memory (wait4, exit_group, ...).
 */
export type Outcome =
  | 'applied'
  | 'placed'
  | 'partial'
  | 'early'
  | 'kernel-state'
  | 'failed'
  | 'disagreed'
  | 'event'
  | 'process'
  | 'unmodelled'
  | 'ignored'

/** One call of the trace, replayed. */
export interface Step {
  /** 1-based, in the order calls completed. */
  readonly number: number
  readonly call: TraceCall
  readonly syscall: Syscall | undefined
  /** The address space the call acted on (see `Replay.spaces`). */
  readonly spaceId: number
  readonly outcome: Outcome
  readonly note: string | undefined
  /** That space after the call: a persistent value, kept for every step. */
  readonly space: ReplaySpace
  /**
   * Where the call may have changed the space (sorted, disjoint; empty when it
   * changed nothing), or `'all'` when the replay cannot say. Outside these
   * ranges the space after the step is the space before it.
   */
  readonly touched: readonly Range[] | 'all'
}

/** A half-open address range. */
export interface Range {
  readonly start: number
  readonly end: number
}

/** `ranges` sorted and joined where they overlap or touch; empty ranges dropped. */
export const unionOf = (ranges: readonly Range[]): readonly Range[] => {
  const sorted = ranges.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start)
  const out: { start: number; end: number }[] = []
  for (const x of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && x.start <= last.end) last.end = Math.max(last.end, x.end)
    else out.push({ start: x.start, end: x.end })
  }
  return out
}
