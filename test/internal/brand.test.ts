import { describe, expect, it } from 'vitest'
import { hasBrand, ordinaryInstanceOf } from '../../src/internal/brand.js'
import { nullProto, revokedProxy, throwingProxy } from '../support/hostile.js'

const BRAND = Symbol('test brand')

describe('hasBrand', () => {
  it('is true for an object carrying the brand, own or inherited', () => {
    const branded = { [BRAND]: true }
    expect(hasBrand(branded, BRAND)).toBe(true)
    expect(hasBrand(Object.create(branded), BRAND)).toBe(true)
  })

  it('is false, never throws, for everything else, functions with the brand included', () => {
    const brandedFunction = Object.assign(() => 1, { [BRAND]: true })
    for (const value of [
      null,
      undefined,
      5,
      'x',
      {},
      { [BRAND]: 'true' },
      nullProto(),
      brandedFunction,
      throwingProxy(),
      revokedProxy(),
    ]) {
      expect(hasBrand(value, BRAND)).toBe(false)
    }
  })
})

describe('ordinaryInstanceOf', () => {
  class Base {}
  class Sub extends Base {}

  it('follows the prototype chain', () => {
    expect(ordinaryInstanceOf(Base, new Sub())).toBe(true)
    expect(ordinaryInstanceOf(Sub, new Base())).toBe(false)
    expect(ordinaryInstanceOf({}, new Base())).toBe(false)
  })

  it('is false, never throws, when the check itself throws', () => {
    function badPrototype(): void {}
    badPrototype.prototype = 5
    expect(ordinaryInstanceOf(badPrototype, {})).toBe(false)
    expect(ordinaryInstanceOf(Base, throwingProxy())).toBe(false)
    expect(ordinaryInstanceOf(Base, revokedProxy())).toBe(false)
  })
})
