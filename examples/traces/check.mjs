// Replays every bundled trace and compares each traced process with the kernel's own
// /proc/PID/maps (saved next to the trace), on the ranges the trace explains. Prints a
// Markdown table (the one in examples/traces/README.md).
//
//   npm run build && node examples/traces/check.mjs
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { AddressSpace } from '../../dist/esm/linux/index.js'
import { compareWithKernel, explainedRanges, parseMaps } from '../../dist/esm/cli/replay/compare.js'
import { replay } from '../../dist/esm/cli/replay/engine.js'
import { spaceOfPid, stateAt } from '../../dist/esm/cli/replay/timeline.js'
import { parseTrace } from '../../dist/esm/cli/strace/trace.js'

const root = new URL('.', import.meta.url).pathname
const rows = []
let failures = 0
for (const name of readdirSync(root)
  .filter((d) => d !== 'src' && !d.includes('.'))
  .sort()) {
  const text = readFileSync(join(root, name, 'trace'), 'utf8')
  const lines = text.split('\n')
  const trace = parseTrace(text)
  if (E.isLeft(trace)) throw new Error(`${name}:${trace.left.line}: ${trace.left.message}`)
  for (const file of readdirSync(join(root, name)).filter((f) => f.endsWith('.maps'))) {
    const pid = Number(file.slice(0, -5))
    // The marker call madvise(NULL, 0, 4242) follows the copy of /proc/PID/maps.
    const marker =
      lines.findIndex((l) => {
        const m = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?(?:[\d:.]+\s+)?madvise\(NULL, 0, 0x1092/.exec(l)
        return m !== null && (m[1] ?? m[2] ?? String(pid)) === String(pid)
      }) + 1
    const r = replay(trace.right, { emptySpace: (o) => AddressSpace.empty(o), untilLine: marker })
    if (E.isLeft(r)) throw new Error(`${name}:${r.left.line}: ${r.left.message}`)
    const spaceId = r.right.processLines ? spaceOfPid(r.right, pid) : 0
    const steps = r.right.steps.length
    const space = stateAt(r.right, spaceId, steps)
    const c = compareWithKernel(
      space,
      readFileSync(join(root, name, file), 'utf8'),
      explainedRanges(r.right, spaceId, steps),
    )
    // Stricter, without coalescing: kernel areas inside the explained ranges that the
    // replay has exactly (same start, end, perms and offset).
    const explained = explainedRanges(r.right, spaceId, steps)
    const inside = (v) => explained.some((u) => u.start <= v.start && v.end <= u.end)
    const mine = new Set(space.vmas().map((v) => `${v.start}-${v.end}-${v.perms}-${v.offset}`))
    const kernelAreas = parseMaps(readFileSync(join(root, name, file), 'utf8')).filter(inside)
    const offsets = new Map(
      readFileSync(join(root, name, file), 'utf8')
        .split('\n')
        .map((l) => /^([0-9a-f]+)-[0-9a-f]+ \S+ ([0-9a-f]+)/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [parseInt(m[1], 16), parseInt(m[2], 16)]),
    )
    const exact = kernelAreas.filter((k) => mine.has(`${k.start}-${k.end}-${k.perms}-${offsets.get(k.start)}`)).length
    const own = r.right.steps.filter((s) => s.spaceId === spaceId)
    const count = (o) => own.filter((s) => s.outcome === o).length
    const ok = c.onlyKernel.length + c.onlyReplay.length === 0
    if (!ok) failures++
    rows.push(
      `| ${name} | ${pid} | ${marker - 1} | ${own.length} | ${space.vmas().length} | ${(c.explainedBytes / 1024).toFixed(0)} KiB | ${ok ? 'yes' : `**no**: ${c.onlyKernel.length + c.onlyReplay.length} spans differ`} | ${exact} / ${kernelAreas.length} | ${count('applied')} / ${count('placed')} / ${count('partial')} / ${count('early')} / ${count('kernel-state')} |`,
    )
  }
}
console.log(
  '| trace | pid | lines replayed | steps of its space | areas | explained | matches the kernel | identical areas | applied / placed / partial / early / kernel-state |',
)
console.log('|---|---:|---:|---:|---:|---:|---|---:|---|')
console.log(rows.join('\n'))
process.exitCode = failures === 0 ? 0 : 1
