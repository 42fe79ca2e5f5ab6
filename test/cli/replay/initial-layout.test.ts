import * as E from 'fp-ts/lib/Either.js'
import { expect, it } from 'vitest'
import { initialLayout } from '../../../src/cli/replay/initial-layout.js'
import { decodeSyscall, type Syscall } from '../../../src/cli/strace/syscall.js'
import { parseTrace, type TraceCall } from '../../../src/cli/strace/trace.js'

const decoded = (text: string): Map<TraceCall, Syscall> => {
  const t = parseTrace(text)
  if (E.isLeft(t)) throw new Error(t.left.message)
  const out = new Map<TraceCall, Syscall>()
  for (const e of t.right.events) {
    if (e.kind !== 'call') continue
    const d = decodeSyscall(e)
    if (E.isRight(d)) out.set(e, d.right)
  }
  return out
}

const trace = [
  '1  brk(NULL) = 0x555555559000',
  '1  mmap(0x7f0000000000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000',
  '1  mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f1234560000',
  '2  brk(NULL) = 0x600000',
].join('\n')

it('a space starts with the first break and the top of the first kernel-placed mapping of its pid', () => {
  const layout = initialLayout(decoded(trace), true)
  expect(layout(1, 0)).toStrictEqual({ brk: 0x555555559000, mmapBase: 0x7f1234562000 })
  expect(layout(2, 0)).toStrictEqual({ brk: 0x600000 })
  expect(layout(1, 4)).toStrictEqual({})
})

it('without process lines the first of any pid counts', () => {
  expect(initialLayout(decoded(trace), false)(2, 0)).toStrictEqual({ brk: 0x555555559000, mmapBase: 0x7f1234562000 })
})

it('only successful kernel-placed mmaps count: not failed ones, hints, MAP_FIXED, MAP_FIXED_NOREPLACE or other calls', () => {
  const layout = initialLayout(
    decoded(
      [
        '1  mprotect(NULL, 0, PROT_NONE) = 0',
        '1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)',
        '1  mmap(0x7e0000000000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7e0000000000',
        '1  mmap(0x7d0000000000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE, -1, 0) = 0x7d0000000000',
        // MAP_FIXED at 0 (vm.mmap_min_addr = 0): not placed by the kernel.
        '1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0',
        '1  brk(NULL) = 0x555555559000',
        '1  mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f1234560000',
      ].join('\n'),
    ),
    true,
  )
  expect([layout(1, 0), layout(1, 6), layout(1, 7), layout(3, 0)]).toStrictEqual([
    { brk: 0x555555559000, mmapBase: 0x7f1234562000 },
    { brk: 0x555555559000, mmapBase: 0x7f1234562000 },
    { mmapBase: 0x7f1234562000 },
    {},
  ])
})
