/**
 * The history of the area holding an address: every step that created,
 * changed or removed the area there.
 *
 * @packageDocumentation
 */
import { hex } from '../strace/numbers.js'
import type { Replay } from '../replay/engine.js'
import type { ReplaySpace, ReplayVma } from '../replay/space.js'
import { mapsLine, pathOf } from './maps.js'
import { callText } from './steps.js'

/** The area holding `addr`, by binary search. */
export const vmaAt = (space: ReplaySpace, addr: number): ReplayVma | undefined => {
  const vmas = space.vmas()
  let lo = 0
  let hi = vmas.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const v = vmas[mid]
    if (v === undefined) break
    if (v.end <= addr) lo = mid + 1
    else if (v.start > addr) hi = mid
    else return v
  }
  return undefined
}

const same = (a: ReplayVma | undefined, b: ReplayVma | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.start === b.start &&
    a.end === b.end &&
    a.perms === b.perms &&
    a.fd === b.fd &&
    a.offset === b.offset)

/** The history of `addr` in space `spaceId` up to step `step`, as text. */
export const explainText = (r: Replay, spaceId: number, step: number, addr: number): string => {
  const origin = r.spaces[spaceId]
  let before = origin === undefined ? undefined : vmaAt(origin.initial, addr)
  const describe = (v: ReplayVma | undefined): string => (v === undefined ? '(not mapped)' : mapsLine(v, pathOf(r, v)))
  const lines: string[] = []
  if (before !== undefined) lines.push(`at the start of this address space: ${describe(before)}`)
  for (const s of r.steps.slice(0, step)) {
    if (s.spaceId !== spaceId) continue
    // Listing areas is O(n): look only when the step touched the area at addr or its
    // edges (a neighbour may merge with it), or addr itself when it was unmapped.
    const near =
      before === undefined ? { start: addr, end: addr + 1 } : { start: before.start - 1, end: before.end + 1 }
    if (s.touched !== 'all' && !s.touched.some((t) => t.start < near.end && t.end > near.start)) continue
    const now = vmaAt(s.space, addr)
    if (same(before, now)) continue
    lines.push(`line ${s.call.line}: ${callText(s.call)} [${s.outcome}]`)
    lines.push(`    ${describe(now)}`)
    before = now
  }
  const header = `${hex(addr)}: ${before === undefined ? 'not mapped' : 'in ' + describe(before)}`
  return [header, ...(lines.length === 0 ? ['no traced call touched it'] : lines)].join('\n')
}
