import { expect, it } from 'vitest'
import { rangesOf } from '../../../src/cli/replay/touched.js'

const ok = (value: number) => ({ kind: 'value' as const, value, text: String(value) })
const failed = { kind: 'error' as const, errno: 'ENOMEM', text: '-1 ENOMEM' }

it('names the pages each layout call may change, rounded to pages', () => {
  const mmap = { kind: 'mmap' as const, addr: 0, length: 100, prot: 1, flags: 0x22, fd: -1, path: undefined, offset: 0 }
  expect(rangesOf(mmap, ok(0x10000))).toEqual([{ start: 0x10000, end: 0x11000 }])
  expect(rangesOf(mmap, failed)).toEqual([])
  expect(rangesOf({ kind: 'munmap', addr: 0x2000, length: 0x1001 }, ok(0))).toEqual([{ start: 0x2000, end: 0x4000 }])
  expect(rangesOf({ kind: 'mprotect', addr: 0x2000, length: 0x1000, prot: 1 }, failed)).toEqual([
    { start: 0x2000, end: 0x3000 },
  ])
  const mremap = {
    kind: 'mremap' as const,
    oldAddr: 0x2000,
    oldLength: 0x1000,
    newLength: 0x3000,
    flags: 1,
    newAddr: 0,
  }
  expect(rangesOf(mremap, ok(0x9000))).toEqual([
    { start: 0x2000, end: 0x5000 },
    { start: 0x9000, end: 0xc000 },
  ])
  // A failed mremap may still have unmapped its destination (MREMAP_FIXED) or the old range's tail.
  expect(rangesOf(mremap, failed)).toEqual([{ start: 0x2000, end: 0x5000 }])
  expect(rangesOf({ ...mremap, flags: 3, newAddr: 0x9000, newLength: 0x800 }, failed)).toEqual([
    { start: 0x2000, end: 0x3000 },
    { start: 0x9000, end: 0xa000 },
  ])
  expect(rangesOf({ kind: 'event', name: 'madvise' }, ok(0))).toEqual([])
})
