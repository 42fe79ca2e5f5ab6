/**
 * Checking a replay against the kernel: the replayed areas and the kernel's
 * `/proc/PID/maps`, compared on every range the trace explains (memory the
 * traced calls created; mappings made before tracing began are not scored),
 * after coalescing neighbours with equal permissions and file-backedness.
 *
 * @packageDocumentation
 */
import { hex } from '../strace/numbers.js'
import type { Replay } from './engine.js'
import { pageUp, type ReplaySpace } from './space.js'

/** An area reduced to what the comparison looks at. */
export interface Span {
  readonly start: number
  readonly end: number
  readonly perms: string
  readonly fileBacked: boolean
}

/** The result of {@link compareWithKernel}. */
export interface Comparison {
  readonly explainedBytes: number
  /** The bytes where both agree. */
  readonly matchingBytes: number
  /** Coalesced spans of each side that the other side lacks. */
  readonly onlyKernel: readonly Span[]
  readonly onlyReplay: readonly Span[]
}

/** Parses `/proc/PID/maps` text. */
export const parseMaps = (text: string): readonly Span[] =>
  text
    .split('\n')
    .map((l) => /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) [0-9a-f]+ \S+ (\d+)\s*(.*)$/.exec(l.trim()))
    .flatMap((m) => {
      if (m === null) return []
      const path = m[5] ?? ''
      // Shared anonymous memory shows as a deleted /dev/zero file (a shmem inode).
      const fileBacked = m[4] !== '0' && !path.startsWith('/dev/zero') && !path.startsWith('/SYSV')
      return [{ start: parseInt(m[1] ?? '', 16), end: parseInt(m[2] ?? '', 16), perms: m[3] ?? '', fileBacked }]
    })

/**
 * Space `spaceId` up to step `step`, then, for a fork, its parent up to the
 * fork, and so on: where the history of a space's memory is.
 */
const lineage = (r: Replay, spaceId: number, step: number): readonly { id: number; limit: number }[] => {
  const out: { id: number; limit: number }[] = []
  let id: number | undefined = spaceId
  let limit = step
  while (id !== undefined) {
    out.push({ id, limit })
    const origin: Replay['spaces'][number] | undefined = r.spaces[id]
    if (origin?.kind !== 'fork') break
    limit = r.steps.findIndex((s) => s.call.line > origin.line)
    if (limit < 0) limit = r.steps.length
    id = origin.parent
  }
  return out
}

/**
 * The ranges the trace explains for space `spaceId` up to step `step`:
 * everything its successful mmap and mremap calls and its break growth
 * created, including what a forked space inherited from its parent.
 */
export const explainedRanges = (r: Replay, spaceId: number, step: number): readonly Span[] => {
  const ranges: { start: number; end: number }[] = []
  for (const { id, limit } of lineage(r, spaceId, step)) {
    for (const s of r.steps) {
      if (s.number > limit || s.spaceId !== id || s.call.result.kind !== 'value') continue
      const d = s.syscall
      const v = s.call.result.value
      if (d?.kind === 'mmap') ranges.push({ start: v, end: v + pageUp(d.length) })
      else if (d?.kind === 'mremap') ranges.push({ start: v, end: v + pageUp(d.newLength) })
      else if (d?.kind === 'brk') {
        const before = previousBreak(r, s.number, id)
        if (before !== undefined && v > before) ranges.push({ start: pageUp(before), end: pageUp(v) })
      }
    }
  }
  return union(ranges)
}

/**
 * The break before step `number` of space `id`: the last brk result before it
 * in the space or, for a fork, in its parent before the fork (which it inherited).
 */
const previousBreak = (r: Replay, number: number, id: number): number | undefined => {
  for (const { id: space, limit } of lineage(r, id, number - 1)) {
    for (let i = limit - 1; i >= 0; i--) {
      const s = r.steps[i]
      if (s?.spaceId === space && s.syscall?.kind === 'brk' && s.call.result.kind === 'value')
        return s.call.result.value
    }
  }
  return undefined
}

const union = (ranges: readonly { start: number; end: number }[]): readonly Span[] => {
  const sorted = [...ranges].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start)
  const out: { start: number; end: number }[] = []
  for (const x of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && x.start <= last.end) last.end = Math.max(last.end, x.end)
    else out.push({ ...x })
  }
  return out.map((x) => ({ ...x, perms: '', fileBacked: false }))
}

/** `spans` cut to `within`, with neighbours of equal perms and file-backedness joined. */
export const restrict = (spans: readonly Span[], within: readonly Span[]): readonly Span[] => {
  const out: Span[] = []
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    for (const w of within) {
      const start = Math.max(s.start, w.start)
      const end = Math.min(s.end, w.end)
      if (start >= end) continue
      const last = out[out.length - 1]
      if (last !== undefined && last.end === start && last.perms === s.perms && last.fileBacked === s.fileBacked) {
        out[out.length - 1] = { ...last, end }
      } else out.push({ start, end, perms: s.perms, fileBacked: s.fileBacked })
    }
  }
  return out
}

/** Compares the replayed `space` with the kernel's maps on `explained`. */
export const compareWithKernel = (space: ReplaySpace, kernelMaps: string, explained: readonly Span[]): Comparison => {
  const replayed = restrict(
    space.vmas().map((v) => ({ start: v.start, end: v.end, perms: v.perms, fileBacked: v.fd >= 0 })),
    explained,
  )
  const kernel = restrict(parseMaps(kernelMaps), explained)
  const key = (s: Span): string => `${s.start}-${s.end}-${s.perms}-${s.fileBacked}`
  const inKernel = new Set(kernel.map(key))
  const inReplay = new Set(replayed.map(key))
  const onlyKernel = kernel.filter((s) => !inReplay.has(key(s)))
  const onlyReplay = replayed.filter((s) => !inKernel.has(key(s)))
  const explainedBytes = explained.reduce((n, s) => n + (s.end - s.start), 0)
  let wrong = 0
  // Bytes covered by a mismatching span on either side, counted once.
  for (const s of union([...onlyKernel, ...onlyReplay])) wrong += s.end - s.start
  return { explainedBytes, matchingBytes: explainedBytes - wrong, onlyKernel, onlyReplay }
}

/** One line per mismatch, for reports. */
export const describeComparison = (c: Comparison): string => {
  const lines = [
    `${c.matchingBytes} of ${c.explainedBytes} explained bytes match` +
      (c.onlyKernel.length + c.onlyReplay.length === 0
        ? ''
        : ` (${c.onlyKernel.length + c.onlyReplay.length} differing spans)`),
  ]
  const show = (side: string) => (s: Span) =>
    `  ${side} ${hex(s.start)}-${hex(s.end)} ${s.perms}${s.fileBacked ? ' file' : ''}`
  lines.push(...c.onlyKernel.map(show('kernel only:')), ...c.onlyReplay.map(show('replay only:')))
  return lines.join('\n')
}
