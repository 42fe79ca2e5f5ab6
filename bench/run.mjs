// Benchmarks MemorySet against a copy-on-write sorted-array baseline (bench/baseline.mjs).
//
//   npm run bench                      build, self-check, full suite (~2-3 minutes)
//   node bench/run.mjs --check         self-check only (library vs baseline on random ops)
//   node bench/run.mjs --quick         short time budgets (for trying the harness)
//   node bench/run.mjs --sizes=1000,10000
//
// Every (implementation, n) pair runs in its own child process (node --expose-gc), so
// the two implementations never share JIT feedback or a heap. The parent prints a
// Markdown report on stdout (progress goes to stderr) and writes bench/results.json.
//
// Timing: a calibrated batched loop, not tinybench. tinybench times every call
// separately and its per-call overhead (measured and printed in the report) is of
// the same order as the fastest operations here. Each operation is warmed up, then
// timed in batches of k calls, k chosen so a batch takes about 5 ms (long enough
// to include its share of young-generation GC); the reported figure is the MEDIAN
// over batches of ns per call (robust against a noisy shared machine), and the
// whole suite runs twice (second pass in reverse order) keeping the lower median
// per operation. Per-pass medians, mean and min are in results.json. The
// baseline's quadratic build (~15 s at n = 65,530) is timed in the first pass only.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
import { Bench } from 'tinybench'
import { BaselineSet } from './baseline.mjs'
import { prng, selfCheck } from './selfcheck.mjs'

const SELF = fileURLToPath(import.meta.url)
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : arg.slice(name.length + 3)
}
const QUICK = args.includes('--quick')

const P = 0x1000 // page size; also the alignment used by findFreeArea
const SIZES = option('sizes', '1000,10000,65530').split(',').map(Number)
const MEMORY_N = 65530 // vm.max_map_count: the set size for the retained-memory test
const VERSIONS = { library: 5000, baseline: 100 } // the baseline copies ~0.5 MB per version
const BUDGET = QUICK ? { warmupMs: 50, timeMs: 150, buildMs: 300 } : { warmupMs: 200, timeMs: 600, buildMs: 1200 }
const BATCH_NS = 5e6
const RW = 3
const RX = 5

const OPS = [
  ['build', 'build (successive maps, per area)'],
  ['find', 'find (random addr, ~50% hits)'],
  ['overlaps', 'overlaps (random range)'],
  ['unmapWhole', 'unmap one whole area'],
  ['unmapSplit', 'unmap inside an area (split in 2)'],
  ['protect', 'protect middle of an area (split in 3)'],
  ['mapOverlap', 'map over parts of 2 neighbours'],
  ['unmapRun', 'unmap a range of 100 areas (cut at both ends)'],
  ['protectRun', 'protect a range of 100 areas (cut at both ends)'],
  ['ffaEarly', 'findFreeArea early hit'],
  ['ffaWorst', 'findFreeArea worst (after last)'],
  ['ffaNone', 'findFreeArea worst (None)'],
  ['ffaDeep', 'findFreeArea one fitting gap, deep in the set'],
  ['ffaMisaligned', 'findFreeArea misaligned gaps (2-page gaps at odd pages, align 2 pages; after last)'],
  ['topDownDeep', 'top-down search, one fitting gap deep in the set'],
  ['topDownMisaligned', 'top-down search, misaligned gaps (None)'],
]

const hr = process.hrtime.bigint

// ---------------------------------------------------------------------------
// Worker: one implementation, one n
// ---------------------------------------------------------------------------

/** Runs `work(k)` (k operations) in warmed-up, ~5 ms batches; ns per operation. */
function measure(work) {
  const time = (k) => {
    const t0 = hr()
    work(k)
    return Number(hr() - t0)
  }
  const t0 = Date.now()
  let k = 1
  for (;;) {
    const t = time(k)
    if (t >= BATCH_NS || k >= 1 << 26) break
    k = Math.min(k * 8, Math.max(k * 2, Math.ceil((k * BATCH_NS) / Math.max(t, 1))))
  }
  // Warm up, then re-size the batch from a warm timing (the calibration above ran partly cold).
  let warm = time(k)
  while (Date.now() - t0 < BUDGET.warmupMs) warm = time(k)
  k = Math.max(1, Math.min(1 << 26, Math.round((k * BATCH_NS) / Math.max(warm, 1))))
  time(k)
  const samples = []
  const t1 = Date.now()
  while (samples.length < 5 || Date.now() - t1 < BUDGET.timeMs) samples.push(time(k) / k)
  return summarize(samples, k)
}

function summarize(samples, batch) {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length
  return { median, mean, min: sorted[0], samples: samples.length, batch }
}

const gc = () => {
  globalThis.gc()
  globalThis.gc()
}
const heapUsed = () => {
  gc()
  return process.memoryUsage().heapUsed
}

const check = (ok, what) => {
  if (!ok) throw new Error(`workload check failed: ${what}`)
}

function worker(impl, n, withMemory, withBuild) {
  const Empty = impl === 'library' ? MemorySet.empty() : BaselineSet.empty()
  const backend = noopBackend()
  const startOf = (i) => (2 * i + 1) * P // area i = [startOf(i), startOf(i) + P), one-page gaps between
  const areas = Array.from({ length: n }, (_, i) => new MemoryArea(startOf(i), P, RW, backend))
  const result = { impl, n, ops: {} }

  // --- build: successive maps into the empty set (the first rep is also the base set and the heap probe)
  const buildOnce = () => {
    let set = Empty
    for (let i = 0; i < n; i++) {
      const r = set.map(areas[i], null, false)
      if (r._tag === 'Left') throw new Error(`build: ${r.left.message}`)
      set = r.right[0]
    }
    return set
  }
  if (!withBuild) {
    // Second pass of the baseline: its build is quadratic (~15 s at 65,530) and was timed in the first pass.
    return measureOps(impl === 'library' ? buildOnce() : new BaselineSet(areas.slice()), result)
  }
  const h0 = heapUsed()
  let t = hr()
  const base = buildOnce()
  const first = Number(hr() - t)
  result.indexBytesPerArea = (heapUsed() - h0) / n
  check(base.size === n, 'build size')
  // Warm-up reps until warmupMs, then samples until buildMs. A first rep slower than the
  // warm-up budget counts as a sample itself, and no rep is started that would blow the budget.
  const slow = first >= BUDGET.warmupMs * 1e6
  const buildSamples = slow ? [first / n] : []
  const tb = Date.now()
  while (buildSamples.length === 0 || (Date.now() - tb < BUDGET.buildMs && first < (BUDGET.buildMs * 1e6) / 2)) {
    t = hr()
    buildOnce()
    const ns = Number(hr() - t)
    if (slow || Date.now() - tb >= BUDGET.warmupMs) buildSamples.push(ns / n)
  }
  result.ops.build = summarize(buildSamples, n)
  return measureOps(base, result, withMemory)
}

/** `findFreeAreaTopDown(ceiling, size, limit, align)`: both implementations have it. */
const topDown = (set, ceiling, size, limit, align) => set.findFreeAreaTopDown(ceiling, size, limit, align)

/** Times the per-operation workloads on `base` (n areas), and optionally the retained heap per version. */
function measureOps(base, result, withMemory = false) {
  const { impl, n } = result
  const backend = noopBackend()
  const startOf = (i) => (2 * i + 1) * P
  const lastEnd = 2 * n * P
  check(base.size === n && O.isSome(base.find(startOf(n - 1))), 'base set')

  // --- per-operation workloads on the base set, inputs precomputed with a seeded PRNG
  const rnd = prng(n)
  const NIN = 4096
  const M = NIN - 1
  const rint = (hi) => Math.floor(rnd() * hi) // [0, hi)
  const span = lastEnd + P
  const addrs = Array.from({ length: NIN }, () => rint(span))
  const ranges = Array.from({ length: NIN }, () => {
    const start = rint(span)
    return { start, end: start + 1 + rint(2 * P) }
  })
  const idx = Array.from({ length: NIN }, () => rint(n))
  const idxRun = Array.from({ length: NIN }, () => rint(n - 100)) // areas i .. i + 99 exist
  const idxPair = Array.from({ length: NIN }, () => rint(n - 1)) // i and i + 1 both exist
  const mapAreas = idxPair.map((i) => new MemoryArea(startOf(i) + P / 2, 2 * P, RX, backend))
  const SOME_RX = O.some(RX)
  const toRX = () => SOME_RX
  const LIMIT = { start: 0, end: 2 ** 47 }
  const LIMIT_NONE = { start: 0, end: lastEnd + P }
  // Sets with a single gap that fits 3 pages, at a random place: the search
  // from address 0 must descend to it through the gap summaries.
  const deepIdx = Array.from({ length: 64 }, () => 1 + rint(n - 2))
  const deepSets = deepIdx.map((i) => base.unmap(startOf(i), P, null).right[0])
  // The adversarial layout for aligned searches: area i = [(4i+1)P, (4i+3)P), so every gap
  // is 2 pages (as large as the request) but starts at an odd page: none holds 2 pages aligned
  // to 2 pages. Pruning by the largest gap alone visits every gap.
  const misAreas = Array.from({ length: n }, (_, i) => new MemoryArea((4 * i + 1) * P, 2 * P, RW, backend))
  const mis = impl === 'library' ? MemorySet.fromAreas(misAreas).right : new BaselineSet(misAreas)
  const misLastStart = (4 * n - 3) * P
  const topDeep = startOf(n - 1)
  let c = 0
  let sink = 0
  let last
  const work = {
    find: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(base.find(addrs[c++ & M]))) sink++
    },
    overlaps: (k) => {
      for (let j = 0; j < k; j++) if (base.overlaps(ranges[c++ & M])) sink++
    },
    unmapWhole: (k) => {
      for (let j = 0; j < k; j++) last = base.unmap(startOf(idx[c++ & M]), P, null)
    },
    unmapSplit: (k) => {
      for (let j = 0; j < k; j++) last = base.unmap(startOf(idx[c++ & M]) + P / 4, P / 2, null)
    },
    protect: (k) => {
      for (let j = 0; j < k; j++) last = base.protect(startOf(idx[c++ & M]) + P / 4, P / 2, toRX, null)
    },
    unmapRun: (k) => {
      for (let j = 0; j < k; j++) last = base.unmap(startOf(idxRun[c++ & M]) + P / 2, 198 * P, null)
    },
    protectRun: (k) => {
      for (let j = 0; j < k; j++) last = base.protect(startOf(idxRun[c++ & M]) + P / 2, 198 * P, toRX, null)
    },
    mapOverlap: (k) => {
      for (let j = 0; j < k; j++) last = base.map(mapAreas[c++ & M], null, true)
    },
    ffaEarly: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(base.findFreeArea(startOf(idx[c++ & M]) + P, P, LIMIT, P))) sink++
    },
    ffaWorst: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(base.findFreeArea(0, 2 * P, LIMIT, P))) sink++
    },
    ffaNone: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(base.findFreeArea(0, 2 * P, LIMIT_NONE, P))) sink++
    },
    ffaDeep: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(deepSets[c++ & 63].findFreeArea(0, 3 * P, LIMIT, P))) sink++
    },
    ffaMisaligned: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(mis.findFreeArea(0, 2 * P, LIMIT, 2 * P))) sink++
    },
    topDownDeep: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(topDown(deepSets[c++ & 63], topDeep, 3 * P, LIMIT, P))) sink++
    },
    topDownMisaligned: (k) => {
      for (let j = 0; j < k; j++) if (O.isSome(topDown(mis, misLastStart, 2 * P, LIMIT, 2 * P))) sink++
    },
  }

  // --- check that every workload does what it says (on a few inputs) before timing it
  const setOf = (r, what) => {
    check(E.isRight(r), `${what} is Right`)
    return r.right[0]
  }
  for (let s = 0; s < 16; s++) {
    const i = idx[s]
    const a = startOf(i)
    const addr = addrs[s]
    const page = Math.floor(addr / P)
    const hit = O.isSome(base.find(addr))
    check(hit === (page % 2 === 1 && page < 2 * n), `find(${addr})`)
    if (hit) check(O.toUndefined(base.find(addr)).start === page * P, 'find result')
    const { start, end } = ranges[s]
    let ov = false
    for (let p = Math.floor(start / P); p * P < end; p++) if (p % 2 === 1 && p < 2 * n) ov = true
    check(base.overlaps(ranges[s]) === ov, `overlaps(${start}, ${end})`)
    const u = setOf(base.unmap(a, P, null), 'unmapWhole')
    check(u.size === n - 1 && O.isNone(u.find(a)), 'unmapWhole result')
    const us = setOf(base.unmap(a + P / 4, P / 2, null), 'unmapSplit')
    check(us.size === n + 1 && O.toUndefined(us.find(a)).end === a + P / 4 && O.isNone(us.find(a + P / 2)), 'split')
    const pr = setOf(base.protect(a + P / 4, P / 2, toRX, null), 'protect')
    check(pr.size === n + 2 && O.toUndefined(pr.find(a + P / 2)).flags === RX, 'protect result')
    check(O.toUndefined(pr.find(a)).flags === RW && O.toUndefined(pr.find(a + P - 1)).flags === RW, 'protect sides')
    const run = setOf(base.unmap(startOf(idxRun[s]) + P / 2, 198 * P, null), 'unmapRun')
    check(run.size === n - 98 && O.toUndefined(run.find(startOf(idxRun[s]))).end === startOf(idxRun[s]) + P / 2, 'run')
    check(O.toUndefined(run.find(startOf(idxRun[s] + 99) + P / 2)).start === startOf(idxRun[s] + 99) + P / 2, 'run end')
    const pr100 = setOf(base.protect(startOf(idxRun[s]) + P / 2, 198 * P, toRX, null), 'protectRun')
    check(pr100.size === n + 2 && O.toUndefined(pr100.find(startOf(idxRun[s] + 50))).flags === RX, 'protectRun')
    const m = setOf(base.map(mapAreas[s], null, true), 'mapOverlap')
    const ms = startOf(idxPair[s])
    check(m.size === n + 1 && O.toUndefined(m.find(ms + P)) === mapAreas[s], 'mapOverlap result')
    check(
      O.toUndefined(m.find(ms)).end === ms + P / 2 && O.toUndefined(m.find(ms + 2.5 * P)).start === ms + 2.5 * P,
      'map',
    )
    check(O.toUndefined(base.findFreeArea(a + P, P, LIMIT, P)) === a + P, 'ffaEarly')
    check(base.size === n, 'persistence: the base set is unchanged')
  }
  check(O.toUndefined(base.findFreeArea(0, 2 * P, LIMIT, P)) === lastEnd, 'ffaWorst')
  check(O.isNone(base.findFreeArea(0, 2 * P, LIMIT_NONE, P)), 'ffaNone')
  for (let s = 0; s < 64; s++) {
    check(O.toUndefined(deepSets[s].findFreeArea(0, 3 * P, LIMIT, P)) === startOf(deepIdx[s]) - P, 'ffaDeep')
    check(O.toUndefined(topDown(deepSets[s], topDeep, 3 * P, LIMIT, P)) === startOf(deepIdx[s]) - P, 'topDownDeep')
  }
  check(mis.size === n, 'misaligned set')
  check(O.toUndefined(mis.findFreeArea(0, 2 * P, LIMIT, 2 * P)) === 4 * n * P, 'ffaMisaligned')
  check(O.toUndefined(mis.findFreeArea(0, 2 * P, LIMIT, P)) === 3 * P, 'ffaMisaligned, align 1 page')
  check(O.isNone(topDown(mis, misLastStart, 2 * P, LIMIT, 2 * P)), 'topDownMisaligned')
  check(O.toUndefined(topDown(mis, misLastStart, 2 * P, LIMIT, P)) === misLastStart - 2 * P, 'topDown, align 1 page')

  for (const [op] of OPS) {
    if (op === 'build') continue
    gc()
    result.ops[op] = measure(work[op])
    check(last === undefined || E.isRight(last), `${op} results are Right`)
  }
  check(base.size === n, 'persistence: the base set is unchanged after the runs')

  // --- retained heap per version: each version derived from the previous by one operation
  if (withMemory) {
    const versions = VERSIONS[impl]
    const vr = prng(7)
    const kept = new Array(versions)
    const updates = Array.from({ length: 8 }, (_, f) => {
      const some = O.some(f)
      return () => some
    })
    const h1 = heapUsed()
    let set = base
    const tm = hr()
    for (let v = 0; v < versions; v++) {
      const i = Math.floor(vr() * n)
      const r =
        v % 2 === 0
          ? set.protect(startOf(i), P, updates[v & 7], null) // re-flag one whole area
          : set.map(new MemoryArea(startOf(i), P, v & 7, backend), null, true) // unmap + map of one area
      if (r._tag === 'Left') throw new Error(`memory: ${r.left.message}`)
      set = r.right[0]
      kept[v] = set
    }
    const elapsed = Number(hr() - tm)
    const h2 = heapUsed()
    check(kept[versions - 1].size === n && base.size === n, 'memory versions')
    result.memory = { versions, bytesPerVersion: (h2 - h1) / versions, nsPerVersion: elapsed / versions }
    sink += kept.length
  }
  result.sink = sink
  return result
}

// ---------------------------------------------------------------------------
// Parent: self-check, run the workers, report
// ---------------------------------------------------------------------------

function runWorker(impl, n, pass) {
  const withMemory = pass === 1 && n === MEMORY_N
  const childArgs = ['--expose-gc', SELF, `--worker=${impl}`, `--n=${n}`]
  if (withMemory) childArgs.push('--memory')
  if (pass === 2 && impl === 'baseline') childArgs.push('--no-build')
  if (QUICK) childArgs.push('--quick')
  const child = spawnSync(process.execPath, childArgs, {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '))
  if (child.status !== 0 || line === undefined) {
    throw new Error(`worker ${impl} n=${n} failed (exit ${child.status ?? child.signal})\n${child.stdout ?? ''}`)
  }
  return JSON.parse(line.slice('@@RESULT '.length))
}

/** tinybench's per-call overhead on this machine, to justify (or not) the batched loop. */
async function tinybenchOverhead() {
  const xs = Array.from({ length: 4096 }, (_, i) => i)
  let i = 0
  let sink = 0
  const task = () => {
    sink += xs[i++ & 4095]
  }
  const bench = new Bench({ time: QUICK ? 100 : 300, warmupTime: 50 })
  bench.add('trivial', task)
  await bench.run()
  const tinyNs = bench.tasks[0].result.latency.p50 * 1e6
  const loop = measure((k) => {
    for (let j = 0; j < k; j++) task()
  })
  return { tinybenchNs: tinyNs, loopNs: loop.median, sink }
}

const fmtNs = (ns) =>
  ns === undefined
    ? 'n/a'
    : ns >= 100
      ? Math.round(ns).toLocaleString('en-US')
      : ns.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })
const fmtX = (x) => (x >= 100 ? `${Math.round(x).toLocaleString('en-US')}x` : `${x.toFixed(x >= 10 ? 1 : 2)}x`)
const fmtBytes = (b) => `${Math.round(b).toLocaleString('en-US')} B`

async function main() {
  const log = (msg) => process.stderr.write(`${msg}\n`)
  const out = []
  const p = (line = '') => out.push(line)

  log('self-check: library vs baseline on random operations ...')
  const checks = [selfCheck({ steps: 600, seed: 1 }), selfCheck({ steps: 600, seed: 2, span: 2048, maxNodeSize: 4 })]
  for (const c of checks) log(`  ${c}`)
  if (args.includes('--check')) return

  const cpus = os.cpus()
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
  }
  const date = new Date().toISOString()
  log('measuring tinybench overhead ...')
  const overhead = await tinybenchOverhead()

  // Two passes (the second in reverse order, so slow drifts in the machine's load hit both
  // implementations alike); each operation keeps the pass with the lower median.
  const runs = {}
  const order = SIZES.flatMap((n) => ['library', 'baseline'].map((impl) => [impl, n]))
  for (const pass of [1, 2]) {
    for (const [impl, n] of pass === 1 ? order : [...order].reverse()) {
      log(`pass ${pass}: measuring ${impl}, n = ${n} ...`)
      const t0 = Date.now()
      const r = runWorker(impl, n, pass)
      log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      const key = `${impl}:${n}`
      if (pass === 1) {
        for (const stats of Object.values(r.ops)) stats.passMedians = [stats.median]
        runs[key] = r
        continue
      }
      for (const [op, stats] of Object.entries(r.ops)) {
        const prev = runs[key].ops[op]
        const medians = [...prev.passMedians, stats.median]
        runs[key].ops[op] = { ...(stats.median < prev.median ? stats : prev), passMedians: medians }
      }
    }
  }
  const get = (impl, n, op) => runs[`${impl}:${n}`]?.ops[op]?.median
  const nMax = Math.max(...SIZES)
  const nMin = Math.min(...SIZES)

  p('# memory-set benchmarks')
  p()
  p(`- machine: ${machine.cpu} (${machine.cores} cores), ${machine.os}, load average ${machine.loadavg.join(' / ')}`)
  p(`- node ${machine.node}, date ${date}`)
  p(
    '- layout: n areas of one page (0x1000) separated by one-page gaps, area i = [(2i+1)·0x1000, (2i+2)·0x1000); ' +
      'no-op backend, page table `null`; findFreeArea align 0x1000; the misaligned cases use n areas ' +
      '[(4i+1)·0x1000, (4i+3)·0x1000) and align 0x2000',
  )
  p(
    '- split workloads cut inside a one-page area at sub-page offsets (unmap/protect [start+0x400, start+0xc00); ' +
      'map [start_i+0x800, start_i+0x2800) over area i, the gap and area i+1)',
  )
  p(
    `- timing: median ns/op over ~5 ms batches after warm-up, best of 2 passes (per-pass medians, mean and min ` +
      `in bench/results.json); ` +
      `tinybench per-call overhead here is ${fmtNs(overhead.tinybenchNs)} ns on a trivial task vs ` +
      `${fmtNs(overhead.loopNs)} ns in the batched loop, so the batched loop is used`,
  )
  p(`- self-check (baseline equivalence): ${checks.join('; ')}`)
  p()
  p('## Time per operation (ns/op, median)')
  p()
  p('| operation | n | library ns/op | baseline ns/op | baseline/library |')
  p('|---|---:|---:|---:|---:|')
  const table = []
  for (const [op, label] of OPS) {
    for (const n of SIZES) {
      const lib = get('library', n, op)
      const bl = get('baseline', n, op)
      table.push({ op, label, n, library: runs[`library:${n}`].ops[op], baseline: runs[`baseline:${n}`].ops[op] })
      p(`| ${label} | ${n.toLocaleString('en-US')} | ${fmtNs(lib)} | ${fmtNs(bl)} | ${fmtX(bl / lib)} |`)
    }
  }
  p()
  p(`## Scaling: library cost at n = ${nMax.toLocaleString('en-US')} over cost at n = ${nMin.toLocaleString('en-US')}`)
  p()
  p(`| operation | library ${nMin} | library ${nMax} | ratio | baseline ratio |`)
  p('|---|---:|---:|---:|---:|')
  const scaling = {}
  for (const [op, label] of OPS) {
    const r = get('library', nMax, op) / get('library', nMin, op)
    scaling[op] = r
    const rb = get('baseline', nMax, op) / get('baseline', nMin, op)
    p(
      `| ${label} | ${fmtNs(get('library', nMin, op))} | ${fmtNs(get('library', nMax, op))} | ${fmtX(r)} | ${fmtX(rb)} |`,
    )
  }

  const memLib = runs[`library:${MEMORY_N}`]?.memory
  const memBase = runs[`baseline:${MEMORY_N}`]?.memory
  p()
  p(`## Memory (n = ${MEMORY_N.toLocaleString('en-US')})`)
  p()
  p('| measure | library | baseline |')
  p('|---|---:|---:|')
  const idxBytes = (impl) => runs[`${impl}:${nMax}`]?.indexBytesPerArea
  p(
    `| heap per area of the built set, excluding the MemoryArea objects (n = ${nMax}) | ` +
      `${fmtBytes(idxBytes('library'))} | ${fmtBytes(idxBytes('baseline'))} |`,
  )
  if (memLib && memBase) {
    p(
      `| retained heap per version (alternately protect one whole area / map over one area; ` +
        `library ${memLib.versions} versions, baseline ${memBase.versions}) | ` +
        `${fmtBytes(memLib.bytesPerVersion)} | ${fmtBytes(memBase.bytesPerVersion)} |`,
    )
    p(
      `| time per version in that loop, ns (includes GC of the growing heap) | ${fmtNs(memLib.nsPerVersion)} | ${fmtNs(memBase.nsPerVersion)} |`,
    )
  }

  // --- targets at the largest n
  const targets = []
  const target = (name, value, limit, unit, pass = value <= limit) =>
    targets.push({ name, value, limit, unit, pass: Number.isFinite(value) && pass })
  const L = (op) => get('library', nMax, op)
  target('find', L('find'), 400, 'ns')
  target('unmap with split', L('unmapSplit'), 3000, 'ns')
  target('protect one area', L('protect'), 3000, 'ns')
  target('map with overlap', L('mapOverlap'), 4000, 'ns')
  target(
    'findFreeArea worst case (max of the four variants)',
    Math.max(L('ffaWorst'), L('ffaNone'), L('ffaDeep'), L('ffaMisaligned')),
    3000,
    'ns',
  )
  target(
    'top-down search worst case (max of the two variants)',
    Math.max(L('topDownDeep'), L('topDownMisaligned')),
    3000,
    'ns',
  )
  target('build, per area', L('build'), 1500, 'ns')
  if (memLib) target('retained heap per version', memLib.bytesPerVersion, 2048, 'B')
  for (const [op, label] of OPS) target(`scaling ${nMax} vs ${nMin}: ${label}`, scaling[op], 3, 'x')
  for (const op of ['unmapWhole', 'unmapSplit', 'protect']) {
    const label = OPS.find(([o]) => o === op)[1]
    const r = get('baseline', nMax, op) / L(op)
    target(`baseline/library: ${label}`, r, 50, 'x', r >= 50)
  }
  const show = (t) => (t.unit === 'ns' ? `${fmtNs(t.value)} ns` : t.unit === 'B' ? fmtBytes(t.value) : fmtX(t.value))
  const bound = (t) =>
    t.name.startsWith('baseline/')
      ? `>= ${t.limit}x`
      : t.unit === 'ns'
        ? `<= ${fmtNs(t.limit)} ns`
        : t.unit === 'B'
          ? `<= ${fmtBytes(t.limit)} (2 KiB)`
          : `<= ${t.limit}x`
  p()
  p(`## Targets (n = ${nMax.toLocaleString('en-US')}; informational)`)
  p()
  p('| target | measured | bound | result |')
  p('|---|---:|---:|---|')
  for (const t of targets) p(`| ${t.name} | ${show(t)} | ${bound(t)} | ${t.pass ? 'PASS' : '**MISS**'} |`)
  const misses = targets.filter((t) => !t.pass)
  p()
  p(
    `${targets.length - misses.length}/${targets.length} targets met${misses.length ? `; missed: ${misses.map((t) => t.name).join('; ')}` : ''}.`,
  )

  process.stdout.write(`${out.join('\n')}\n`)
  const json = {
    date,
    machine,
    method: {
      statistic: 'median of per-batch ns/op; the lower of two passes (passMedians)',
      batchNs: BATCH_NS,
      budget: BUDGET,
      tinybenchOverhead: overhead,
      layout: 'areas [(2i+1)*0x1000, (2i+2)*0x1000), noop backend, page table null, align 0x1000',
      quick: QUICK,
    },
    selfCheck: checks,
    results: table.map(({ op, label, n, library, baseline }) => ({
      op,
      label,
      n,
      library,
      baseline,
      ratio: baseline.median / library.median,
    })),
    scaling,
    memory: {
      n: MEMORY_N,
      library: memLib,
      baseline: memBase,
      indexBytesPerArea: { library: idxBytes('library'), baseline: idxBytes('baseline') },
    },
    targets,
  }
  let text = `${JSON.stringify(json, null, 2)}\n`
  try {
    // Same layout as `npm run format` would give, so a committed results.json stays clean.
    const prettier = await import('prettier')
    text = await prettier.format(text, { ...(await prettier.resolveConfig(RESULTS)), filepath: RESULTS })
  } catch {
    // prettier is a devDependency; without it the plain JSON is fine too
  }
  writeFileSync(RESULTS, text)
  log(`wrote ${RESULTS}`)
}

const workerImpl = option('worker', undefined)
if (workerImpl !== undefined) {
  if (typeof globalThis.gc !== 'function') {
    // Re-spawn with --expose-gc: the memory figures need global.gc().
    const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, SELF, ...args], { stdio: 'inherit' })
    process.exit(r.status ?? 1)
  }
  const result = worker(
    workerImpl,
    Number(option('n', '1000')),
    args.includes('--memory'),
    !args.includes('--no-build'),
  )
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`)
} else {
  await main()
}
