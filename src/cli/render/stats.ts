/**
 * Figures about a replayed space: areas, mapped bytes, the peak, and the calls
 * by kind and by outcome.
 *
 * @packageDocumentation
 */
import type { Replay } from '../replay/engine.js'
import type { ReplaySpace } from '../replay/space.js'
import type { Range } from '../replay/step.js'

/** The figures {@link statsText} prints. */
export interface Stats {
  readonly areas: number
  readonly mappedBytes: number
  readonly peakBytes: number
  readonly peakLine: number
  readonly calls: ReadonlyMap<string, number>
  readonly outcomes: ReadonlyMap<string, number>
  readonly spaces: number
  readonly warnings: number
}

const mapped = (s: ReplaySpace): number => s.vmas().reduce((n, v) => n + (v.end - v.start), 0)

/** The mapped bytes of `s` inside `ranges` (sorted, disjoint). */
const mappedIn = (s: ReplaySpace, ranges: readonly Range[]): number => {
  let n = 0
  for (const r of ranges) {
    const areas = s.set?.overlapping(r) ?? s.vmas().filter((v) => v.start < r.end && v.end > r.start)
    for (const a of areas) n += Math.min(a.end, r.end) - Math.max(a.start, r.start)
  }
  return n
}

/** The figures of space `spaceId` after step `step`. */
export const computeStats = (r: Replay, spaceId: number, step: number, space: ReplaySpace): Stats => {
  const calls = new Map<string, number>()
  const outcomes = new Map<string, number>()
  let before = r.spaces[spaceId]?.initial ?? space
  let bytes = mapped(before)
  let peakBytes = bytes
  let peakLine = 0
  for (const s of r.steps.slice(0, step)) {
    if (s.spaceId !== spaceId) continue
    calls.set(s.call.name, (calls.get(s.call.name) ?? 0) + 1)
    outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1)
    if (s.space !== before) {
      // Only the step's touched ranges changed: count the difference there, not every area.
      bytes = s.touched === 'all' ? mapped(s.space) : bytes + mappedIn(s.space, s.touched) - mappedIn(before, s.touched)
      before = s.space
      if (bytes > peakBytes) {
        peakBytes = bytes
        peakLine = s.call.line
      }
    }
  }
  return {
    areas: space.vmas().length,
    mappedBytes: mapped(space),
    peakBytes,
    peakLine,
    calls,
    outcomes,
    spaces: r.spaces.length,
    warnings: r.warnings.length,
  }
}

/** `1.5 MiB` style. */
export const bytes = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? n : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`
}

/** The figures as text. */
export const statsText = (s: Stats): string => {
  const sorted = (m: ReadonlyMap<string, number>): string =>
    [...m]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')
  return [
    `areas: ${s.areas}`,
    `mapped: ${s.mappedBytes} bytes (${bytes(s.mappedBytes)})`,
    `peak: ${s.peakBytes} bytes (${bytes(s.peakBytes)})${s.peakLine > 0 ? ` after line ${s.peakLine}` : ''}`,
    `calls: ${sorted(s.calls) || 'none'}`,
    `outcomes: ${sorted(s.outcomes) || 'none'}`,
    `address spaces in the trace: ${s.spaces}`,
    `warnings: ${s.warnings}`,
  ].join('\n')
}
