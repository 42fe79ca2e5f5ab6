import { List } from 'immutable'
import { describe, expect, it } from 'vitest'
import { MemoryArea, noopBackend, pageTableBackend } from '../src/index.js'

describe('MemoryArea', () => {
  const backend = noopBackend<string>()

  it('exposes start, end, size, flags and backend', () => {
    const area = new MemoryArea(0x1000, 0x3000, 'rw', backend)
    expect([area.start, area.end, area.size, area.flags, area.backend]).toEqual([0x1000, 0x4000, 0x3000, 'rw', backend])
  })

  it('contains is half-open', () => {
    const area = new MemoryArea(0x1000, 0x1000, 'r', backend)
    expect([0xfff, 0x1000, 0x1fff, 0x2000].map((a) => area.contains(a))).toEqual([false, true, true, false])
    expect(new MemoryArea(0x1000, 0, 'r', backend).contains(0x1000)).toBe(false)
  })

  it('renders as a half-open hex range with its flags', () => {
    expect(String(new MemoryArea(0x1000, 0x1000, 'rx', backend))).toBe('MemoryArea [0x1000, 0x2000) flags=rx')
  })

  it('equals compares range, flags (Immutable.is) and backend identity, consistently with hashCode', () => {
    const a = new MemoryArea(0, 0x1000, List(['r', 'w']), noopBackend<List<string>>())
    const b = new MemoryArea(0, 0x1000, List(['r', 'w']), noopBackend<List<string>>())
    expect(a.equals(b)).toBe(true)
    expect(a.hashCode()).toBe(b.hashCode())
    expect(a.equals(new MemoryArea(0, 0x2000, List(['r', 'w']), noopBackend<List<string>>()))).toBe(false)
    expect(a.equals(new MemoryArea(0x1000, 0x1000, List(['r', 'w']), noopBackend<List<string>>()))).toBe(false)
    expect(a.equals(new MemoryArea(0, 0x1000, List(['r']), noopBackend<List<string>>()))).toBe(false)
    const other = pageTableBackend<string>()
    expect(new MemoryArea(0, 1, 'r', other).equals(new MemoryArea(0, 1, 'r', pageTableBackend<string>()))).toBe(false)
    expect(a.equals({ start: 0, end: 0x1000, flags: List(['r', 'w']), backend: a.backend })).toBe(false)
  })
})
