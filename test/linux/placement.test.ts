import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  errno,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_GROWSDOWN,
  MAP_PRIVATE,
  MAP_SHARED,
  PROT_READ,
  PROT_WRITE,
} from '../../src/linux/index.js'
import { A, anonFixed, err, ok, PAGE } from './support/helpers.js'

const ANON = MAP_PRIVATE | MAP_ANONYMOUS
const RW = PROT_READ | PROT_WRITE
const MB2 = 0x200000
const BASE = 0x7ffff7fff000

describe('top-down placement below mmapBase', () => {
  it('no hint: right below mmapBase, then right below the previous mapping', () => {
    const space = AddressSpace.empty({ mmapBase: BASE })
    const [s1, a1] = ok(space.mmap(0, 3 * PAGE, RW, ANON))
    expect(a1).toBe(BASE - 3 * PAGE)
    const [, a2] = ok(s1.mmap(0, PAGE, PROT_READ, ANON))
    expect(a2).toBe(a1 - PAGE)
  })

  it('a hole opened higher up is reused first (the highest fitting gap wins)', () => {
    let space = AddressSpace.empty({ mmapBase: BASE })
    const addrs: number[] = []
    for (let i = 0; i < 4; i++) {
      const [next, addr] = ok(space.mmap(0, PAGE, i % 2 === 0 ? RW : PROT_READ, ANON))
      space = next
      addrs.push(addr)
    }
    space = ok(space.munmap(addrs[1]!, PAGE))
    const [, again] = ok(space.mmap(0, PAGE, PROT_READ, ANON))
    expect(again).toBe(addrs[1])
  })

  it('lengths that are multiples of 2 MiB are placed 2 MiB-aligned (anonymous, no hint)', () => {
    const space = AddressSpace.empty({ mmapBase: BASE })
    const [, addr] = ok(space.mmap(0, MB2, RW, ANON))
    expect(addr % MB2).toBe(0)
    expect(addr + MB2).toBeLessThanOrEqual(BASE)
    // Shared anonymous memory (shmem) is not aligned: it goes right below mmapBase.
    const [, shared] = ok(space.mmap(0, MB2, RW, MAP_SHARED | MAP_ANONYMOUS))
    expect(shared).toBe(BASE - MB2)
  })

  it('a 2 MiB file mapping is aligned by its offset modulo 2 MiB', () => {
    const space = AddressSpace.empty({ mmapBase: BASE }).withFile(3)
    const [, atZero] = ok(space.mmap(0, 2 * MB2, PROT_READ, MAP_PRIVATE, 3, 0))
    expect(atZero % MB2).toBe(0)
    const [, atPage] = ok(space.mmap(0, 2 * MB2, PROT_READ, MAP_PRIVATE, 3, PAGE))
    expect(atPage % MB2).toBe(PAGE)
    const tmpfs = AddressSpace.empty({ mmapBase: BASE }).withFile(3, { hugeAlign: false })
    expect(ok(tmpfs.mmap(0, 2 * MB2, PROT_READ, MAP_PRIVATE, 3, 0))[1]).toBe(BASE - 2 * MB2)
  })
})

describe('hints', () => {
  it('a free hint is used, rounded down to a page', () => {
    const [, addr] = ok(AddressSpace.empty().mmap(A(5) + 123, PAGE, RW, ANON))
    expect(addr).toBe(A(5))
  })

  it('a busy hint (even partly) falls back to the top-down search', () => {
    const space = anonFixed(AddressSpace.empty({ mmapBase: BASE }), A(5), 1, RW)
    expect(ok(space.mmap(A(5), PAGE, RW, ANON))[1]).toBe(BASE - PAGE)
    expect(ok(space.mmap(A(4), 2 * PAGE, RW, ANON))[1]).toBe(BASE - 2 * PAGE)
  })

  it('a hint below mmapMinAddr is raised to it', () => {
    const [, addr] = ok(AddressSpace.empty({ mmapMinAddr: 0x10000 }).mmap(0x1000, PAGE, RW, ANON))
    expect(addr).toBe(0x10000)
  })

  it('a hint inside the guard gap below a grows-down mapping is not used', () => {
    const gap = 256 * PAGE
    const stack = A(1000)
    const space = ok(AddressSpace.empty({ mmapBase: BASE }).mmap(stack, PAGE, RW, ANON | MAP_FIXED | MAP_GROWSDOWN))[0]
    expect(ok(space.mmap(stack - gap, PAGE, RW, ANON))[1]).toBe(BASE - PAGE)
    expect(ok(space.mmap(stack - gap - PAGE, PAGE, RW, ANON))[1]).toBe(stack - gap - PAGE)
  })
})

describe('when the top-down area is full', () => {
  it('falls back to the bottom-up search from legacyBase, and ENOMEM when nothing fits', () => {
    const small = AddressSpace.empty({
      mmapMinAddr: 0x10000,
      mmapBase: 0x20000,
      taskSize: 0x100000,
      legacyBase: 0x40000,
    })
    const [full] = ok(small.mmap(0, 0x10000, RW, ANON))
    const [, up] = ok(full.mmap(0, PAGE, RW, ANON))
    expect(up).toBe(0x40000)
    expect(err(full.mmap(0, 0x100000, RW, ANON)).code).toBe('ENOMEM')
  })
})

describe('hints near the task size', () => {
  const TASK = 0x7ffffffff000
  it('a hint whose mapping ends exactly at the task size is used; one past it falls back to the search', () => {
    const space = AddressSpace.empty({ mmapBase: BASE })
    expect(ok(space.mmap(TASK - 2 * PAGE, 2 * PAGE, RW, ANON))[1]).toBe(TASK - 2 * PAGE)
    expect(ok(space.mmap(TASK - PAGE, 2 * PAGE, RW, ANON))[1]).toBe(BASE - 2 * PAGE)
    expect(ok(space.mmap(TASK, PAGE, RW, ANON))[1]).toBe(BASE - PAGE)
  })
})

describe('the guard gap below a grows-down mapping, in the top-down search', () => {
  it('the highest hole that fits but ends inside the gap is skipped, even right above another mapping', () => {
    const gap = 2 * PAGE
    const stack = BASE - 16 * PAGE
    let space = AddressSpace.empty({ mmapBase: BASE, stackGuardGap: gap })
    space = ok(space.mmap(stack, PAGE, RW, ANON | MAP_FIXED | MAP_GROWSDOWN))[0]
    space = anonFixed(space, stack + PAGE, 15, RW) // up to mmapBase
    space = anonFixed(space, stack - 5 * PAGE, 1, PROT_READ) // below the 4-page hole [stack - 4 pages, stack)
    expect(ok(space.mmap(0, 4 * PAGE, RW, ANON))[1]).toBe(stack - 9 * PAGE)
    // a hole that leaves the gap free is used
    expect(ok(space.mmap(0, 2 * PAGE, RW, ANON))[1]).toBe(stack - 4 * PAGE)
  })
})

describe('bottom-up fallback and 2 MiB alignment edges', () => {
  it('the bottom-up search can use the whole range from legacyBase to the task size', () => {
    const small = AddressSpace.empty({
      mmapMinAddr: 0x10000,
      mmapBase: 0x20000,
      taskSize: 0x100000,
      legacyBase: 0x40000,
    })
    expect(ok(small.mmap(0, 0xc0000, RW, ANON))[1]).toBe(0x40000)
    expect(err(small.mmap(0, 0xc1000, RW, ANON)).code).toBe('ENOMEM')
  })

  it('when the padded search lands 2 MiB-aligned, the mapping goes 2 MiB above it (the top of the padding)', () => {
    const aligned = 0x7fffe0000000
    const space = AddressSpace.empty({ mmapBase: aligned })
    expect(ok(space.mmap(0, MB2, RW, ANON))[1]).toBe(aligned - MB2)
  })
})

describe('getUnmappedArea: the task size and the messages', () => {
  const small = { mmapMinAddr: 0x10000, mmapBase: 0x80000, taskSize: 0x100000, legacyBase: 0x40000 }

  it('a mapping as large as the task size fits only as MAP_FIXED at 0 (for a privileged process)', () => {
    const privileged = AddressSpace.empty({ ...small, fixedMinAddr: 0 })
    expect(ok(privileged.mmap(0, 0x100000, RW, ANON | MAP_FIXED))[1]).toBe(0)
    expect(privileged.mmap(0, 0x100000, RW, ANON)).toEqual(
      E.left(errno('ENOMEM', 'mmap(0x0, 0x100000, 0x3, 0x22, -1, 0x0): no free range of 0x100000 bytes')),
    )
  })

  it('MAP_FIXED may end exactly at the task size', () => {
    expect(ok(AddressSpace.empty(small).mmap(0xff000, PAGE, RW, ANON | MAP_FIXED))[1]).toBe(0xff000)
  })

  it.each([
    [
      'larger than the task size',
      [0, 0x101000, RW, ANON],
      'ENOMEM',
      'mmap(0x0, 0x101000, 0x3, 0x22, -1, 0x0): length 0x101000 is larger than the task size 0x100000',
    ],
    [
      'MAP_FIXED ending past the task size',
      [0xff000, 2 * PAGE, RW, ANON | MAP_FIXED],
      'ENOMEM',
      'mmap(0xff000, 0x2000, 0x3, 0x32, -1, 0x0): [0xff000, 0x101000) ends beyond the task size 0x100000',
    ],
    [
      'an unaligned MAP_FIXED address',
      [0x20800, PAGE, RW, ANON | MAP_FIXED],
      'EINVAL',
      'mmap(0x20800, 0x1000, 0x3, 0x32, -1, 0x0): address 0x20800 is not page-aligned',
    ],
    [
      'MAP_FIXED below the minimum',
      [0, PAGE, RW, ANON | MAP_FIXED],
      'EPERM',
      'mmap(0x0, 0x1000, 0x3, 0x32, -1, 0x0): address 0x0 is below the minimum 0x1000',
    ],
  ] as const)('%s', (_what, args, code, message) => {
    const [addr, length, prot, flags] = args
    expect(AddressSpace.empty(small).mmap(addr, length, prot, flags)).toEqual(E.left(errno(code, message)))
  })
})
