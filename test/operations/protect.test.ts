// Issue 6: protect reads updateFlags' answer once (finding 8) and checks it (finding 6).
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import {
  MemoryArea,
  MemorySet,
  emptyPageTable,
  pageTableBackend,
  pageTableMismatch,
  type PageTable,
} from '../../src/index.js'
import { err, ok, triples } from '../support/helpers.js'
import { fickle, nullProto, revokedProxy, throwingProxy } from '../support/hostile.js'

type PT = PageTable<string>
const backend = pageTableBackend<string>({ pageSize: 0x1000 })
const [set, pt] = ok(
  MemorySet.empty<string, PT>().map(new MemoryArea(0x1000, 0x3000, 'rw', backend), emptyPageTable(), false),
)

describe('protect', () => {
  it('gives the page table and the area the same flags when Some.value answers differently each time (finding 8)', () => {
    const [next, nextPt] = ok(set.protect(0x2000, 0x1000, () => fickle(O.some('r'), 'value', 'r', 'x'), pt))
    expect(pageTableMismatch(next, nextPt, 0x1000)).toEqual(O.none)
    expect(triples(next)).toEqual([
      [0x1000, 0x2000, 'rw'],
      [0x2000, 0x3000, 'r'],
      [0x3000, 0x4000, 'rw'],
    ])
  })

  it('reads _tag once: a tag that changes between reads cannot mix None and Some', () => {
    const update = fickle(O.some('r') as O.Option<string>, '_tag', 'None', 'Some')
    const [next] = ok(set.protect(0x2000, 0x1000, () => update, pt))
    expect(next).toBe(set)
  })

  it('an answer that is not an Option is InvalidParam, whatever it is (finding 6)', () => {
    for (const answer of [undefined, nullProto(), throwingProxy(), revokedProxy(), { _tag: 'Other' }, 'r']) {
      const e = err(set.protect(0x2000, 0x1000, () => answer as never, pt))
      expect(e._tag).toBe('InvalidParam')
      expect(e.message).toMatch(/^protect: updateFlags must return an fp-ts Option, got /)
    }
    expect(triples(set)).toEqual([[0x1000, 0x4000, 'rw']])
  })
})

describe('protect to Some(undefined) (finding 3)', () => {
  it('gives the area undefined flags, as the page table gets them', () => {
    const backendU = pageTableBackend<string | undefined>({ pageSize: 0x1000 })
    const [s0, p0] = ok(
      MemorySet.empty<string | undefined, PageTable<string | undefined>>().map(
        new MemoryArea(0x1000, 0x3000, 'rw', backendU),
        emptyPageTable(),
        false,
      ),
    )
    const [s1, p1] = ok(s0.protect(0x2000, 0x1000, () => O.some(undefined), p0))
    expect(triples(s1)).toEqual([
      [0x1000, 0x2000, 'rw'],
      [0x2000, 0x3000, undefined],
      [0x3000, 0x4000, 'rw'],
    ])
    expect(pageTableMismatch(s1, p1, 0x1000)).toEqual(O.none)
  })
})

describe('protect with a class as updateFlags', () => {
  it('is InvalidParam, not the engine TypeError of calling a class', () => {
    expect(err(set.protect(0x2000, 0x1000, class {} as never, pt)).message).toBe(
      'protect: updateFlags must be a function',
    )
  })
})
