// Merging-set operations at n = 1,000 and 65,530 areas (run by `npm run bench`).
//
//   node bench/merging.mjs [--quick]
//
// The layout alternates two flag values page by page-run, so a merging set
// keeps n areas; each operation below splits or joins areas and is applied to
// the same base set again and again (persistence: nothing accumulates).
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
import { nsPerCall, report } from './timing.mjs'

const P = 0x1000
const QUICK = process.argv.includes('--quick')
const SIZES = [1000, 65530]
const backend = noopBackend()

/** n areas of 4 pages with alternating flags 'r'/'rw', back to back. */
const layout = (n) => {
  const areas = []
  for (let i = 0; i < n; i++) areas.push(new MemoryArea(i * 4 * P, 4 * P, i % 2 === 0 ? 'r' : 'rw', backend))
  const set = MemorySet.fromAreas(areas, { merge: true })
  if (E.isLeft(set) || set.right.size !== n) throw new Error('layout')
  return set.right
}

const must = (r) => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const rows = []
const ops = [
  // protect one page in the middle of an area to the other flag: splits in 3.
  [
    'merging protect (split in 3)',
    (set, n) => (i) => must(set.protect(((i * 7919) % n) * 4 * P + P, P, () => O.some('x'), null)),
  ],
  // protect a whole 'r' area to 'rw': it joins both neighbours (3 areas become 1).
  [
    'merging protect (join 3 into 1)',
    (set, n) => (i) =>
      must(set.protect((((i * 7919) % (n - 2)) & ~1) * 4 * P + 4 * P * 2, 4 * P, () => O.some('rw'), null)),
  ],
  // unmap one page inside an area: split in 2.
  ['merging unmap (split in 2)', (set, n) => (i) => must(set.unmap(((i * 7919) % n) * 4 * P + P, P, null))],
  // map over a whole area with the neighbours' flags (overwrite): joins 3 into 1.
  [
    'merging map overwrite (join 3 into 1)',
    (set, n) => (i) =>
      must(set.map(new MemoryArea((((i * 7919) % (n - 2)) | 1) * 4 * P, 4 * P, 'r', backend), null, true)),
  ],
  ['merging coalesce of a plain set (per area)', null],
]
for (const [name, make] of ops) {
  const figures = []
  for (const n of SIZES) {
    const set = layout(n)
    if (make === null) {
      const plain = MemorySet.fromAreas(Array.from(set)).right
      figures.push(nsPerCall(() => plain.coalesce(), QUICK ? 100 : 400) / n)
    } else {
      figures.push(nsPerCall(make(set, n), QUICK ? 100 : 400))
    }
  }
  rows.push([name, figures])
}
report('Merging sets (median ns per call; ratio = 65,530 vs 1,000)', SIZES, rows)
