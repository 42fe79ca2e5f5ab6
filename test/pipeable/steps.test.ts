import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { flow, pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, emptyPageTable, pageTableBackend, type PageTable } from '../../src/index.js'
import {
  clear,
  formatError,
  init,
  map,
  protect,
  sequence,
  unmap,
  type State,
  type Step,
} from '../../src/pipeable/index.js'
import { applyOp, opsArb, type Op } from '../../src/testing/index.js'

type PT = PageTable<number>
const backend = pageTableBackend<number>()
const area = (start: number, size: number, flags: number) => new MemoryArea(start, size, flags, backend)
const start = (): State<number, PT> => init(emptyPageTable<number>())

/** The pipeable step for an op, written independently of applyOp. */
const stepOf = (op: Op<number>): Step<number, PT> => {
  switch (op.kind) {
    case 'map':
      return map(area(op.start, op.size, op.flags), { unmapOverlap: op.unmapOverlap })
    case 'unmap':
      return unmap(op.start, op.size)
    case 'protect':
      return protect(op.start, op.size, () => O.some(op.flags))
    case 'clear':
      return clear
  }
}

describe('pipeable steps', () => {
  it('init is the empty set with the given page table', () => {
    const pt = emptyPageTable<number>()
    const [set, table] = init<number, PT>(pt, { maxNodeSize: 4 })
    expect(set.isEmpty()).toBe(true)
    expect(table).toBe(pt)
  })

  it('each step does what the method does (same sets, same page tables, same errors)', () => {
    fc.assert(
      fc.property(opsArb(fc.nat(3), { pages: 16, maxLength: 20 }), (ops) => {
        let state = start()
        for (const op of ops) {
          const viaMethod = applyOp(op, backend)(state)
          const viaStep = stepOf(op)(state)
          expect(E.isRight(viaStep)).toBe(E.isRight(viaMethod))
          if (E.isLeft(viaStep) || E.isLeft(viaMethod)) {
            expect(viaStep).toEqual(viaMethod)
            continue
          }
          expect(viaStep.right[0].equals(viaMethod.right[0])).toBe(true)
          expect(viaStep.right[1].equals(viaMethod.right[1])).toBe(true)
          state = viaStep.right
        }
      }),
    )
  })

  it('map refuses an overlap unless unmapOverlap is set', () => {
    const once = pipe(start(), map(area(0, 0x2000, 1)))
    expect(pipe(once, E.flatMap(map(area(0x1000, 0x2000, 2)))).valueOf()).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'AlreadyExists' },
    })
    const replaced = pipe(once, E.flatMap(map(area(0x1000, 0x2000, 2), { unmapOverlap: true })))
    expect(E.map(([set]: State<number, PT>) => Array.from(set, (a) => [a.start, a.end, a.flags]))(replaced)).toEqual(
      E.right([
        [0, 0x1000, 1],
        [0x1000, 0x3000, 2],
      ]),
    )
  })

  it('sequence is the Kleisli fold of the steps, stopping at the first Left', () => {
    const steps = [
      map(area(0, 0x4000, 1)),
      protect<number, PT>(0x1000, 0x1000, () => O.some(2)),
      unmap<number, PT>(0x3000, 0x1000),
    ]
    const folded = sequence(steps)(start())
    const chained = pipe(start(), steps[0]!, E.flatMap(steps[1]!), E.flatMap(steps[2]!))
    expect(folded).toEqual(chained)
    expect(sequence<number, PT>([])(start())).toEqual(E.right(start()))
    let ranAfterFailure = false
    const failing = sequence<number, PT>([
      unmap(-1, 0x1000),
      (s) => {
        ranAfterFailure = true
        return E.right(s)
      },
    ])(start())
    expect(E.isLeft(failing)).toBe(true)
    expect(ranAfterFailure).toBe(false)
  })

  it('steps compose with flow', () => {
    const program = flow(map(area(0, 0x2000, 1)), E.flatMap(clear<number, PT>))
    const result = program(start())
    expect(E.map(([set, pt]: State<number, PT>) => [set.size, pt.size])(result)).toEqual(E.right([0, 0]))
    // A no-op keeps the very same set.
    const [set0] = start()
    expect(E.map(([set]: State<number, PT>) => set === set0)(clear(start()))).toEqual(E.right(true))
  })

  it('formatError prints the tag and the message', () => {
    const result = pipe(start(), unmap(0, Number.NaN))
    expect(E.isLeft(result) && formatError(result.left)).toBe(
      'InvalidParam: unmap: size must be a non-negative safe integer, got NaN',
    )
  })

  it('the set type is the library MemorySet', () => {
    expect(start()[0]).toBeInstanceOf(MemorySet)
  })
})
