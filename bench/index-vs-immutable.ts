// Why the index is a B+tree and not an Immutable.js collection: the same
// persistent updates and lookups on the B+tree, on a sorted Immutable.js List
// (test/internal/immutable-index.ts) and on an OrderedMap re-sorted after each
// insert, at Linux's default vm.max_map_count (65,530 areas).
//
//   npm run bench:index
//
// Times are medians over batches (ns or us per operation); memory is the heap
// growth per retained version (node --expose-gc), after a full GC.
import { OrderedMap } from 'immutable'
import { BTree } from '../src/internal/index/btree/btree.js'
import type { Interval, IntervalIndex } from '../src/internal/index/interval-index.js'
import { ImmutableIndex } from '../test/internal/index/immutable-index.js'

const N = Number(process.env.N ?? 65_530)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

// Areas of 2 pages with 1-page holes: [3k, 3k + 2) pages.
const entries: Interval[] = Array.from({ length: N }, (_, k) => ({ start: 3 * k * 4096, end: (3 * k + 2) * 4096 }))
let seed = 12345
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed % n
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Median time per call of `op` in ns, over `batches` batches of `perBatch` calls. */
const time = (op: () => void, perBatch: number, batches = 9): number => {
  for (let i = 0; i < perBatch; i++) op()
  const samples: number[] = []
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < perBatch; i++) op()
    samples.push(Number(process.hrtime.bigint() - t0) / perBatch)
  }
  return median(samples)
}

/** Heap bytes retained per version: keep `count` successive versions alive. */
const bytesPerVersion = (start: unknown, next: (v: unknown, i: number) => unknown, count: number): number => {
  gc()
  const before = process.memoryUsage().heapUsed
  const kept: unknown[] = []
  let v = start
  for (let i = 0; i < count; i++) kept.push((v = next(v, i)))
  gc()
  const after = process.memoryUsage().heapUsed
  if (kept.length !== count) throw new Error('unreachable')
  return (after - before) / count
}

/** Replace entry k by two pieces (unmap of its middle page would do this): one spliceRange. */
const update = (index: IntervalIndex<Interval>, k: number): IntervalIndex<Interval> => {
  const e = entries[k]!
  return index.spliceRange(e.start, e.start, [
    { start: e.start, end: e.start + 2048 },
    { start: e.end - 2048, end: e.end },
  ])
}

const report: Record<string, Record<string, string>> = {}
const row = (name: string, index: IntervalIndex<Interval>, perBatch: number) => {
  const updateNs = time(() => update(index, random(N)), perBatch)
  const floorNs = time(() => index.floor(random(3 * N) * 4096), 20_000)
  const bytes = bytesPerVersion(index, (v, i) => update(v as IntervalIndex<Interval>, (i * 7919) % N), perBatch * 4)
  report[name] = {
    'split one entry': `${(updateNs / 1000).toFixed(2)} us`,
    floor: `${floorNs.toFixed(0)} ns`,
    'bytes per retained version': bytes.toFixed(0),
  }
}

row('B+tree (this library)', BTree.fromSorted(entries), 2000)
row('sorted Immutable.List', ImmutableIndex.fromSorted(entries), 20)

// OrderedMap keeps insertion order, not key order: every insert must re-sort.
{
  const map = OrderedMap(entries.map((e) => [e.start, e] as const))
  const insertNs = time(
    () => {
      const e = entries[random(N)]!
      map
        .delete(e.start)
        .set(e.start, e)
        .sortBy((_v, k) => k)
    },
    3,
    5,
  )
  report['OrderedMap + sortBy'] = {
    'split one entry': `${(insertNs / 1e6).toFixed(1)} ms`,
    floor: 'no floor: O(n) scan',
    'bytes per retained version': 'n/a',
  }
}

console.log(`n = ${N}, node ${process.version}`)
console.table(report)
