import { List } from 'immutable'
import { describe, expect, it } from 'vitest'
import { MemoryArea, noopBackend, pageTableBackend } from '../src/index.js'
import { nullProto, revokedProxy, throwingGetters, throwingProxy } from './support/hostile.js'

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

describe('MemoryArea against hostile input (issue 6)', () => {
  const backend = noopBackend<unknown>()
  const area = new MemoryArea(0x10, 0x10, 'r', backend)

  it('contains does not coerce: only numbers are addresses (finding 7)', () => {
    // null and false coerce to 0, '0x10' and [16] to 16, { valueOf } to anything.
    const area0 = new MemoryArea(0, 0x20, 'r', backend)
    for (const value of [null, false, '0x10', '16', [16], { valueOf: () => 16 }, 16n, undefined]) {
      expect(area0.contains(value as never)).toBe(false)
    }
    expect(area0.contains(0x10)).toBe(true)
  })

  it('a plain area is not an instance of a subclass (finding 9)', () => {
    class Tagged<F, PT> extends MemoryArea<F, PT> {}
    class Other<F, PT> extends MemoryArea<F, PT> {}
    const tagged = new Tagged(0, 1, 'r', backend)
    expect(area instanceof Tagged).toBe(false)
    expect(area instanceof Other).toBe(false)
    expect(tagged instanceof Tagged).toBe(true)
    expect(tagged instanceof Other).toBe(false)
    expect(tagged instanceof MemoryArea).toBe(true)
    expect(revokedProxy() instanceof Tagged).toBe(false)
  })

  it('instanceof answers false, never throws, for Proxies and revoked Proxies', () => {
    expect(throwingProxy() instanceof MemoryArea).toBe(false)
    expect(revokedProxy() instanceof MemoryArea).toBe(false)
  })

  it('toString renders flags that String() cannot (finding 6)', () => {
    for (const flags of [nullProto({ r: true }), throwingProxy(), revokedProxy(), { toString: () => ({}) }]) {
      const text = String(new MemoryArea(0x1000, 0x1000, flags, backend))
      expect(text.startsWith('MemoryArea [0x1000, 0x2000) flags=')).toBe(true)
    }
    expect(String(new MemoryArea(0, 1, nullProto(), backend))).toBe('MemoryArea [0x0, 0x1) flags=[object Object]')
  })

  it('equals answers false, and hashCode a number, whatever the other value or the flags do', () => {
    const hostileFlags = new MemoryArea(0x10, 0x10, throwingProxy(), backend)
    for (const other of [throwingProxy(), revokedProxy(), nullProto(), hostileFlags, throwingGetters(['start'])]) {
      expect(area.equals(other)).toBe(false)
      expect(hostileFlags.equals(other)).toBe(other === hostileFlags)
    }
    // A throwing hash counts as 0, the hash of the flags 0; other flags change the hash.
    expect(new MemoryArea(0, 1, throwingProxy(), backend).hashCode()).toBe(new MemoryArea(0, 1, 0, backend).hashCode())
    expect(new MemoryArea(0, 1, 'r', backend).hashCode()).not.toBe(new MemoryArea(0, 1, 'w', backend).hashCode())
    expect(new MemoryArea(0, 1, 'r', backend).hashCode()).not.toBe(new MemoryArea(0, 1, 0, backend).hashCode())
    const throwingHash = { hashCode: () => 1 / 0, equals: () => true }
    for (const flags of [throwingProxy(), revokedProxy(), nullProto(), throwingHash]) {
      expect(Number.isInteger(new MemoryArea(0, 1, flags, backend).hashCode())).toBe(true)
    }
  })
})
