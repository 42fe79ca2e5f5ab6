import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import {
  MemoryArea,
  MemorySet,
  emptyPageTable,
  noopBackend,
  pageTableBackend,
  pageTableMismatch,
} from '../src/index.js'
import { err, ok } from './support/helpers.js'

describe('pageTableBackend', () => {
  const backend = pageTableBackend<string>()
  const empty = emptyPageTable<string>()

  it('maps, protects and unmaps whole pages', () => {
    const mapped = ok(backend.map(0x2000, 0x2000, 'rw')(empty))
    expect(mapped.toJS()).toEqual({ 2: 'rw', 3: 'rw' })
    const protectedPt = ok(backend.protect(0x3000, 0x1000, 'r')(mapped))
    expect(protectedPt.toJS()).toEqual({ 2: 'rw', 3: 'r' })
    expect(ok(backend.unmap(0x2000, 0x2000)(protectedPt)).size).toBe(0)
    expect(empty.size).toBe(0)
    expect(mapped.get(3)).toBe('rw')
  })

  it('refuses to map a mapped page and to unmap or protect an unmapped one, with BadState', () => {
    const mapped = ok(backend.map(0x2000, 0x1000, 'rw')(empty))
    expect(err(backend.map(0x1000, 0x2000, 'x')(mapped))).toEqual({
      _tag: 'BadState',
      message: 'map: page at 0x2000 is already mapped',
    })
    expect(err(backend.unmap(0x2000, 0x2000)(mapped)).message).toBe('unmap: page at 0x3000 is not mapped')
    expect(err(backend.protect(0x1000, 0x1000, 'r')(mapped))._tag).toBe('BadState')
  })

  it('refuses unaligned ranges with InvalidParam', () => {
    expect(err(backend.map(0x800, 0x1000, 'rw')(empty))._tag).toBe('InvalidParam')
    expect(err(backend.map(0x1000, 0x800, 'rw')(empty)).message).toMatch(/not aligned to the page size 0x1000/)
  })

  it('rejects page sizes that are not powers of two', () => {
    for (const pageSize of [0, 3, -4096, 1.5, NaN]) expect(() => pageTableBackend({ pageSize })).toThrow(RangeError)
    expect(pageTableBackend({ pageSize: 1 }).pageSize).toBe(1)
  })
})

describe('pageTableMismatch', () => {
  const backend = pageTableBackend<string>()
  it('is None when the page table agrees with the areas and names the first disagreement otherwise', () => {
    const [set, pt] = ok(
      MemorySet.empty<string, ReturnType<typeof emptyPageTable<string>>>().map(
        new MemoryArea(0x1000, 0x2000, 'rw', backend),
        emptyPageTable(),
        false,
      ),
    )
    expect(pageTableMismatch(set, pt, 0x1000)).toEqual(O.none)
    expect(pageTableMismatch(set, pt.delete(2), 0x1000)).toEqual(O.some('page at 0x2000 should be mapped but is not'))
    expect(pageTableMismatch(set, pt.set(2, 'r'), 0x1000)).toEqual(
      O.some('page at 0x2000 has flags r, its area has rw'),
    )
    expect(pageTableMismatch(set, pt.set(7, 'r'), 0x1000)).toEqual(
      O.some('page at 0x7000 is mapped outside every area'),
    )
  })
})

describe('noopBackend', () => {
  it('returns the page table unchanged and is one shared object', () => {
    const backend = noopBackend<string, number>()
    expect(backend).toBe(noopBackend<string, number>())
    expect(backend.map(0, 1, 'x')(42)).toEqual(E.right(42))
    expect(backend.unmap(0, 1)(42)).toEqual(E.right(42))
    expect(backend.protect(0, 1, 'x')(42)).toEqual(E.right(42))
  })
})

describe('pageTableMismatch on overlapping input', () => {
  it('says the areas overlap instead of blaming a page', () => {
    const areas = [
      { start: 0, end: 0x2000, flags: 'r' },
      { start: 0x1000, end: 0x2000, flags: 'r' },
    ]
    const pt = emptyPageTable<string>().set(0, 'r').set(1, 'r')
    expect(pageTableMismatch(areas, pt, 0x1000)).toEqual(
      O.some('the areas overlap: they cover 3 pages counted with repeats, the page table maps 2'),
    )
  })
})
