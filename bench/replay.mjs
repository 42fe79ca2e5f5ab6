// Replays a generated 100,000-call strace trace (4 threads, about 1,000 live areas,
// interrupted calls) on memory-set/linux's AddressSpace and prints the time per phase.
//
//   npm run build && node bench/replay.mjs [--calls=100000] [--runs=5]
//
// The figure is the median of --runs runs, each in this process after one warm-up
// run; parse and replay are timed apart, and "end to end" runs the built command
// (node dist/esm/cli/main.js replay TRACE) as a user would, once.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { AddressSpace } from '../dist/esm/linux/index.js'
import { replay } from '../dist/esm/cli/replay/engine.js'
import { parseTrace } from '../dist/esm/cli/strace/trace.js'
import { syntheticTrace } from '../dist/esm/cli/synthetic-trace.js'

const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  return a === undefined ? fallback : Number(a.slice(name.length + 3))
}
const calls = arg('calls', 100_000)
const runs = arg('runs', 5)
const { text } = syntheticTrace({ calls, threads: 4, seed: 42, areas: 1000 })
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const once = () => {
  const t0 = performance.now()
  const trace = parseTrace(text)
  const t1 = performance.now()
  if (E.isLeft(trace)) throw new Error(trace.left.message)
  const r = replay(trace.right, { emptySpace: (o) => AddressSpace.empty(o) })
  const t2 = performance.now()
  if (E.isLeft(r)) throw new Error(r.left.message)
  return { parse: t1 - t0, replay: t2 - t1, steps: r.right.steps.length, result: r.right }
}

const warm = once()
const outcomes = {}
for (const s of warm.result.steps) outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1
const finalAreas = warm.result.steps.at(-1).space.vmas().length
const times = Array.from({ length: runs }, once)
const dir = mkdtempSync(join(tmpdir(), 'replay-bench-'))
let endToEnd
try {
  const file = join(dir, 'trace')
  writeFileSync(file, text)
  const t0 = performance.now()
  execFileSync(process.execPath, [fileURLToPath(new URL('../dist/esm/cli/main.js', import.meta.url)), 'replay', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  endToEnd = performance.now() - t0
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const ms = (x) => `${x.toFixed(0)} ms`
console.log(`trace: ${calls} calls, ${text.length} bytes, ${warm.steps} steps, ${finalAreas} areas at the end`)
console.log(`outcomes: ${JSON.stringify(outcomes)}`)
console.log(`parse:  ${ms(median(times.map((t) => t.parse)))} (median of ${runs})`)
console.log(`replay: ${ms(median(times.map((t) => t.replay)))} (median of ${runs})`)
console.log(
  `per call: ${((median(times.map((t) => t.parse + t.replay)) * 1000) / calls).toFixed(1)} us (parse + replay)`,
)
console.log(`end to end (node dist/esm/cli/main.js replay TRACE): ${ms(endToEnd)}`)
console.log(`node ${process.version}, ${new Date().toISOString()}`)
