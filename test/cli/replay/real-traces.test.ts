// The replay against the kernel, on traces of real programs recorded on Linux 6.18
// (examples/traces/record.sh): for every traced process, the replayed areas and the
// kernel's own /proc/PID/maps (copied at exit, just before the marker call
// madvise(NULL, 0, 4242)) must agree on every range the trace explains.
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareWithKernel, describeComparison, explainedRanges } from '../../../src/cli/replay/compare.js'
import { replay } from '../../../src/cli/replay/engine.js'
import { spaceOfPid, stateAt } from '../../../src/cli/replay/timeline.js'
import { parseTrace } from '../../../src/cli/strace/trace.js'
import { AddressSpace } from '../../../src/linux/index.js'
import { FakeSpace } from '../../support/fake-space.js'

const root = join(import.meta.dirname, '../../../examples/traces')
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'src')
  .flatMap((d) =>
    readdirSync(join(root, d.name))
      .filter((f) => f.endsWith('.maps'))
      .map((f) => ({ name: d.name, pid: Number(f.slice(0, -'.maps'.length)) })),
  )

/** The line of the marker call of `pid` (any pid's when the trace has no pid prefixes). */
const markerLine = (lines: readonly string[], pid: number): number =>
  lines.findIndex((l) => {
    // An optional pid prefix, an optional -tt timestamp, then the call.
    const m = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?(?:[\d:.]+\s+)?madvise\(NULL, 0, 0x1092/.exec(l)
    return m !== null && (m[1] ?? m[2] ?? String(pid)) === String(pid)
  }) + 1

describe.each([
  { space: 'AddressSpace', emptySpace: (o: { brk?: number; mmapBase?: number }) => AddressSpace.empty(o) },
  { space: 'fake', emptySpace: (o: { brk?: number; mmapBase?: number }) => FakeSpace.empty(o) },
])('real traces on the $space address space', ({ emptySpace }) => {
  it('covers the recorded programs', () => {
    expect(new Set(cases.map((c) => c.name))).toEqual(
      new Set(['demo', 'forks', 'gcc', 'ls', 'node', 'python3', 'threads', 'threads-stderr']),
    )
  })
  it.each(cases)('$name, pid $pid: the replay matches the kernel on every explained range', ({ name, pid }) => {
    const text = readFileSync(join(root, name, 'trace'), 'utf8')
    const marker = markerLine(text.split('\n'), pid)
    expect(marker).toBeGreaterThan(0)
    const trace = parseTrace(text)
    if (E.isLeft(trace)) throw new Error(trace.left.message)
    const r = replay(trace.right, { emptySpace, untilLine: marker })
    if (E.isLeft(r)) throw new Error(r.left.message)
    const spaceId = r.right.processLines ? spaceOfPid(r.right, pid) : 0
    const space = spaceId === undefined ? undefined : stateAt(r.right, spaceId, r.right.steps.length)
    if (spaceId === undefined || space === undefined) throw new Error(`no space for pid ${pid}`)
    const explained = explainedRanges(r.right, spaceId, r.right.steps.length)
    const c = compareWithKernel(space, readFileSync(join(root, name, `${pid}.maps`), 'utf8'), explained)
    expect(c.explainedBytes).toBeGreaterThan(0)
    expect(describeComparison(c)).toBe(`${c.explainedBytes} of ${c.explainedBytes} explained bytes match`)
    expect(r.right.steps.filter((s) => s.spaceId === spaceId && s.outcome === 'disagreed')).toEqual([])
  })
})
