/**
 * Questions about a replay: which space a pid was using, and what a space
 * looked like after any step (at once: every step holds its version).
 *
 * @packageDocumentation
 */
import type { Replay } from './engine.js'
import type { ReplaySpace } from './space.js'
import type { Step } from './step.js'

/** The space `pid` was using after step `step` (the last step when omitted), or undefined. */
export const spaceOfPid = (r: Replay, pid: number, step = r.steps.length): number | undefined => {
  const line = step <= 0 ? 0 : (r.steps[step - 1]?.call.line ?? Infinity)
  let found: number | undefined
  for (const a of r.assignments) if (a.pid === pid && a.line <= line) found = a.spaceId
  return found
}

/**
 * The space shown by default: the one the first traced pid ends up in (the
 * traced program after its last execve).
 */
export const defaultSpace = (r: Replay, step = r.steps.length): number | undefined => {
  const first = r.assignments[0]
  return first === undefined ? undefined : spaceOfPid(r, first.pid, step)
}

/** The steps that acted on space `spaceId`, in order. */
export const stepsOf = (r: Replay, spaceId: number): readonly Step[] => r.steps.filter((s) => s.spaceId === spaceId)

/** Space `spaceId` after step `step` (0: before any step). */
export const stateAt = (r: Replay, spaceId: number, step: number): ReplaySpace | undefined => {
  const origin = r.spaces[spaceId]
  if (origin === undefined) return undefined
  // Binary search for the last step <= `step` of this space would need an index
  // per space; a backwards scan is enough for one query.
  for (let i = Math.min(step, r.steps.length) - 1; i >= 0; i--) {
    const s = r.steps[i]
    if (s !== undefined && s.spaceId === spaceId) return s.space
  }
  return origin.initial
}

/** The number of steps that completed at or before `line`. */
export const stepAtLine = (r: Replay, line: number): number => {
  let lo = 0
  let hi = r.steps.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((r.steps[mid]?.call.line ?? Infinity) <= line) lo = mid + 1
    else hi = mid
  }
  return lo
}
