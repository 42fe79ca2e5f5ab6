import { expect, it } from 'vitest'
import { declareFile, type FdTable, type Files } from '../../../src/cli/replay/files.js'
import type { ReplaySpace } from '../../../src/cli/replay/space.js'
import { FakeSpace } from '../../support/fake-space.js'

it('declares one file per (fd, path) and reuses it while the fd names the same path', () => {
  const table: FdTable = new Map()
  const files: Files = new Map()
  const space = FakeSpace.empty()
  const [s1, a] = declareFile(space, table, files, 3, '/lib/a.so')
  expect(s1).not.toBe(space)
  const [s2, again] = declareFile(s1, table, files, 3, '/lib/a.so')
  expect([s2, again]).toEqual([s1, a])
  const [, b] = declareFile(s2, table, files, 3, '/lib/b.so')
  expect(b).not.toBe(a)
  expect([...files.values()]).toEqual([
    { fd: 3, path: '/lib/a.so' },
    { fd: 3, path: '/lib/b.so' },
  ])
})

it('without -y, the path comes from the fd table (an earlier open)', () => {
  const table: FdTable = new Map([[4, { path: '/etc/hosts', file: undefined }]])
  const files: Files = new Map()
  const [, file] = declareFile(FakeSpace.empty(), table, files, 4, undefined)
  expect(files.get(file)).toEqual({ fd: 4, path: '/etc/hosts' })
})

it('numbers declared files from 1 << 20 and tells the space each one’s path, when known', () => {
  const told: [number, { readonly path?: string }][] = []
  const recording = (): ReplaySpace => {
    const base = FakeSpace.empty()
    const space: ReplaySpace = {
      mmap: (...a) => base.mmap(...a),
      munmap: (a, l) => base.munmap(a, l),
      mprotect: (a, l, p) => base.mprotect(a, l, p),
      mremap: (...a) => base.mremap(...a),
      brk: (a) => base.brk(a),
      withFile: (fd, options) => {
        told.push([fd, options])
        return space
      },
      vmas: () => base.vmas(),
    }
    return space
  }
  const table: FdTable = new Map()
  const files: Files = new Map()
  const space = recording()
  const declared = [
    declareFile(space, table, files, 3, '/lib/a.so')[1],
    declareFile(space, table, files, 3, undefined)[1],
    declareFile(space, table, files, 5, undefined)[1],
    declareFile(space, table, files, 5, undefined)[1],
    declareFile(space, table, files, 3, '/lib/b.so')[1],
  ]
  expect(declared).toEqual([1 << 20, 1 << 20, (1 << 20) + 1, (1 << 20) + 1, (1 << 20) + 2])
  expect(told).toStrictEqual([
    [1 << 20, { path: '/lib/a.so' }],
    [(1 << 20) + 1, {}],
    [(1 << 20) + 2, { path: '/lib/b.so' }],
  ])
  expect([...table]).toStrictEqual([
    [3, { path: '/lib/b.so', file: (1 << 20) + 2 }],
    [5, { path: undefined, file: (1 << 20) + 1 }],
  ])
})
