import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isBackend, isCallable, readEither, readOption, readRange, readSetOptions } from '../../src/internal/guards.js'
import { fickle, nullProto, revokedProxy, throwingGetters, throwingProxy } from '../support/hostile.js'

const HOSTILE = [null, undefined, 5, 'Left', nullProto(), throwingProxy(), revokedProxy(), throwingGetters(['_tag'])]

describe('readEither / readOption', () => {
  it('copy fp-ts values of any shape-compatible origin', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(readEither(E.left(value))).toEqual(E.left(value))
        expect(readEither(E.right(value))).toEqual(E.right(value))
        expect(readOption(O.some(value))).toEqual(O.some(value))
        expect(readOption({ _tag: 'Some', value })).toEqual(O.some(value))
      }),
    )
    expect(readOption(O.none)).toBe(O.none)
  })

  it('answer undefined, never throw, for anything else', () => {
    for (const value of [...HOSTILE, { _tag: 'Other' }, throwingGetters(['value'], { _tag: 'Some' })]) {
      expect(readEither(value)).toBeUndefined()
      expect(readOption(value)).toBeUndefined()
    }
  })

  it('answer undefined for a function, even one carrying an Either or Option tag', () => {
    for (const _tag of ['Left', 'Right', 'None', 'Some']) {
      const tagged = Object.assign(() => 1, { _tag, left: 1, right: 1, value: 1 })
      expect(readEither(tagged)).toBeUndefined()
      expect(readOption(tagged)).toBeUndefined()
    }
  })

  it('read each field once', () => {
    const some = readOption(fickle(O.some('first'), 'value', 'first', 'later'))
    expect(some).toEqual(O.some('first'))
    const right = readEither(fickle(E.right('first'), 'right', 'first', 'later'))
    expect(right).toEqual(E.right('first'))
  })
})

describe('readRange', () => {
  it('reads start and end once, or answers undefined', () => {
    expect(readRange({ start: 1, end: 2 })).toEqual({ start: 1, end: 2 })
    for (const value of [null, 5, throwingProxy(), revokedProxy(), throwingGetters(['end'])]) {
      expect(readRange(value)).toBeUndefined()
    }
  })

  it('accepts a function carrying start and end, like any object', () => {
    expect(readRange(Object.assign(() => 1, { start: 1, end: 2 }))).toEqual({ start: 1, end: 2 })
  })
})

describe('readSetOptions', () => {
  it('accepts no options, no maxNodeSize, or an integer >= 4, and reads merge', () => {
    expect(readSetOptions(undefined)).toEqual({ ok: true, merging: false, nodeSize: undefined })
    expect(readSetOptions({})).toEqual({ ok: true, merging: false, nodeSize: undefined })
    expect(readSetOptions({ maxNodeSize: 4, merge: true })).toEqual({ ok: true, merging: true, nodeSize: 4 })
    expect(readSetOptions({ merge: 'yes' })).toEqual({ ok: true, merging: false, nodeSize: undefined })
    // A function is an object too.
    expect(readSetOptions(Object.assign(() => 1, { maxNodeSize: 8, merge: true }))).toEqual({
      ok: true,
      merging: true,
      nodeSize: 8,
    })
  })

  it('says exactly what is wrong', () => {
    const cases: readonly (readonly [unknown, string])[] = [
      [null, 'options must be an object, got null'],
      [5, 'options must be an object, got 5'],
      ['x', 'options must be an object, got x'],
      [{ maxNodeSize: 3 }, 'maxNodeSize must be an integer >= 4, got 3'],
      [{ maxNodeSize: '8' }, 'maxNodeSize must be an integer >= 4, got 8'],
      [{ maxNodeSize: 4.5 }, 'maxNodeSize must be an integer >= 4, got 4.5'],
      [{ maxNodeSize: Infinity }, 'maxNodeSize must be an integer >= 4, got Infinity'],
      [{ maxNodeSize: nullProto() }, 'maxNodeSize must be an integer >= 4, got [object Object]'],
      [throwingProxy(), 'reading the options threw'],
    ]
    for (const [options, problem] of cases) expect(readSetOptions(options)).toEqual({ ok: false, problem })
  })

  it('explains everything else', () => {
    const bad = [null, 5, 'x', { maxNodeSize: 3 }, { maxNodeSize: '8' }, { maxNodeSize: Infinity }]
    for (const options of [...bad, { maxNodeSize: nullProto() }, throwingProxy(), revokedProxy()]) {
      expect(readSetOptions(options).ok).toBe(false)
    }
    expect(readSetOptions(throwingGetters(['maxNodeSize']))).toEqual({
      ok: false,
      problem: 'reading the options threw',
    })
  })
})

describe('isCallable', () => {
  it('is true for functions of every kind except classes', () => {
    for (const f of [
      () => 1,
      function named() {},
      async () => 1,
      function* gen() {},
      Math.max,
      throwingProxy(() => 1),
    ]) {
      expect(isCallable(f)).toBe(true)
    }
    for (const v of [class {}, class Named {}, null, {}, 5, revokedProxy()]) expect(isCallable(v)).toBe(false)
  })
})

describe('isBackend', () => {
  const effect = (): undefined => undefined
  const full = { map: effect, unmap: effect, protect: effect }

  it('is true for an object with the three effect functions', () => {
    expect(isBackend(full)).toBe(true)
    expect(isBackend(Object.create(full))).toBe(true)
  })

  it('is false when any one of them is missing or not a function', () => {
    for (const key of ['map', 'unmap', 'protect'] as const) {
      expect(isBackend({ ...full, [key]: undefined })).toBe(false)
      expect(isBackend({ ...full, [key]: 'effect' })).toBe(false)
    }
  })

  it('is false, never throws, for non-objects, functions and objects whose reading throws', () => {
    const fn = Object.assign(() => 1, full)
    for (const value of [...HOSTILE, fn, throwingGetters(['protect'], full)]) expect(isBackend(value)).toBe(false)
  })
})
