import * as E from 'fp-ts/lib/Either.js'
import { hash, is } from 'immutable'
import { describe, expect, it } from 'vitest'
import { AddressSpace, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../src/linux/index.js'
import { A, anonFixed, err, layout, ok, PAGE, range } from './support/helpers.js'

const RW = PROT_READ | PROT_WRITE

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
