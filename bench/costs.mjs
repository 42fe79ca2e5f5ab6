// Two costs the README quotes (issue 6, item 11), measured through the built package:
// 1. the reference page table, per page: time and retained heap to map, and time to
//    unmap, N pages in one effect;
// 2. findFreeArea on a layout of misaligned gaps: the first query for an alignment on a
//    freshly built set (which fills the per-node memos, O(n)), the next one, and the first
//    one after an update.
// Run with `npm run build && node --expose-gc bench/costs.mjs`.
import { MemoryArea, MemorySet, emptyPageTable, noopBackend, pageTableBackend } from '../dist/esm/index.js'

const gc = globalThis.gc
if (typeof gc !== 'function') throw new Error('run with node --expose-gc')

const backend = pageTableBackend({ pageSize: 0x1000 })
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

for (const pages of [10_000, 100_000, 1_000_000]) {
  const size = pages * 0x1000
  // Warm-up, then the best of three runs.
  backend.map(0, size, 'rw')(emptyPageTable())
  let mapNs = Infinity
  let unmapNs = Infinity
  for (let run = 0; run < 3; run++) {
    let t = process.hrtime.bigint()
    const mapped = backend.map(0, size, 'rw')(emptyPageTable())
    mapNs = Math.min(mapNs, Number(process.hrtime.bigint() - t) / pages)
    if (mapped._tag !== 'Right' || mapped.right.size !== pages) throw new Error('map failed')
    t = process.hrtime.bigint()
    const unmapped = backend.unmap(0, size)(mapped.right)
    unmapNs = Math.min(unmapNs, Number(process.hrtime.bigint() - t) / pages)
    if (unmapped._tag !== 'Right' || unmapped.right.size !== 0) throw new Error('unmap failed')
  }
  // Retained heap: a table kept alive, measured after full collections on both sides.
  const before = heap()
  const kept = backend.map(0, size, 'rw')(emptyPageTable())
  const bytes = (heap() - before) / pages
  if (kept.right.size !== pages) throw new Error('map failed')
  console.log(
    `${pages.toLocaleString('en')} pages: map ${mapNs.toFixed(0)} ns/page, unmap ${unmapNs.toFixed(0)} ns/page, ` +
      `${bytes.toFixed(0)} bytes retained per page`,
  )
}

const P = 0x1000
const noop = noopBackend()
const LIMIT = { start: 0, end: 2 ** 52 }
const us = (t0) => Number(process.hrtime.bigint() - t0) / 1000
for (const n of [1_000, 65_530]) {
  // Area i = [(4i+1)P, (4i+3)P): every gap is two pages but starts at an odd page, so no gap
  // holds two pages aligned to two pages; the answer is after the last area.
  const areas = Array.from({ length: n }, (_, i) => new MemoryArea((4 * i + 1) * P, 2 * P, 'r', noop))
  const best = { first: Infinity, second: Infinity, afterUpdate: Infinity }
  for (let run = 0; run < 5; run++) {
    const built = MemorySet.fromAreas(areas)
    if (built._tag !== 'Right') throw new Error('fromAreas failed')
    const set = built.right
    let t = process.hrtime.bigint()
    const first = set.findFreeArea(0, 2 * P, LIMIT, 2 * P)
    best.first = Math.min(best.first, us(t))
    t = process.hrtime.bigint()
    set.findFreeArea(0, 2 * P, LIMIT, 2 * P)
    best.second = Math.min(best.second, us(t))
    if (first._tag !== 'Some' || first.value !== 4 * n * P) throw new Error('wrong answer')
    const updated = set.unmap(P, P, null)
    if (updated._tag !== 'Right') throw new Error('unmap failed')
    t = process.hrtime.bigint()
    updated.right[0].findFreeArea(0, 2 * P, LIMIT, 2 * P)
    best.afterUpdate = Math.min(best.afterUpdate, us(t))
  }
  console.log(
    `findFreeArea, misaligned gaps, ${n.toLocaleString('en')} areas: first query on a fresh set ${best.first.toFixed(1)} us, ` +
      `next ${best.second.toFixed(2)} us, first after an update ${best.afterUpdate.toFixed(2)} us`,
  )
}
