import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  errno,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN,
  MAP_LOCKED,
  MAP_NORESERVE,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_SHARED_VALIDATE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
} from '../../src/linux/index.js'
import { A, anonFixed, err, layout, ok, PAGE, range, sharedFixed } from './support/helpers.js'

const ANON = MAP_PRIVATE | MAP_ANONYMOUS
const FIXED = ANON | MAP_FIXED
const RW = PROT_READ | PROT_WRITE
/** Linux's MAP_DROPPABLE map type and MAP_HUGETLB (the model handles them but does not export them). */
const MAP_DROPPABLE = 0x08
const MAP_HUGETLB = 0x40000

describe('mmap errors, in Linux order', () => {
  const space = AddressSpace.empty({ undeclaredFds: 'EBADF' }).withFile(3).withFile(4, { writable: false })

  it.each([
    ['length 0', [A(0), 0, RW, ANON, -1, 0], 'EINVAL'],
    ['unaligned offset (checked before the fd)', [A(0), PAGE, RW, MAP_PRIVATE, 99, 1], 'EINVAL'],
    ['bad fd (before the length)', [A(0), 0, RW, MAP_PRIVATE, 99, 0], 'EBADF'],
    ['length wrapping to 0 when page-rounded', [A(0), 2 ** 64 - 2048, RW, ANON, -1, 0], 'ENOMEM'],
    ['unaligned MAP_FIXED address', [A(0) + 1, PAGE, RW, FIXED, -1, 0], 'EINVAL'],
    [
      'MAP_FIXED beyond the task size (before the map type)',
      [0x7ffffffff000, PAGE, RW, MAP_ANONYMOUS | MAP_FIXED, -1, 0],
      'ENOMEM',
    ],
    ['no map type', [A(0), PAGE, RW, MAP_ANONYMOUS, -1, 0], 'EINVAL'],
    ['anonymous MAP_SHARED_VALIDATE', [A(0), PAGE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0], 'EINVAL'],
    ['MAP_SHARED_VALIDATE with an unknown flag', [A(0), PAGE, RW, MAP_SHARED_VALIDATE | 0x800000, 3, 0], 'EOPNOTSUPP'],
    ['unknown flag beats a read-only fd', [A(0), PAGE, RW, MAP_SHARED_VALIDATE | 0x800000, 4, 0], 'EOPNOTSUPP'],
    ['shared writable on a read-only fd', [A(0), PAGE, RW, MAP_SHARED, 4, 0], 'EACCES'],
    ['offset + length past 2^63', [A(0), PAGE, PROT_READ, MAP_PRIVATE, 3, 2 ** 63 - PAGE], 'EOVERFLOW'],
    ['MAP_GROWSDOWN of a file', [A(0), PAGE, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, 3, 0], 'EINVAL'],
    ['length larger than the task size', [0, 0x800000000000, RW, ANON, -1, 0], 'ENOMEM'],
    ['not an integer', [A(0), 1.5, RW, ANON, -1, 0], 'EINVAL'],
  ] as const)('%s: %s', (_what, args, code) => {
    const result = space.mmap(...(args as unknown as [number, number, number, number, number, number]))
    expect(err(result).code).toBe(code)
    expect(err(result).message).toMatch(/^mmap\(/)
  })

  it('MAP_FIXED below the minimum address is EPERM, even before the map type', () => {
    const low = AddressSpace.empty({ fixedMinAddr: 0x1000 })
    expect(err(low.mmap(0, PAGE, RW, MAP_ANONYMOUS | MAP_FIXED)).code).toBe('EPERM')
    expect(ok(low.mmap(0x1000, PAGE, RW, FIXED))[1]).toBe(0x1000)
  })

  it('MAP_FIXED_NOREPLACE over a mapping is EEXIST (before the file checks); on free space it maps', () => {
    const busy = anonFixed(space, A(0), 1, RW)
    expect(err(busy.mmap(A(0), PAGE, RW, MAP_SHARED | MAP_FIXED_NOREPLACE, 4, 0)).code).toBe('EEXIST')
    expect(ok(busy.mmap(A(1), PAGE, RW, ANON | MAP_FIXED_NOREPLACE))[1]).toBe(A(1))
  })

  it('MAP_ANONYMOUS ignores the fd; a private writable mapping of a read-only fd is allowed', () => {
    expect(ok(space.mmap(A(0), PAGE, RW, ANON, 99, 0))[1]).toBe(A(0))
    expect(ok(space.mmap(A(0), PAGE, RW, MAP_PRIVATE, 4, 0))[1]).toBe(A(0))
  })

  it('a write-only fd and a directory cannot be mapped', () => {
    const odd = space.withFile(5, { readable: false }).withFile(6, { mappable: false })
    expect(err(odd.mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, 5, 0)).code).toBe('EACCES')
    expect(err(odd.mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, 6, 0)).code).toBe('ENODEV')
  })

  it('an undeclared fd is a read-write file by default', () => {
    const [mapped] = ok(AddressSpace.empty().mmap(A(0), PAGE, RW, MAP_SHARED, 7, 0))
    expect(mapped.vmas()[0]?.fd).toBe(7)
  })

  it('the overcommit heuristic refuses a large accounted mapping, not an unaccounted one', () => {
    const limited = AddressSpace.empty({ commitLimit: 16 * PAGE })
    expect(err(limited.mmap(0, 32 * PAGE, RW, ANON)).code).toBe('ENOMEM')
    expect(E.isRight(limited.mmap(0, 32 * PAGE, PROT_READ, ANON))).toBe(true)
    expect(E.isRight(limited.mmap(0, 32 * PAGE, RW, ANON | MAP_NORESERVE))).toBe(true)
    expect(err(limited.mmap(0, 32 * PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS)).code).toBe('ENOMEM')
  })

  it('a failed call leaves the space as it was', () => {
    const before = anonFixed(space, A(0), 2, RW)
    const snapshot = before.toString()
    err(before.mmap(A(0), PAGE, RW, MAP_SHARED, 4, 0))
    expect(before.toString()).toBe(snapshot)
  })
})

describe('what merges', () => {
  const empty = AddressSpace.empty()

  it('adjacent private anonymous mappings with the same protection merge, in either order', () => {
    expect(layout(anonFixed(anonFixed(empty, A(0), 2, RW), A(2), 2, RW))).toEqual([range(A(0), A(4), 'rw-p 0')])
    expect(layout(anonFixed(anonFixed(empty, A(2), 2, RW), A(0), 2, RW))).toEqual([range(A(0), A(4), 'rw-p 0')])
  })

  it('different protections do not merge; MAP_FIXED over the middle replaces and re-merges', () => {
    const two = anonFixed(anonFixed(empty, A(0), 2, RW), A(2), 2, PROT_READ)
    expect(layout(two)).toHaveLength(2)
    const middle = anonFixed(anonFixed(empty, A(0), 6, RW), A(2), 2, PROT_READ | PROT_EXEC)
    expect(layout(middle)).toEqual([
      range(A(0), A(2), 'rw-p 0'),
      range(A(2), A(4), 'r-xp 0'),
      range(A(4), A(6), 'rw-p 0'),
    ])
    expect(layout(anonFixed(middle, A(2), 2, RW))).toEqual([range(A(0), A(6), 'rw-p 0')])
  })

  it('each shared anonymous mapping is its own object', () => {
    const shared = sharedFixed(sharedFixed(empty, A(0), 2, RW), A(2), 2, RW)
    expect(layout(shared)).toEqual([
      range(A(0), A(2), 'rw-s 0 /dev/zero (deleted)'),
      range(A(2), A(4), 'rw-s 0 /dev/zero (deleted)'),
    ])
  })

  it('a file merges with itself at contiguous offsets only; two fds of one path never merge', () => {
    const files = empty.withFile(3, { path: '/f' }).withFile(4, { path: '/f' })
    const map = (s: AddressSpace, at: number, fd: number, offset: number) =>
      ok(s.mmap(at, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, offset))[0]
    expect(layout(map(map(files, A(0), 3, 0), A(2), 3, 2 * PAGE))).toEqual([range(A(0), A(4), 'r--p 0 /f')])
    expect(layout(map(map(files, A(0), 3, 0), A(2), 3, 4 * PAGE))).toHaveLength(2)
    expect(layout(map(map(files, A(0), 3, 0), A(2), 4, 2 * PAGE))).toHaveLength(2)
    const mixed = ok(map(files, A(0), 3, 0).mmap(A(2), 2 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 2 * PAGE))[0]
    expect(layout(mixed)).toEqual([range(A(0), A(2), 'r--p 0 /f'), range(A(2), A(4), 'r--s 2000 /f')])
  })

  it('accounting is part of the rule: MAP_NORESERVE rw memory does not merge with accounted rw memory', () => {
    const noreserve = ok(anonFixed(empty, A(0), 2, RW).mmap(A(2), 2 * PAGE, RW, FIXED | MAP_NORESERVE))[0]
    expect(layout(noreserve)).toHaveLength(2)
    expect(noreserve.vmas().map((v) => v.vmflags.includes('ac'))).toEqual([true, false])
  })
})

describe('mmap near the map count limit', () => {
  it('MAP_FIXED into the middle of an area is ENOMEM at maxMapCount; over its end it is not', () => {
    const full = anonFixed(AddressSpace.empty({ maxMapCount: 1 }), A(0), 4, RW)
    expect(err(full.mmap(A(1), PAGE, PROT_READ, FIXED)).code).toBe('ENOMEM')
    expect(ok(full.mmap(A(3), PAGE, PROT_READ, FIXED))[1]).toBe(A(3))
  })
})

describe('mmap error messages name the call and the reason', () => {
  const space = AddressSpace.empty({ undeclaredFds: 'EBADF' })
    .withFile(3)
    .withFile(5, { readable: false })
    .withFile(6, { mappable: false })
  const busy = anonFixed(space, A(0), 1, RW)
  const ints = 'the arguments must be integers'
  it.each([
    [
      'an address',
      space,
      [A(0) + 0.5, PAGE, RW, ANON, -1, 0],
      'EINVAL',
      `mmap(17592186044416.5, 0x1000, 0x3, 0x22, -1, 0x0): ${ints}`,
    ],
    [
      'a length',
      space,
      [A(0), 1.5, RW, ANON, -1, 0],
      'EINVAL',
      `mmap(0x100000000000, 1.5, 0x3, 0x22, -1, 0x0): ${ints}`,
    ],
    [
      'a prot',
      space,
      [A(0), PAGE, 1.5, ANON, -1, 0],
      'EINVAL',
      `mmap(0x100000000000, 0x1000, 1.5, 0x22, -1, 0x0): ${ints}`,
    ],
    [
      'flags',
      space,
      [A(0), PAGE, RW, 0.5, -1, 0],
      'EINVAL',
      `mmap(0x100000000000, 0x1000, 0x3, 0.5, -1, 0x0): ${ints}`,
    ],
    [
      'an offset',
      space,
      [A(0), PAGE, RW, ANON, -1, 0.5],
      'EINVAL',
      `mmap(0x100000000000, 0x1000, 0x3, 0x22, -1, 0.5): ${ints}`,
    ],
    [
      'an fd',
      space,
      [A(0), PAGE, RW, ANON, 1.5, 0],
      'EINVAL',
      `mmap(0x100000000000, 0x1000, 0x3, 0x22, 1.5, 0x0): ${ints}`,
    ],
    [
      'an fd given as a string',
      space,
      [A(0), PAGE, RW, ANON, '3' as unknown as number, 0],
      'EINVAL',
      `mmap(0x100000000000, 0x1000, 0x3, 0x22, 3, 0x0): ${ints}`,
    ],
    [
      'MAP_HUGETLB of a file',
      space,
      [A(0), PAGE, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, 3, 0],
      'EINVAL',
      'mmap(0x100000000000, 0x1000, 0x1, 0x40002, 0x3, 0x0): MAP_HUGETLB needs a hugetlbfs file',
    ],
    [
      'MAP_FIXED_NOREPLACE over a mapping',
      busy,
      [A(0), PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0],
      'EEXIST',
      'mmap(0x100000000000, 0x1000, 0x3, 0x100022, -1, 0x0): [0x100000000000, 0x100000001000) overlaps a mapping (MAP_FIXED_NOREPLACE)',
    ],
    [
      'a file without a map type',
      space,
      [A(0), PAGE, PROT_READ, 0, 3, 0],
      'EINVAL',
      'mmap(0x100000000000, 0x1000, 0x1, 0x0, 0x3, 0x0): map type 0x0 is neither MAP_SHARED nor MAP_PRIVATE',
    ],
    [
      'a write-only fd',
      space,
      [A(0), PAGE, PROT_READ, MAP_PRIVATE, 5, 0],
      'EACCES',
      'mmap(0x100000000000, 0x1000, 0x1, 0x2, 0x5, 0x0): fd 5 is not open for reading',
    ],
    [
      'a directory',
      space,
      [A(0), PAGE, PROT_READ, MAP_PRIVATE, 6, 0],
      'ENODEV',
      'mmap(0x100000000000, 0x1000, 0x1, 0x2, 0x6, 0x0): fd 6 cannot be mapped',
    ],
    [
      'MAP_GROWSDOWN of shared anonymous memory',
      space,
      [A(0), PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0],
      'EINVAL',
      'mmap(0x100000000000, 0x1000, 0x3, 0x121, -1, 0x0): MAP_GROWSDOWN of shared memory',
    ],
    [
      'MAP_DROPPABLE with MAP_LOCKED',
      space,
      [A(0), PAGE, RW, MAP_DROPPABLE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0],
      'EINVAL',
      'mmap(0x100000000000, 0x1000, 0x3, 0x2028, -1, 0x0): MAP_DROPPABLE cannot be locked or grow down',
    ],
    [
      'MAP_DROPPABLE with MAP_GROWSDOWN',
      space,
      [A(0), PAGE, RW, MAP_DROPPABLE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0],
      'EINVAL',
      'mmap(0x100000000000, 0x1000, 0x3, 0x128, -1, 0x0): MAP_DROPPABLE cannot be locked or grow down',
    ],
    [
      'MAP_SHARED_VALIDATE with a flag above bit 31',
      space,
      [A(0), PAGE, PROT_READ, 2 ** 32 + MAP_SHARED_VALIDATE, 3, 0],
      'EOPNOTSUPP',
      'mmap(0x100000000000, 0x1000, 0x1, 0x100000003, 0x3, 0x0): MAP_SHARED_VALIDATE with a flag it does not know',
    ],
  ] as const)('%s', (_what, on, args, code, message) => {
    const result = on.mmap(...(args as unknown as [number, number, number, number, number, number]))
    expect(result).toEqual(E.left(errno(code, message)))
  })
})

describe('fds mmap has not been told about', () => {
  it('without an fd argument the fd is -1: EBADF for a file mapping', () => {
    expect(err(AddressSpace.empty().mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE)).code).toBe('EBADF')
  })

  it('fd 0 is an fd like any other', () => {
    expect(ok(AddressSpace.empty().mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, 0, 0))[0].vmas()[0]?.fd).toBe(0)
  })

  it('a negative fd is EBADF for a file mapping, even when undeclared fds are files', () => {
    expect(AddressSpace.empty().mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, -1, 0)).toEqual(
      E.left(errno('EBADF', 'mmap(0x100000000000, 0x1000, 0x1, 0x2, -1, 0x0): fd -1 is not an open file')),
    )
  })

  it('an undeclared fd is a file with no path on device 00:00, placed 2 MiB-aligned like ext4', () => {
    const MB2 = 0x200000
    const [space, addr] = ok(AddressSpace.empty().mmap(0, 2 * MB2, PROT_READ, MAP_PRIVATE, 7, 0))
    expect(space.vmas()[0]).toEqual(expect.objectContaining({ fd: 7, path: '', dev: '00:00', inode: 0 }))
    expect(addr % MB2).toBe(0)
    expect(ok(space.mmap(0, 2 * MB2, PROT_READ, MAP_SHARED, 7, PAGE))[1] % MB2).toBe(PAGE)
  })
})

describe('map count and commit limit', () => {
  it('mmap is refused once there are more areas than maxMapCount (Linux tests map_count > max)', () => {
    const one = anonFixed(AddressSpace.empty({ maxMapCount: 1 }), A(0), 1, RW)
    const two = anonFixed(one, A(5), 1, PROT_READ)
    expect(two.vmas()).toHaveLength(2)
    expect(two.mmap(A(10), PAGE, RW, FIXED)).toEqual(
      E.left(errno('ENOMEM', 'mmap(0x10000000a000, 0x1000, 0x3, 0x32, -1, 0x0): more than 1 mappings')),
    )
  })

  it('MAP_FIXED over the start of an area at maxMapCount is not a split', () => {
    const full = anonFixed(AddressSpace.empty({ maxMapCount: 1 }), A(0), 4, RW)
    expect(ok(full.mmap(A(0), PAGE, PROT_READ, FIXED))[1]).toBe(A(0))
    expect(full.mmap(A(1), PAGE, PROT_READ, FIXED)).toEqual(
      E.left(
        errno(
          'ENOMEM',
          'mmap(0x100000001000, 0x1000, 0x1, 0x32, -1, 0x0): splitting [0x100000000000, 0x100000004000) passes 1 mappings',
        ),
      ),
    )
  })

  const limited = AddressSpace.empty({ commitLimit: 4 * PAGE })
  // 8 accounted pages, made of two mappings that each pass the limit
  const accounted = anonFixed(anonFixed(limited, A(0), 4, RW), A(4), 4, RW)

  it('the commit limit messages', () => {
    expect(limited.mmap(0, 8 * PAGE, RW, ANON)).toEqual(
      E.left(errno('ENOMEM', 'mmap(0x0, 0x8000, 0x3, 0x22, -1, 0x0): 0x8000 bytes is more than the commit limit')),
    )
    expect(limited.mmap(0, 8 * PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS)).toEqual(
      E.left(errno('ENOMEM', 'mmap(0x0, 0x8000, 0x1, 0x21, -1, 0x0): 0x8000 bytes is more than the commit limit')),
    )
  })

  it('MAP_FIXED is charged only for the pages it adds to the accounted ones it replaces', () => {
    // 6 pages over 6 accounted ones: 0 new pages
    expect(ok(accounted.mmap(A(0), 6 * PAGE, RW, FIXED))[1]).toBe(A(0))
    // 7 pages over 2 accounted ones (the area's end, counted from the mapping's start): 5 new pages
    expect(err(accounted.mmap(A(6), 7 * PAGE, RW, FIXED)).code).toBe('ENOMEM')
    // 7 pages over 3 accounted ones: 4 new pages
    expect(ok(accounted.mmap(A(5), 7 * PAGE, RW, FIXED))[1]).toBe(A(5))
    // 7 pages whose first 2 replace accounted ones (the area's start, counted up to the mapping's end)
    expect(err(accounted.mmap(A(-5), 7 * PAGE, RW, FIXED)).code).toBe('ENOMEM')
    expect(ok(accounted.mmap(A(-4), 7 * PAGE, RW, FIXED))[1]).toBe(A(-4))
  })

  it('pages that are not accounted are charged again', () => {
    const readOnly = anonFixed(anonFixed(limited, A(0), 4, PROT_READ), A(4), 4, PROT_READ)
    expect(err(readOnly.mmap(A(0), 6 * PAGE, RW, FIXED)).code).toBe('ENOMEM')
  })
})

describe('MAP_DROPPABLE', () => {
  it('maps private anonymous memory that is never accounted', () => {
    const [space, addr] = ok(AddressSpace.empty().mmap(A(0), PAGE, RW, MAP_DROPPABLE | MAP_ANONYMOUS))
    expect(addr).toBe(A(0))
    expect(space.vmas()[0]).toEqual(expect.objectContaining({ perms: 'rw-p', vmflags: 'rd wr mr mw me nr', path: '' }))
  })
})

describe('MAP_POPULATE touches the memory', () => {
  it('populating into an area that was touched already keeps its anon_vma (it re-merges after a split)', () => {
    const seeded = ok(AddressSpace.empty().withMappings([{ start: A(0), end: A(2), perms: 'rw-p' }]))
    const split = ok(seeded.mprotect(A(1), PAGE, PROT_READ))
    const [populated] = ok(split.mmap(A(-1), PAGE, RW, FIXED | MAP_POPULATE))
    expect(layout(populated)).toEqual([range(A(-1), A(1), 'rw-p 0'), range(A(1), A(2), 'r--p 0')])
    expect(layout(ok(populated.mprotect(A(1), PAGE, RW)))).toEqual([range(A(-1), A(2), 'rw-p 0')])
  })

  it('each new anon_vma takes an id of its own', () => {
    const base = AddressSpace.empty().withFile(3)
    const [touched] = ok(base.mmap(A(10), PAGE, RW, FIXED | MAP_POPULATE))
    const files = touched.withFile(4)
    const via = (fd: number) => ok(files.mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0))[0]
    expect(via(3).equals(via(4))).toBe(false)
  })

  it('each shared anonymous mapping takes an id of its own', () => {
    const [base] = ok(
      AddressSpace.empty()
        .withFile(3)
        .mmap(A(10), PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED),
    )
    const files = base.withFile(4)
    const via = (fd: number) => ok(files.mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0))[0]
    expect(via(3).equals(via(4))).toBe(false)
  })
})
