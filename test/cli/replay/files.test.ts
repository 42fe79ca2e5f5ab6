import { expect, it } from 'vitest'
import { declareFile, type FdTable, type Files } from '../../../src/cli/replay/files.js'
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
