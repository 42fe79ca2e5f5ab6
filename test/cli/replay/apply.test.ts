import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { applyLayout, type Applied } from '../../../src/cli/replay/apply.js'
import type { ReplayErrno, ReplaySpace } from '../../../src/cli/replay/space.js'
import type { CallResult } from '../../../src/cli/strace/line.js'
import { AddressSpace } from '../../../src/linux/index.js'
import { FakeSpace } from '../../support/fake-space.js'

const ok = (value: number): CallResult => ({ kind: 'value', value, text: `0x${value.toString(16)}` })
const failed: CallResult = { kind: 'error', errno: 'ENOMEM', text: '-1 ENOMEM (Cannot allocate memory)' }

const PRIVATE_ANON = 0x22
const SHARED_ANON = 0x21
const FIXED = 0x10
const NOREPLACE = 0x100000
const MAYMOVE = 0x1
const DONTUNMAP = 0x4

const mmap = (addr: number, length: number, prot = 3, flags = PRIVATE_ANON) =>
  ({ kind: 'mmap', addr, length, prot, flags, fd: -1, path: undefined, offset: 0 }) as const
const munmap = (addr: number, length: number) => ({ kind: 'munmap', addr, length }) as const
const mprotect = (addr: number, length: number, prot: number) => ({ kind: 'mprotect', addr, length, prot }) as const
const mremap = (oldAddr: number, oldLength: number, newLength: number, flags: number, newAddr = 0) =>
  ({ kind: 'mremap', oldAddr, oldLength, newLength, flags, newAddr }) as const
const brk = (addr: number) => ({ kind: 'brk', addr }) as const

/** A space with anonymous areas mapped (MAP_FIXED) at `[start, end, prot]`. */
const spaceWith = (...areas: readonly (readonly [number, number, number])[]): ReplaySpace =>
  areas.reduce<ReplaySpace>(
    (s, [start, end, prot]) =>
      E.getOrElseW(() => {
        throw new Error('setup')
      })(s.mmap(start, end - start, prot, PRIVATE_ANON | FIXED))[0],
    FakeSpace.empty(),
  )

const areas = (s: ReplaySpace): string[] =>
  s.vmas().map((v) => `${v.start.toString(16)}-${v.end.toString(16)} ${v.perms}`)

/** What a test looks at: the areas after, the outcome and the note. */
const view = (a: Applied) => ({ areas: areas(a.space), outcome: a.outcome, note: a.note })

const errno = (code: string, message: string, kernelState?: ReplaySpace): ReplayErrno =>
  kernelState === undefined ? { _tag: 'Errno', code, message } : { _tag: 'Errno', code, message, kernelState }

/** `base` with some calls answered otherwise. */
const stub = (base: ReplaySpace, o: Partial<Pick<ReplaySpace, 'munmap' | 'mprotect' | 'mremap'>>): ReplaySpace => ({
  mmap: (...a) => base.mmap(...a),
  munmap: o.munmap ?? ((a, l) => base.munmap(a, l)),
  mprotect: o.mprotect ?? ((a, l, p) => base.mprotect(a, l, p)),
  mremap: o.mremap ?? ((...a) => base.mremap(...a)),
  brk: (a) => base.brk(a),
  withFile: (fd, options) => base.withFile(fd, options),
  vmas: () => base.vmas(),
})

const A = 0x7f0000000000
const a = [A, A + 0x2000, 3] as const

describe('mmap', () => {
  const space = spaceWith(a)
  it.each([
    [
      'failed where the model would succeed',
      mmap(0, 4096),
      failed,
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'failed', note: 'the model would have succeeded' },
    ],
    [
      'failed as the model would',
      mmap(0, 0),
      failed,
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'failed', note: undefined },
    ],
    [
      'applied where the model places it',
      mmap(0, 4096),
      ok(0x7ffff7ffe000),
      {
        areas: ['7f0000000000-7f0000002000 rw-p', '7ffff7ffe000-7ffff7fff000 rw-p'],
        outcome: 'applied',
        note: undefined,
      },
    ],
    [
      'placed with MAP_FIXED, keeping its other flags, where the model would place it elsewhere',
      mmap(0, 4096, 3, SHARED_ANON),
      ok(0x7f0000004000),
      {
        areas: ['7f0000000000-7f0000002000 rw-p', '7f0000004000-7f0000005000 rw-s'],
        outcome: 'placed',
        note: 'MAP_FIXED at 0x7f0000004000: the model would place it at 0x7ffff7ffe000',
      },
    ],
    [
      'placed with MAP_FIXED instead of MAP_FIXED_NOREPLACE where the model finds the pages taken',
      mmap(A, 4096, 1, PRIVATE_ANON | NOREPLACE),
      ok(A),
      {
        areas: ['7f0000000000-7f0000001000 r--p', '7f0000001000-7f0000002000 rw-p'],
        outcome: 'placed',
        note: 'MAP_FIXED at 0x7f0000000000: EEXIST: occupied',
      },
    ],
    [
      'disagreed where the model cannot place it at the traced address either',
      mmap(0, 4096),
      ok(0x1000),
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'disagreed', note: 'EPERM: below mmap_min_addr' },
    ],
  ])('%s', (_, call, result, expected) => {
    const r = applyLayout(space, call, -1, result)
    expect(view(r)).toEqual(expected)
    expect('note' in r).toBe(expected.note !== undefined)
    if (expected.outcome === 'failed' || expected.outcome === 'disagreed') expect(r.space).toBe(space)
  })
})

describe('munmap', () => {
  const space = spaceWith(a)
  it.each([
    [
      'failed',
      munmap(A, 8192),
      failed,
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'failed', note: undefined },
    ],
    [
      'applied',
      munmap(A, 4096),
      ok(0),
      { areas: ['7f0000001000-7f0000002000 rw-p'], outcome: 'applied', note: undefined },
    ],
    [
      'disagreed',
      munmap(A + 0x800, 4096),
      ok(0),
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'disagreed', note: 'EINVAL: bad munmap arguments' },
    ],
  ])('%s', (_, call, result, expected) => {
    expect(view(applyLayout(space, call, -1, result))).toEqual(expected)
  })
})

describe('mprotect', () => {
  const space = spaceWith(a)
  it.each([
    [
      'failed but changed memory: the kernel state is followed',
      mprotect(A, 16384, 1),
      failed,
      { areas: ['7f0000000000-7f0000002000 r--p'], outcome: 'kernel-state', note: 'ENOMEM: hole' },
    ],
    [
      'failed, the model refusing too without a change',
      mprotect(A + 0x800, 4096, 1),
      failed,
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'failed', note: undefined },
    ],
    [
      'failed where the model would succeed',
      mprotect(A, 4096, 1),
      failed,
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'failed', note: undefined },
    ],
    [
      'applied',
      mprotect(A, 4096, 1),
      ok(0),
      {
        areas: ['7f0000000000-7f0000001000 r--p', '7f0000001000-7f0000002000 rw-p'],
        outcome: 'applied',
        note: undefined,
      },
    ],
    [
      'disagreed on another error than ENOMEM',
      mprotect(A + 0x800, 4096, 1),
      ok(0),
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'disagreed', note: 'EINVAL: unaligned' },
    ],
    [
      'disagreed on another error than ENOMEM, even away from known memory',
      mprotect(0x7e0000000800, 4096, 1),
      ok(0),
      { areas: ['7f0000000000-7f0000002000 rw-p'], outcome: 'disagreed', note: 'EINVAL: unaligned' },
    ],
  ])('%s', (_, call, result, expected) => {
    expect(view(applyLayout(space, call, -1, result))).toEqual(expected)
  })

  it('over memory mapped before tracing began: only the known parts inside the range change', () => {
    const known = spaceWith(
      [0x7e0000000000, 0x7e0000001000, 3],
      a,
      [A + 0x4000, A + 0x7000, 3],
      [A + 0x10000, A + 0x11000, 3],
    )
    // [A + 0x1000, A + 0x6000): half of the first area, a hole, two thirds of the second.
    expect(view(applyLayout(known, mprotect(A + 0x1000, 0x4001, 1), -1, ok(0)))).toEqual({
      areas: [
        '7e0000000000-7e0000001000 rw-p',
        '7f0000000000-7f0000001000 rw-p',
        '7f0000001000-7f0000002000 r--p',
        '7f0000004000-7f0000006000 r--p',
        '7f0000006000-7f0000007000 rw-p',
        '7f0000010000-7f0000011000 rw-p',
      ],
      outcome: 'partial',
      note: 'memory mapped before tracing began: changed the 12288 of 20480 bytes the replay knows',
    })
  })

  it('over memory mapped before tracing began, where the space refuses a known part: disagreed', () => {
    const base = spaceWith(a)
    const space = stub(base, {
      mprotect: (addr, length) => E.left(errno(length === 0x4000 ? 'ENOMEM' : 'EACCES', `${addr.toString(16)}`)),
    })
    const r = applyLayout(space, mprotect(A, 0x4000, 1), -1, ok(0))
    expect(view(r)).toEqual({
      areas: ['7f0000000000-7f0000002000 rw-p'],
      outcome: 'disagreed',
      note: 'EACCES: 7f0000000000',
    })
    expect(r.space).toBe(space)
  })
})

describe('mremap', () => {
  const E0 = 0x7f0000100000
  const space = spaceWith(a, [E0, E0 + 0x2000, 1])
  it.each([
    [
      'failed',
      mremap(A, 8192, 16384, MAYMOVE),
      failed,
      {
        areas: ['7f0000000000-7f0000002000 rw-p', '7f0000100000-7f0000102000 r--p'],
        outcome: 'failed',
        note: undefined,
      },
    ],
    [
      'applied',
      mremap(A, 8192, 4096, 0),
      ok(A),
      {
        areas: ['7f0000000000-7f0000001000 rw-p', '7f0000100000-7f0000102000 r--p'],
        outcome: 'applied',
        note: undefined,
      },
    ],
    [
      'from a source partly mapped before tracing began: both ranges are forgotten',
      mremap(A + 0x1000, 8192, 8192, MAYMOVE),
      ok(E0),
      {
        areas: ['7f0000000000-7f0000001000 rw-p'],
        outcome: 'unmodelled',
        note: 'the source was mapped before tracing began',
      },
    ],
    [
      'with MREMAP_DONTUNMAP from such a source: the source stays',
      mremap(A + 0x1000, 8192, 8192, MAYMOVE | DONTUNMAP),
      ok(E0),
      {
        areas: ['7f0000000000-7f0000002000 rw-p'],
        outcome: 'unmodelled',
        note: 'the source was mapped before tracing began',
      },
    ],
    [
      'from such a source, where the space refuses to unmap either range: nothing changes',
      mremap(0x7e0000000800, 4096, 0, MAYMOVE),
      ok(E0),
      {
        areas: ['7f0000000000-7f0000002000 rw-p', '7f0000100000-7f0000102000 r--p'],
        outcome: 'unmodelled',
        note: 'the source was mapped before tracing began',
      },
    ],
    [
      'moved to the traced address where the model would grow it in place',
      mremap(A, 8192, 16384, MAYMOVE),
      ok(0x7f0000200000),
      {
        areas: ['7f0000100000-7f0000102000 r--p', '7f0000200000-7f0000204000 rw-p'],
        outcome: 'placed',
        note: 'moved to 0x7f0000200000 as traced: the model would move it to 0x7f0000000000',
      },
    ],
  ])('%s', (_, call, result, expected) => {
    expect(view(applyLayout(space, call, -1, result))).toEqual(expected)
  })

  it('grown in place by the kernel where the model has pages after it: they were free in reality', () => {
    const crowded = spaceWith(a, [A + 0x2000, A + 0x3000, 1], [A + 0x5000, A + 0x6000, 1])
    expect(view(applyLayout(crowded, mremap(A, 8192, 16384, 0), -1, ok(A)))).toEqual({
      areas: ['7f0000000000-7f0000004000 rw-p', '7f0000005000-7f0000006000 r--p'],
      outcome: 'placed',
      note: 'moved to 0x7f0000000000 as traced: ENOMEM: cannot grow in place',
    })
  })

  it('grown in place on the library’s space, which refuses MREMAP_FIXED onto the source itself', () => {
    const s = E.getOrElseW(() => {
      throw new Error('setup')
    })(
      E.flatMap(AddressSpace.empty().mmap(A, 0x2000, 3, PRIVATE_ANON | FIXED), ([s1]) =>
        s1.mmap(A + 0x2000, 0x1000, 1, PRIVATE_ANON | FIXED),
      ),
    )[0]
    const r = applyLayout(s, mremap(A, 8192, 16384, 0), -1, ok(A))
    expect(areas(r.space)).toEqual(['7f0000000000-7f0000004000 rw-p'])
    expect(r.outcome).toBe('placed')
  })

  it('kept in place at its size where the model refuses: nothing is unmapped', () => {
    const base = spaceWith(a, [A + 0x2000, A + 0x3000, 1])
    const space = stub(base, {
      mremap: (o, ol, nl, flags, na) =>
        flags === 0 ? base.mremap(o, ol, nl, flags, na) : E.left(errno('ENOMEM', 'no')),
    })
    expect(view(applyLayout(space, mremap(A, 8192, 8192, MAYMOVE), -1, ok(A)))).toEqual({
      areas: ['7f0000000000-7f0000002000 rw-p', '7f0000002000-7f0000003000 r--p'],
      outcome: 'placed',
      note: 'moved to 0x7f0000000000 as traced: ENOMEM: no',
    })
  })

  it('failed but changed memory: the kernel state is followed', () => {
    const after = spaceWith([A, A + 0x1000, 1])
    const space = stub(spaceWith(a), { mremap: () => E.left(errno('EINVAL', 'x', after)) })
    const r = applyLayout(space, mremap(A, 8192, 16384, MAYMOVE), -1, failed)
    expect(r).toEqual({ space: after, outcome: 'kernel-state' })
  })

  it('disagreed when the move to the traced address fails, with the reason of the move', () => {
    const space = stub(spaceWith(a), { mremap: (...x) => E.left(errno('ENOMEM', `flags ${x[3]}`)) })
    const r = applyLayout(space, mremap(A, 8192, 16384, MAYMOVE), -1, ok(0x7f0000200000))
    expect(view(r)).toEqual({
      areas: ['7f0000000000-7f0000002000 rw-p'],
      outcome: 'disagreed',
      note: 'ENOMEM: flags 3',
    })
    expect(r.space).toBe(space)
  })

  it('disagreed when the forced move lands elsewhere', () => {
    const base = spaceWith(a)
    const space = stub(base, { mremap: () => E.right([base, 0x7f0000300000] as const) })
    const r = applyLayout(space, mremap(A, 8192, 16384, MAYMOVE), -1, ok(0x7f0000200000))
    expect(view(r)).toEqual({
      areas: ['7f0000000000-7f0000002000 rw-p'],
      outcome: 'disagreed',
      note: 'the model would move it to 0x7f0000300000',
    })
    expect(r.space).toBe(space)
  })
})

describe('brk', () => {
  const H = 0x555555559000
  const far = [A, A + 0x1000, 3] as const
  it.each([
    [
      'applied',
      spaceWith(far),
      brk(H + 0x21000),
      ok(H + 0x21000),
      {
        areas: ['555555559000-55555557a000 rw-p', '7f0000000000-7f0000001000 rw-p'],
        outcome: 'applied',
        note: undefined,
      },
    ],
    [
      'applied when the trace shows no value',
      spaceWith(far),
      brk(H + 0x21000),
      { kind: 'none', text: '?' } as const,
      {
        areas: ['555555559000-55555557a000 rw-p', '7f0000000000-7f0000001000 rw-p'],
        outcome: 'applied',
        note: undefined,
      },
    ],
    [
      'placed where the model has pages in the way: they were free in reality',
      spaceWith([H + 0x7000, H + 0x8000, 1], far),
      brk(H + 0x21000),
      ok(H + 0x21000),
      {
        areas: ['555555559000-55555557a000 rw-p', '7f0000000000-7f0000001000 rw-p'],
        outcome: 'placed',
        note: "the model's break was 0x555555559000",
      },
    ],
    [
      'disagreed where the kernel refused a move the model makes',
      spaceWith(far),
      brk(H + 0x21000),
      ok(H),
      {
        areas: ['555555559000-55555557a000 rw-p', '7f0000000000-7f0000001000 rw-p'],
        outcome: 'disagreed',
        note: "the model's break is 0x55555557a000, the trace's 0x555555559000",
      },
    ],
    [
      'disagreed where the model refuses the move even with the pages cleared',
      spaceWith(far),
      brk(H - 0x9000),
      ok(H - 0x9000),
      {
        areas: ['7f0000000000-7f0000001000 rw-p'],
        outcome: 'disagreed',
        note: "the model's break is 0x555555559000, the trace's 0x555555550000",
      },
    ],
  ])('%s', (_, space, call, result, expected) => {
    expect(view(applyLayout(space, call, -1, result))).toEqual(expected)
  })

  it('disagreed where the space refuses to clear the pages in the way', () => {
    const base = spaceWith([H + 0x7000, H + 0x8000, 1])
    const space = stub(base, { munmap: () => E.left(errno('EINVAL', 'no')) })
    expect(view(applyLayout(space, brk(H + 0x21000), -1, ok(H + 0x21000)))).toEqual({
      areas: ['555555560000-555555561000 r--p'],
      outcome: 'disagreed',
      note: "the model's break is 0x555555559000, the trace's 0x55555557a000",
    })
  })
})
