import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN,
  MAP_NORESERVE,
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
