import fc from 'fast-check'
import { expect, it } from 'vitest'
import { LinuxBackend, type MapObject } from '../../src/linux/index.js'
import { ANONYMOUS } from '../../src/linux/backend.js'

const object = (id: number): MapObject => ({
  kind: 'file',
  id,
  path: `/tmp/f${id}`,
  fd: id,
  dev: '00:00',
  inode: 0,
  writable: true,
  readable: true,
  mappable: true,
  hugeAlign: true,
})

it('split advances the offset of the right part only', () => {
  fc.assert(
    fc.property(fc.nat(1 << 30), fc.integer({ min: 1, max: 1 << 20 }), (offset, cut) => {
      const backend = new LinuxBackend(object(1), offset * 0x1000)
      const [left, right] = backend.split(cut * 0x1000)
      expect(left).toBe(backend)
      expect(right.object).toBe(backend.object)
      expect(right.offset).toBe(backend.offset + cut * 0x1000)
    }),
  )
})

it('merge joins the same object at the contiguous offset, and nothing else', () => {
  const file = object(1)
  const a = new LinuxBackend(file, 0)
  expect(a.merge(new LinuxBackend(file, 0x2000), 0x2000)).toBe(a)
  expect(a.merge(new LinuxBackend(file, 0x3000), 0x2000)).toBeUndefined() // a hole in the file
  expect(a.merge(new LinuxBackend(object(2), 0x2000), 0x2000)).toBeUndefined() // another open file
  expect(a.merge({ map: a.map, unmap: a.unmap, protect: a.protect }, 0x2000)).toBeUndefined()
})

it('split then merge gives back the original object and offset', () => {
  fc.assert(
    fc.property(
      fc.nat(1 << 20),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 1000 }),
      (o, cut, rest) => {
        const backend = new LinuxBackend(object(3), o * 0x1000)
        const [left, right] = backend.split(cut * 0x1000)
        const joined = left.merge(right, cut * 0x1000)
        expect(joined?.object).toBe(backend.object)
        expect(joined?.offset).toBe(backend.offset)
        void rest
      },
    ),
  )
})

it('page-table effects do nothing (the model is about areas)', () => {
  const backend = new LinuxBackend(object(1), 0)
  for (const effect of [backend.map(), backend.unmap(), backend.protect()]) {
    expect(effect(null)).toEqual({ _tag: 'Right', right: null })
  }
})

it('merge of private anonymous memory follows the anon_vmas: equal, or one of them absent; a heap mark joins nothing on its left', () => {
  const at = (offset: number, anonVma: number): LinuxBackend => new LinuxBackend(ANONYMOUS, offset, anonVma)
  const untouched = at(0, 0)
  const touched = at(0, 7)
  expect(untouched.merge(at(0x2000, 0), 0x2000)).toBe(untouched)
  expect(touched.merge(at(0x2000, 7), 0x2000)).toBe(touched)
  expect(touched.merge(at(0x2000, 0), 0x2000)).toBe(touched)
  const joined = untouched.merge(at(0x2000, 7), 0x2000)
  expect([joined?.object, joined?.offset, joined?.anonVma]).toEqual([ANONYMOUS, 0, 7])
  expect(touched.merge(at(0x2000, 8), 0x2000)).toBeUndefined()
  expect(untouched.merge(at(0x2000, -3), 0x2000)).toBeUndefined()
  expect(touched.merge(at(0x2000, -3), 0x2000)).toBeUndefined()
  const heap = at(0, -3)
  expect(heap.merge(at(0x2000, 0), 0x2000)).toBe(heap)
})

it('at(0) is the backend itself; at(delta) moves the offset and keeps the anon_vma; backends are frozen', () => {
  const backend = new LinuxBackend(object(1), 0x3000, 5)
  expect(backend.at(0)).toBe(backend)
  const moved = backend.at(0x2000)
  expect([moved.object, moved.offset, moved.anonVma]).toEqual([backend.object, 0x5000, 5])
  expect(Object.isFrozen(backend)).toBe(true)
})
