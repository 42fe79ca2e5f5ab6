// AddressSpace (memory-set/linux) system calls at 1,000 and 65,530 VMAs (run by `npm run bench`).
//
//   node bench/linux.mjs [--quick]
//
// Layout: n private anonymous VMAs of 3 pages with a 1-page hole after each,
// alternating PROT_READ and PROT_READ|PROT_WRITE, from 0x100000000 up. Every
// call below is applied to the same base space again and again (persistence:
// nothing accumulates), at a pseudo-random VMA each time.
import * as E from 'fp-ts/lib/Either.js'
import {
  AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MREMAP_MAYMOVE,
  PROT_READ,
  PROT_WRITE,
} from 'memory-set/linux'
import { nsPerCall, report } from './timing.mjs'

const P = 0x1000
const BASE = 0x100000000
const QUICK = process.argv.includes('--quick')
const SIZES = [1000, 65530]
const ANON = MAP_PRIVATE | MAP_ANONYMOUS
const prot = (i) => (i % 2 === 0 ? PROT_READ : PROT_READ | PROT_WRITE)
const vma = (i) => BASE + i * 4 * P

const must = (r) => {
  if (E.isLeft(r)) throw new Error(`${r.left.code}: ${r.left.message}`)
  return r.right
}

const build = (n) => {
  let space = AddressSpace.empty()
  for (let i = 0; i < n; i++) space = must(space.mmap(vma(i), 3 * P, prot(i), ANON | MAP_FIXED))[0]
  if (space.vmas().length !== n) throw new Error(`layout: ${space.vmas().length} VMAs, expected ${n}`)
  return space
}

const pick = (i, n) => (i * 7919) % (n - 1)
const ops = [
  ['mmap, top-down placement (NULL hint)', (s) => () => must(s.mmap(0, P, PROT_READ, ANON))],
  // Fills the hole after VMA k with VMA k's protection: joins with it.
  [
    'mmap MAP_FIXED into a hole (merges)',
    (s, n) => (i) => must(s.mmap(vma(pick(i, n)) + 3 * P, P, prot(pick(i, n)), ANON | MAP_FIXED)),
  ],
  ['munmap the middle page of a VMA (split)', (s, n) => (i) => must(s.munmap(vma(pick(i, n)) + P, P))],
  [
    'mprotect the middle page of a VMA (split in 3)',
    (s, n) => (i) => must(s.mprotect(vma(pick(i, n)) + P, P, PROT_WRITE)),
  ],
  ['mremap shrink in place', (s, n) => (i) => must(s.mremap(vma(pick(i, n)), 3 * P, P, 0))],
  [
    'mremap grow, moved (MREMAP_MAYMOVE)',
    (s, n) => (i) => must(s.mremap(vma(pick(i, n)), 3 * P, 8 * P, MREMAP_MAYMOVE)),
  ],
]

const spaces = new Map(SIZES.map((n) => [n, build(n)]))
const rows = ops.map(([name, make]) => [name, SIZES.map((n) => nsPerCall(make(spaces.get(n), n), QUICK ? 100 : 400))])
report('AddressSpace system calls (median per call; ratio = 65,530 vs 1,000 VMAs)', SIZES, rows)
