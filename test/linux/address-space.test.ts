import * as E from 'fp-ts/lib/Either.js'
import { hash, is } from 'immutable'
import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  errno,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  MREMAP_MAYMOVE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  type SeedMapping,
} from '../../src/linux/index.js'
import { A, anonFixed, err, layout, ok, PAGE, range } from './support/helpers.js'

const RW = PROT_READ | PROT_WRITE
const FIXED = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED

describe('AddressSpace values', () => {
  it('every call returns a new space and leaves the old one as it was', () => {
    const one = anonFixed(AddressSpace.empty(), A(0), 4, RW)
    const before = one.toString()
    const two = ok(one.mprotect(A(1), PAGE, PROT_READ))
    ok(two.munmap(A(0), 4 * PAGE))
    one.brk(0x555555560000)
    expect(one.toString()).toBe(before)
    expect(layout(two)).toHaveLength(3)
  })

  it('equal histories give equal spaces (Immutable.is, hashCode); different ones do not', () => {
    const build = () => ok(anonFixed(AddressSpace.empty(), A(0), 4, RW).mprotect(A(1), PAGE, PROT_READ))
    expect(is(build(), build())).toBe(true)
    expect(hash(build())).toBe(hash(build()))
    expect(is(build(), anonFixed(AddressSpace.empty(), A(0), 4, RW))).toBe(false)
    expect(build().equals('not a space')).toBe(false)
    // the same layout with different breaks differs
    expect(is(AddressSpace.empty({ brk: 0x600000 }), AddressSpace.empty({ brk: 0x700000 }))).toBe(false)
  })

  it('space.set is the merging MemorySet behind it', () => {
    const space = anonFixed(anonFixed(AddressSpace.empty(), A(0), 2, RW), A(2), 2, RW)
    expect(space.set.merging).toBe(true)
    expect(space.set.size).toBe(1)
  })

  it('toString is /proc/PID/maps text', () => {
    const [space] = ok(
      AddressSpace.empty()
        .withFile(3, { path: '/lib/x.so', dev: 'fe:00', inode: 42 })
        .mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, 3, 0),
    )
    expect(space.toString()).toBe(`100000000000-100000001000 r--p 00000000 fe:00 42${' '.repeat(25)}/lib/x.so\n`)
  })
})

describe('withMappings (seeding from /proc/PID/maps)', () => {
  const seed = [
    { start: 0x400000, end: 0x401000, perms: 'r--p', offset: 0, dev: 'fe:00', inode: 7, path: '/bin/app' },
    { start: 0x401000, end: 0x403000, perms: 'r-xp', offset: 0x1000, dev: 'fe:00', inode: 7, path: '/bin/app' },
    { start: 0x600000, end: 0x601000, perms: 'rw-p', path: '[heap]' },
  ]

  it('keeps the mappings as listed', () => {
    const space = ok(AddressSpace.empty({ brk: 0x601000, startBrk: 0x600000 }).withMappings(seed))
    expect(layout(space)).toEqual([
      range(0x400000, 0x401000, 'r--p 0 /bin/app'),
      range(0x401000, 0x403000, 'r-xp 1000 /bin/app'),
      range(0x600000, 0x601000, 'rw-p 0 [heap]'),
    ])
  })

  it('mappings of one file share an object: making them equal merges them', () => {
    const space = ok(AddressSpace.empty().withMappings(seed))
    expect(layout(ok(space.mprotect(0x401000, 0x2000, PROT_READ)))[0]).toBe(
      range(0x400000, 0x403000, 'r--p 0 /bin/app'),
    )
  })

  it('the heap grows from a seeded [heap]', () => {
    const space = ok(AddressSpace.empty({ brk: 0x601000, startBrk: 0x600000 }).withMappings(seed))
    expect(layout(space.brk(0x603000)[0])[2]).toBe(range(0x600000, 0x603000, 'rw-p 0 [heap]'))
  })

  it('EINVAL for overlapping, unaligned or malformed mappings', () => {
    const space = AddressSpace.empty()
    expect(err(space.withMappings([...seed, { start: 0x400000, end: 0x402000, perms: 'r--p' }])).code).toBe('EINVAL')
    expect(err(space.withMappings([{ start: 0x400001, end: 0x402000, perms: 'r--p' }])).code).toBe('EINVAL')
    expect(err(space.withMappings([{ start: 0x400000, end: 0x402000, perms: 'rwz' }])).code).toBe('EINVAL')
  })
})

describe('files', () => {
  it('withoutFile closes an fd: its mappings stay, mapping it again is EBADF', () => {
    const [mapped] = ok(AddressSpace.empty().withFile(3).mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, 3, 0))
    const closed = mapped.withoutFile(3)
    expect(closed.vmas()).toHaveLength(1)
    expect(err(closed.mmap(A(1), PAGE, PROT_READ, MAP_PRIVATE, 3, 0)).code).toBe('EBADF')
    expect(E.isRight(closed.mmap(A(1), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 3, 0))).toBe(true)
  })
})

describe('withFile', () => {
  it('throws a RangeError for an fd that is not a non-negative integer', () => {
    for (const fd of [-1, 1.5, Number.NaN]) expect(() => AddressSpace.empty().withFile(fd)).toThrow(RangeError)
  })
})

describe('equality and files', () => {
  it('spaces that differ only in their open files are not equal', () => {
    const plain = AddressSpace.empty()
    expect(is(plain.withFile(3, { path: '/a' }), AddressSpace.empty().withFile(3, { path: '/a' }))).toBe(true)
    expect(is(plain.withFile(3, { path: '/a' }), plain.withFile(3, { path: '/b' }))).toBe(false)
    expect(is(plain.withFile(3), plain)).toBe(false)
    expect(is(plain.withFile(3).withoutFile(3), plain.withFile(3))).toBe(false)
  })
})

describe('empty: the documented defaults', () => {
  it('empty() is the space with every default spelled out', () => {
    const explicit = AddressSpace.empty({
      pageSize: 0x1000,
      mmapMinAddr: 0x10000,
      fixedMinAddr: 0x1000,
      mmapBase: 0x7ffff7fff000,
      taskSize: 0x7ffffffff000,
      brk: 0x555555559000,
      startBrk: 0x555555559000,
      legacyBase: 0x2aaaaaaab000,
      commitLimit: Number.POSITIVE_INFINITY,
      maxMapCount: 65530,
      stackGuardGap: 256 * 0x1000,
      undeclaredFds: 'file',
    })
    expect(AddressSpace.empty().equals(explicit)).toBe(true)
  })

  it('MAP_FIXED is allowed from 0x1000 (the vm.mmap_min_addr default), not below', () => {
    const space = AddressSpace.empty()
    expect(ok(space.mmap(0x1000, PAGE, RW, FIXED))[1]).toBe(0x1000)
    expect(err(space.mmap(0, PAGE, RW, FIXED))).toEqual(
      expect.objectContaining({
        code: 'EPERM',
        message: 'mmap(0x0, 0x1000, 0x3, 0x32, -1, 0x0): address 0x0 is below the minimum 0x1000',
      }),
    )
  })
})

describe('withFile: arguments and defaults', () => {
  it('the RangeError names the fd', () => {
    expect(() => AddressSpace.empty().withFile(-1)).toThrow(
      new RangeError('withFile: fd must be a non-negative integer, got -1'),
    )
    expect(() => AddressSpace.empty().withFile(1.5)).toThrow('withFile: fd must be a non-negative integer, got 1.5')
  })

  it('fd 0 is a valid fd', () => {
    const [space] = ok(AddressSpace.empty().withFile(0, { path: '/in' }).mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE, 0, 0))
    expect(space.vmas()[0]).toEqual(expect.objectContaining({ fd: 0, path: '/in' }))
  })

  it('a file declared without options: no path, device 00:00, inode 0, readable, writable and mappable', () => {
    const [space] = ok(
      AddressSpace.empty()
        .withFile(3)
        .mmap(A(0), PAGE, RW, MAP_SHARED | MAP_FIXED, 3, 0),
    )
    expect(space.vmas()[0]).toEqual(
      expect.objectContaining({ fd: 3, path: '', dev: '00:00', inode: 0, perms: 'rw-s', offset: 0 }),
    )
  })

  it('each declared file gets an id of its own (files mapped alike at one place differ by it)', () => {
    // ids: file 3, then a shared anonymous object, then file 4: no two of them share one
    const base = AddressSpace.empty()
      .withFile(3)
      .mmap(A(10), PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED)
    const files = ok(base)[0].withFile(4)
    const via = (fd: number) => ok(files.mmap(A(0), PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0))[0]
    expect(via(3).equals(via(4))).toBe(false)
    expect(via(3).equals(via(3))).toBe(true)
  })
})

describe('withMappings: validation', () => {
  const good = { start: 0x400000, end: 0x401000, perms: 'r--p' }
  it.each([
    ['a start that is not an integer', { ...good, start: 0x400000 + 0.5 }],
    ['an end that is not a number', { ...good, end: Number.NaN }],
    ['a start that is a string (from untyped JavaScript)', { ...good, start: '4194304' as unknown as number }],
    ['an end past 2^53 (aligned, but not a safe integer)', { ...good, end: 2 ** 54 }],
    ['a negative start', { ...good, start: -0x1000 }],
    ['an empty mapping', { ...good, end: 0x400000 }],
    ['an end below the start', { ...good, start: 0x402000 }],
    ['an unaligned start', { ...good, start: 0x400800 }],
    ['an unaligned end', { ...good, end: 0x400800 }],
    ['perms that are not a string', { ...good, perms: ['r--p'] as unknown as string }],
    ['perms with a trailing character', { ...good, perms: 'r--pp' }],
    ['perms with a leading character', { ...good, perms: 'xr--p' }],
    ['perms too short', { ...good, perms: 'r--' }],
    ['an unknown sharing letter', { ...good, perms: 'r--x' }],
  ])('EINVAL for %s, naming the mapping', (_what, mapping) => {
    expect(AddressSpace.empty().withMappings([mapping])).toEqual(
      E.left(errno('EINVAL', `withMappings: bad mapping ${JSON.stringify(mapping)}`)),
    )
  })

  it('a mapping may start at 0', () => {
    expect(ok(AddressSpace.empty().withMappings([{ start: 0, end: PAGE, perms: 'r--p' }])).vmas()[0]?.start).toBe(0)
  })

  it('EINVAL for an overlap, naming the later start, whatever the order the mappings are listed in', () => {
    const late = { start: 0x500000, end: 0x502000, perms: 'r--p' }
    const early = { start: 0x400000, end: 0x401000, perms: 'r--p' }
    const middle = { start: 0x401000, end: 0x501000, perms: 'r--p' }
    expect(AddressSpace.empty().withMappings([late, early, middle])).toEqual(
      E.left(errno('EINVAL', 'withMappings: 0x500000 overlaps another mapping')),
    )
  })

  it('mappings listed out of order are kept in address order', () => {
    const space = ok(
      AddressSpace.empty().withMappings([
        { start: 0x500000, end: 0x501000, perms: 'r--p', path: '[b]' },
        { start: 0x400000, end: 0x401000, perms: 'r--p', path: '[a]' },
        { start: 0x450000, end: 0x451000, perms: 'r--p', path: '[c]' },
      ]),
    )
    expect(space.vmas().map((v) => v.path)).toEqual(['[a]', '[c]', '[b]'])
  })

  it('the mappings already there stay, and a seeded mapping may not overlap them', () => {
    const space = anonFixed(AddressSpace.empty(), A(0), 1, RW)
    const seeded = ok(space.withMappings([{ start: A(5), end: A(6), perms: 'r--p', path: '[x]' }]))
    expect(layout(seeded)).toEqual([range(A(0), A(1), 'rw-p 0'), range(A(5), A(6), 'r--p 0 [x]')])
    expect(err(space.withMappings([{ start: A(0), end: A(1), perms: 'r--p', path: '[x]' }])).code).toBe('EINVAL')
  })
})

describe('withMappings: perms and flags', () => {
  const seedOne = (m: Omit<SeedMapping, 'start' | 'end'>) =>
    ok(AddressSpace.empty().withMappings([{ start: A(0), end: A(1), ...m }])).vmas()[0]!

  it.each([
    ['---p', {}, '---p', 'mr mw me'],
    ['-w-p', {}, '-w-p', 'wr mr mw me ac'],
    ['--xp', {}, '--xp', 'ex mr mw me'],
    ['r--p', {}, 'r--p', 'rd mr mw me'],
    ['rw-p', {}, 'rw-p', 'rd wr mr mw me ac'],
    ['rw-s', { path: '/dev/shm/x', dev: '00:1a', inode: 5 }, 'rw-s', 'rd wr sh mr mw me ms'],
    ['r--s', { path: '/dev/shm/x', dev: '00:1a', inode: 5 }, 'r--s', 'rd sh mr mw me ms'],
    ['rw-p', { vmflags: 'rd wr mr mw me' }, 'rw-p', 'rd wr mr mw me'],
    ['r--p', { vmflags: 'rd mr mw me ac' }, 'r--p', 'rd mr mw me ac'],
  ])('%s %j: perms %s, VmFlags %s', (perms, extra, shown, vmflags) => {
    const vma = seedOne({ perms, ...extra })
    expect([vma.perms, vma.vmflags]).toEqual([shown, vmflags])
  })

  it('a mapping without a path is private anonymous memory: no path, and mmap merges with it', () => {
    const vma = seedOne({ perms: 'rw-p' })
    expect([vma.path, vma.fd, vma.offset]).toEqual(['', -1, 0])
    const seeded = ok(AddressSpace.empty().withMappings([{ start: A(0), end: A(1), perms: 'rw-p' }]))
    expect(layout(anonFixed(seeded, A(1), 1, RW))).toEqual([range(A(0), A(2), 'rw-p 0')])
  })

  it('a device with no path (and no inode) is anonymous memory too', () => {
    const seeded = ok(AddressSpace.empty().withMappings([{ start: A(0), end: A(1), perms: 'rw-p', dev: 'fe:00' }]))
    expect(layout(anonFixed(seeded, A(1), 1, RW))).toEqual([range(A(0), A(2), 'rw-p 0')])
  })

  it('a path on a device is a file even with inode 0: its mappings share an object', () => {
    const file = { dev: 'fe:00', inode: 0, path: '/bin/app' }
    const space = ok(
      AddressSpace.empty().withMappings([
        { start: A(0), end: A(1), perms: 'r--p', offset: 0, ...file },
        { start: A(1), end: A(2), perms: 'r-xp', offset: PAGE, ...file },
      ]),
    )
    expect(layout(ok(space.mprotect(A(1), PAGE, PROT_READ)))).toEqual([range(A(0), A(2), 'r--p 0 /bin/app')])
  })
})

describe('withMappings: what each mapping is', () => {
  const sharedAnon = ok(AddressSpace.empty().mmap(A(0), PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))[0]
  const seeded = (path: string, extra: Partial<SeedMapping> = {}) =>
    ok(AddressSpace.empty().withMappings([{ start: A(0), end: A(1), perms: 'rw-s', path, ...extra }]))

  it('/dev/zero and SysV shared memory are shared anonymous memory, as mmap makes it', () => {
    expect(seeded('/dev/zero (deleted)', { dev: '00:01', inode: 1034 }).equals(sharedAnon)).toBe(true)
    expect(seeded('/SYSV00000000 (deleted)', { dev: '00:01', inode: 7 }).equals(sharedAnon)).toBe(true)
  })

  it('a file, or a special mapping, is not', () => {
    expect(seeded('/data/dev/zero', { dev: 'fe:00', inode: 9 }).equals(sharedAnon)).toBe(false)
    expect(seeded('/data/SYSV', { dev: 'fe:00', inode: 9 }).equals(sharedAnon)).toBe(false)
    expect(seeded('[special]').equals(sharedAnon)).toBe(false)
  })

  it('a seeded ext4 file moves 2 MiB-aligned by its offset; shmem (memfd, /dev/shm, SysV, /dev/zero) does not', () => {
    const MB2 = 0x200000
    const BASE = 0x7ffff7fff000
    const grow = (path: string): number => {
      const space = ok(
        AddressSpace.empty({ mmapBase: BASE }).withMappings([
          { start: A(0), end: A(0) + 2 * MB2, perms: 'r--s', dev: 'fe:00', inode: 12, path },
          { start: A(0) + 2 * MB2, end: A(0) + 2 * MB2 + PAGE, perms: 'r--p', path: '[guard]' },
        ]),
      )
      return ok(space.mremap(A(0), 2 * MB2, 3 * MB2, MREMAP_MAYMOVE))[1]
    }
    expect(grow('/data/file') % MB2).toBe(0)
    expect(grow('/data/dev/shm/file') % MB2).toBe(0)
    for (const path of ['/memfd:buffer (deleted)', '/dev/shm/file', '/SYSV00000000 (deleted)', '/dev/zero (deleted)']) {
      expect(grow(path)).toBe(BASE - 3 * MB2)
    }
  })
})

describe('vmas and toString', () => {
  it('a file or shared mapping inside the heap keeps its own path; anonymous memory there is [heap]', () => {
    const [heap] = AddressSpace.empty({ brk: 0x600000 }).brk(0x604000)
    const [withFile] = ok(
      heap.withFile(3, { path: '/f' }).mmap(0x601000, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, 3, 0),
    )
    const [withShared] = ok(withFile.mmap(0x602000, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))
    expect(withShared.vmas().map((v) => [v.path, v.fd])).toEqual([
      ['[heap]', -1],
      ['/f', 3],
      ['/dev/zero (deleted)', -1],
      ['[heap]', -1],
    ])
  })

  it('the private anonymous area containing startStack is [stack], both ends included; others keep their path', () => {
    // /proc's vma_is_initial_stack (task-top: after the original [stack] is unmapped, new mappings
    // at the top are named [stack] when they contain mm->start_stack)
    const TOP = 0x7ffffffff000
    const startStack = TOP - 0x220 // as recorded
    const space = AddressSpace.empty({ startStack })
    const paths = (s: AddressSpace): string[] => s.vmas().map((v) => v.path)
    expect(paths(anonFixed(space, TOP - 4 * PAGE, 4, RW))).toEqual(['[stack]'])
    expect(paths(anonFixed(space, TOP - 4 * PAGE, 2, RW))).toEqual([''])
    expect(paths(anonFixed(space, TOP - 8 * PAGE, 2, RW))).toEqual(['']) // wholly below it
    expect(paths(anonFixed(AddressSpace.empty({ startStack: TOP - 8 * PAGE }), TOP - 4 * PAGE, 1, RW))).toEqual(['']) // above it
    expect(paths(anonFixed(space, TOP - PAGE, 1, RW))).toEqual(['[stack]'])
    const onlyAt = AddressSpace.empty({ startStack: TOP - PAGE })
    expect(paths(anonFixed(onlyAt, TOP - 2 * PAGE, 1, RW))).toEqual(['[stack]']) // ends exactly at it
    expect(paths(anonFixed(onlyAt, TOP - PAGE, 1, RW))).toEqual(['[stack]']) // starts exactly at it
    const [shared] = ok(space.mmap(TOP - PAGE, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))
    expect(paths(shared)).toEqual(['/dev/zero (deleted)'])
    expect(paths(anonFixed(AddressSpace.empty(), TOP - PAGE, 1, RW))).toEqual([''])
    // [heap] is asked first
    const [heap] = AddressSpace.empty({ brk: 0x600000, startStack: 0x601000 }).brk(0x602000)
    expect(paths(heap)).toEqual(['[heap]'])
  })

  it('toString puts each area on a line of its own', () => {
    const space = anonFixed(anonFixed(AddressSpace.empty(), A(0), 1, RW), A(2), 1, PROT_READ)
    expect(space.toString()).toBe(
      '100000000000-100000001000 rw-p 00000000 00:00 0 \n100000002000-100000003000 r--p 00000000 00:00 0 \n',
    )
  })
})

describe('equals and hashCode', () => {
  const x = AddressSpace.empty().withFile(3, { path: '/f' })
  const file = (space: AddressSpace, at: number, pages: number, offset: number, prot = PROT_READ) =>
    ok(space.mmap(at, pages * PAGE, prot, MAP_PRIVATE | MAP_FIXED, 3, offset))[0]

  it('a space equals itself', () => {
    const space = anonFixed(x, A(0), 2, RW)
    expect(space.equals(space)).toBe(true)
  })

  it('spaces that differ only in the program break, or only in the heap start, are not equal', () => {
    const at = (brk: number, startBrk: number) => AddressSpace.empty({ brk, startBrk })
    expect(at(0x600000, 0x500000).equals(at(0x700000, 0x500000))).toBe(false)
    expect(at(0x600000, 0x500000).equals(at(0x600000, 0x400000))).toBe(false)
    expect(at(0x600000, 0x500000).equals(at(0x600000, 0x500000))).toBe(true)
  })

  it('spaces that differ only in their layout are not equal', () => {
    expect(AddressSpace.empty({ commitLimit: 2 ** 30 }).equals(AddressSpace.empty())).toBe(false)
    expect(AddressSpace.empty().equals(AddressSpace.empty({ maxMapCount: 10 }))).toBe(false)
  })

  it('a space with fewer files or fewer areas is not equal, whichever side it is on', () => {
    expect(AddressSpace.empty().equals(x)).toBe(false)
    const one = file(x, A(0), 1, 0)
    const two = file(one, A(5), 1, 0)
    expect(one.equals(two)).toBe(false)
    expect(two.equals(one)).toBe(false)
  })

  it('areas are compared by start, end, flags, offset, object kind and object id', () => {
    const base = file(x, A(0), 2, 0)
    expect(base.equals(file(x, A(0), 2, 0))).toBe(true)
    expect(base.equals(file(x, A(1), 1, 0))).toBe(false) // start
    expect(base.equals(file(x, A(0), 1, 0))).toBe(false) // end
    expect(base.equals(file(x, A(0), 2, 0, PROT_READ | PROT_EXEC))).toBe(false) // flags
    expect(base.equals(file(x, A(0), 2, PAGE))).toBe(false) // offset
    // kind: a special mapping and a shared anonymous object, both id 1, the same flags
    const special = ok(AddressSpace.empty().withMappings([{ start: A(0), end: A(1), perms: 'rw-s', path: '[s]' }]))
    const shared = ok(AddressSpace.empty().mmap(A(0), PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))[0]
    expect(special.equals(shared)).toBe(false)
    // id: the same shared anonymous mapping, made first (id 1) or second (id 2)
    const s = (space: AddressSpace, at: number) =>
      ok(space.mmap(at, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))[0]
    const first = ok(s(s(AddressSpace.empty(), A(0)), A(5)).munmap(A(5), PAGE))
    const second = ok(s(s(AddressSpace.empty(), A(5)), A(0)).munmap(A(5), PAGE))
    expect(first.equals(second)).toBe(false)
    expect(first.equals(ok(s(s(AddressSpace.empty(), A(0)), A(5)).munmap(A(5), PAGE)))).toBe(true)
  })

  it('hashCode is a number, the same on every call and for equal spaces', () => {
    const space = file(x, A(0), 2, 0)
    const h = space.hashCode()
    expect(typeof h).toBe('number')
    expect(space.hashCode()).toBe(h)
    expect(file(x, A(0), 2, 0).hashCode()).toBe(h)
    expect(AddressSpace.empty().hashCode()).not.toBe(AddressSpace.empty({ brk: 0x600000 }).hashCode())
  })
})
