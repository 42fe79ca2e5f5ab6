import fc from 'fast-check'
import { describe as suite, expect, it } from 'vitest'
import { describe } from '../../src/internal/describe.js'
import { nullProto, revokedProxy, throwingProxy } from '../support/hostile.js'

suite('describe', () => {
  it('is String(value) for values String() renders', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.double(), fc.bigInt(), fc.boolean()), (value) => {
        expect(describe(value)).toBe(String(value))
      }),
    )
    expect(describe(Symbol('s'))).toBe('Symbol(s)')
  })

  it('renders values String() throws on', () => {
    expect(describe(nullProto())).toBe('[object Object]')
    expect(describe({ toString: () => ({}) })).toBe('[object Object]')
    expect(describe(throwingProxy())).toBe('a value of type object')
    expect(describe(revokedProxy())).toBe('a value of type object')
  })

  it('describes arrays by their length, never joining them (a Proxy may claim 10^9 elements)', () => {
    const huge = new Proxy([], { get: (t, k, r) => (k === 'length' ? 1e9 : Reflect.get(t, k, r)) })
    expect(describe(huge)).toBe('an array of length 1000000000')
    expect(describe([1, 2])).toBe('an array of length 2')
    expect(describe(new Proxy([], { get: () => 'x' }))).toBe('an array of length unknown')
  })

  it('keeps a rendering of exactly 80 characters, cuts one of 81', () => {
    expect(describe('x'.repeat(80))).toBe('x'.repeat(80))
    expect(describe('x'.repeat(81))).toBe(`${'x'.repeat(77)}...`)
  })

  it('cuts long renderings to 80 characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 81, maxLength: 500 }), (text) => {
        expect(describe(text)).toBe(`${text.slice(0, 77)}...`)
      }),
    )
  })
})
