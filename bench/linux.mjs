// memory-set/linux AddressSpace system calls at n = 1,000 and 65,530 VMAs (run by `npm run bench`).
//
//   node bench/linux.mjs [--quick]
//
// Layout: n VMAs of 2 pages with a 2-page hole after each, protections alternating r-- / rw-,
// in an arena below mmapBase. Each call is applied to the same base space again and again
// (persistence: nothing accumulates).
import * as E from 'fp-ts/lib/Either.js'
import {
  AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MREMAP_FIXED,
  MREMAP_MAYMOVE,
  PROT_READ,
  PROT_WRITE,
} from 'memory-set/linux'
import { nsPerCall, report } from './timing.mjs'

const P = 0x1000
const QUICK = process.argv.includes('--quick')
const SIZES = [1000, 65530]
const BASE = 0x100000000000
const RW = PROT_READ | PROT_WRITE
const FIXED = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED
const at = (i) => BASE + i * 4 * P

const must = (r) => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const layout = (n) => {
  let space = AddressSpace.empty({ maxMapCount: 1 << 20 })
  for (let i = 0; i < n; i++) space = must(space.mmap(at(i), 2 * P, i % 2 === 0 ? PROT_READ : RW, FIXED))[0]
  if (space.vmas().length !== n) throw new Error('layout')
  return space
}

const pick = (i, n) => (i * 7919) % n
const rows = []
const ops = [
  ['mmap MAP_FIXED one page (split in 3)', (s, n) => (i) => must(s.mmap(at(pick(i, n)) + P, P, PROT_WRITE, FIXED))],
  ['mmap top-down placement (no hint)', (s) => () => must(s.mmap(0, P, RW, MAP_PRIVATE | MAP_ANONYMOUS))],
  ['munmap one page (shrink)', (s, n) => (i) => must(s.munmap(at(pick(i, n)) + P, P))],
  ['mprotect one page (split in 2)', (s, n) => (i) => must(s.mprotect(at(pick(i, n)), P, PROT_WRITE))],
  ['mremap grow in place', (s, n) => (i) => must(s.mremap(at(pick(i, n)), 2 * P, 3 * P, 0))],
  [
    'mremap fixed move',
    (s, n) => (i) => must(s.mremap(at(pick(i, n)), 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, at(n + 10))),
  ],
  ['brk grow and shrink', (s) => (i) => s.brk(0x555555559000 + (i % 2 === 0 ? 3 * P : 0))],
]
for (const [name, make] of ops) {
  const figures = []
  for (const n of SIZES) figures.push(nsPerCall(make(layout(n), n), QUICK ? 100 : 400))
  rows.push([name, figures])
}
report('AddressSpace system calls (median ns per call; ratio = 65,530 vs 1,000 VMAs)', SIZES, rows)
