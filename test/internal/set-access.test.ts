// A fresh copy of the module, with no MemorySet loaded: the reader is not registered yet.
import { describe, expect, it, vi } from 'vitest'
import type { MemorySet } from '../../src/index.js'
import type { AreaIndex } from '../../src/operations/plan.js'
import type * as SetAccess from '../../src/internal/set-access.js'

const freshModule = async (): Promise<typeof SetAccess> => {
  vi.resetModules()
  return import('../../src/internal/set-access.js')
}

const set = {} as MemorySet<string, null>
const index = {} as AreaIndex<string, null>

describe('set-access', () => {
  it('refuses to read an index before MemorySet registered its reader', async () => {
    const { indexOf } = await freshModule()
    expect(() => indexOf(set)).toThrow(new Error('set-access: MemorySet is not loaded'))
  })

  it('reads through the registered reader, which cannot be replaced', async () => {
    const { indexOf, registerIndexReader } = await freshModule()
    const reader = vi.fn(() => index)
    registerIndexReader(reader as never)
    expect(indexOf(set)).toBe(index)
    expect(reader).toHaveBeenCalledWith(set)
    expect(() => registerIndexReader((() => ({})) as never)).toThrow(
      new Error('set-access: the index reader is already registered'),
    )
    expect(indexOf(set)).toBe(index)
  })
})
