import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { History } from '../src/history.js'

type Action =
  | { readonly kind: 'push'; readonly label: string | undefined }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  | { readonly kind: 'jump'; readonly target: number | string }

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      label: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redo' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      target: fc.oneof(fc.nat(30), fc.constantFrom('a', 'b', 'z')),
    }),
  },
)

/** Runs actions from `History.of(0)`; pushes push a fresh number (1, 2, ...). Returns every version. */
const walk = (actions: readonly Action[]): History<number>[] => {
  let h = History.of(0)
  let next = 1
  const versions = [h]
  for (const action of actions) {
    switch (action.kind) {
      case 'push':
        h = h.push(next++, action.label)
        break
      case 'undo':
        h = h.undo()
        break
      case 'redo':
        h = h.redo()
        break
      case 'jump':
        h = O.getOrElse(() => h)(h.jump(action.target))
    }
    versions.push(h)
  }
  return versions
}

const view = (h: History<number>) => ({
  present: h.present,
  past: h.past(),
  future: h.future(),
  size: h.size,
  id: h.id,
})

describe('History', () => {
  it('undo and redo walk one branch; push after undo keeps the old branch reachable', () => {
    const h = History.of('a').push('b').push('c')
    expect(h.past()).toEqual(['a', 'b'])
    const back = h.undo().undo()
    expect(back.present).toBe('a')
    expect(back.future()).toEqual(['b', 'c'])
    expect(back.undo()).toBe(back)
    const branched = back.push('x')
    expect(branched.past()).toEqual(['a'])
    expect(branched.future()).toEqual([])
    expect(branched.redo()).toBe(branched)
    expect(branched.size).toBe(4)
    // The abandoned branch: from 'a', the branches are 'b' and 'x'.
    const root = branched.undo()
    expect(root.branches().map((e) => e.state)).toEqual(['b', 'x'])
    expect(root.future()).toEqual(['x'])
    const old = O.getOrElse(() => root)(root.jump(2))
    expect(old.present).toBe('c')
    expect(old.past()).toEqual(['a', 'b'])
    // After the jump, redo from the root follows the branch jumped to.
    expect(old.undo().undo().future()).toEqual(['b', 'c'])
  })

  it('ids count states in creation order; canUndo and canRedo say where undo and redo can go', () => {
    const h = History.of('a').push('b').push('c')
    expect([h.id, h.undo().id, h.undo().undo().id]).toEqual([2, 1, 0])
    expect([h.canUndo(), h.canRedo()]).toEqual([true, false])
    expect([h.undo().canUndo(), h.undo().canRedo()]).toEqual([true, true])
    expect([History.of(0).canUndo(), History.of(0).canRedo()]).toEqual([false, false])
    expect(History.of(0).labels()).toEqual(new Map())
    expect(History.of(0).label).toBeUndefined()
  })

  it('entries come in id order however many there are', () => {
    let h = History.of(0)
    for (let i = 1; i < 100; i++) h = i % 3 === 0 ? h.undo().push(i) : h.push(i)
    expect(h.entries().map((e) => e.id)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(h.entries().map((e) => e.state)).toEqual(Array.from({ length: 100 }, (_, i) => i))
  })

  it('labels name the newest state with them', () => {
    const h = History.of(0, 'boot').push(1, 'x').push(2).push(3, 'x')
    expect(h.labels()).toEqual(
      new Map([
        ['boot', 0],
        ['x', 3],
      ]),
    )
    expect(O.map((j: History<number>) => j.present)(h.jump('x'))).toEqual(O.some(3))
    expect(O.map((j: History<number>) => j.label)(h.jump('boot'))).toEqual(O.some('boot'))
    expect(h.jump('nothing')).toEqual(O.none)
    expect(h.jump(99)).toEqual(O.none)
  })

  it('apply pushes a Right and records nothing on a Left', () => {
    const h = History.of(1)
    const ok = h.apply((n) => E.right(n + 1), 'inc')
    expect(E.isRight(ok) && [ok.right.present, ok.right.label]).toEqual([2, 'inc'])
    expect(h.apply(() => E.left('nope'))).toEqual(E.left('nope'))
  })

  it('entries list the whole tree with parents and children', () => {
    const h = History.of('r').push('a').undo().push('b')
    expect(h.entries()).toEqual([
      { id: 0, state: 'r', label: undefined, parent: undefined, children: [1, 2] },
      { id: 1, state: 'a', label: undefined, parent: 0, children: [] },
      { id: 2, state: 'b', label: undefined, parent: 0, children: [] },
    ])
    expect(h.entry(1)).toEqual(O.some(h.entries()[1]))
    expect(h.entry(7)).toEqual(O.none)
  })

  it('laws over random walks: nothing is lost, undo/redo are inverse, every version is unchanged', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 40 }), (actions) => {
        const versions = walk(actions)
        const views = versions.map(view)
        const last = versions[versions.length - 1]!
        const pushes = actions.filter((a) => a.kind === 'push').length
        // Every state pushed is still in the tree, and reachable by id.
        expect(last.size).toBe(pushes + 1)
        expect(last.entries().map((e) => e.state)).toEqual(Array.from({ length: pushes + 1 }, (_, i) => i))
        for (const entry of last.entries()) {
          const there = last.jump(entry.id)
          expect(O.isSome(there) && there.value.present).toBe(entry.state)
          // The path to a state is its parents' states.
          if (O.isSome(there)) expect(there.value.past().length).toBe(depth(last, entry.id))
        }
        for (const h of versions) {
          // undo then redo comes back; redo then undo too.
          if (h.canUndo()) expect(h.undo().redo().id).toBe(h.id)
          if (h.canRedo()) expect(h.redo().undo().id).toBe(h.id)
          // past and future are the states undo and redo visit.
          expect(h.past().length === 0).toBe(!h.canUndo())
          if (h.canUndo()) expect(h.undo().present).toBe(h.past()[h.past().length - 1])
          if (h.canRedo()) expect(h.redo().present).toBe(h.future()[0])
        }
        // Persistence: every version still looks as it did when it was made.
        expect(versions.map(view)).toEqual(views)
      }),
    )
  })
})

const depth = (h: History<number>, id: number): number => {
  let d = 0
  for (let e = O.toUndefined(h.entry(id)); e?.parent !== undefined; e = O.toUndefined(h.entry(e.parent))) d++
  return d
}

describe('History.jump', () => {
  it('is None for an unknown id or label, Some for a known one', () => {
    const h = History.of('a', 'root').push('b')
    expect(O.isNone(h.jump(2))).toBe(true)
    expect(O.isNone(h.jump(-1))).toBe(true)
    expect(O.isNone(h.jump('nope'))).toBe(true)
    expect(O.map((j: History<string>) => j.present)(h.jump(0))).toEqual(O.some('a'))
    expect(O.map((j: History<string>) => j.present)(h.jump('root'))).toEqual(O.some('a'))
  })
})
