/**
 * memory-set/history: a persistent undo tree of states (typically
 * `(set, pageTable)` pairs) with undo, redo, jumps, labels, and branches
 * that stay reachable.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { List, Map as ImmutableMap } from 'immutable'

/**
 * One state of a {@link History}, with its place in the tree.
 *
 * @since 0.2.0
 * @category model
 */
export interface HistoryEntry<S> {
  /** Unique in its history, in creation order (the initial state is 0). */
  readonly id: number
  readonly state: S
  readonly label: string | undefined
  /** The state this one was made from; `undefined` for the initial state. */
  readonly parent: number | undefined
  /** The states made from this one, oldest first. */
  readonly children: readonly number[]
}

interface Node<S> {
  readonly state: S
  readonly label: string | undefined
  readonly parent: number | undefined
  readonly children: List<number>
  /** The child `redo` goes to: the newest one, or the one `undo` last came from. */
  readonly redo: number | undefined
}

/**
 * A persistent history of states: every state ever pushed stays reachable.
 * `push` after `undo` starts a new branch and keeps the abandoned one
 * (reach it with `jump` or `branches`); `undo`/`redo` walk the current
 * branch; labels name states. Every method returns a new `History` (or
 * this very one when nothing changes) and leaves this one as it was.
 *
 * @typeParam S - the state type, e.g. `readonly [MemorySet<F, PT>, PT]`.
 *
 * @example
 * ```ts
 * import * as O from 'fp-ts/lib/Option.js'
 * import { History } from 'memory-set/history'
 * const h = History.of(0, 'start').push(1).push(2, 'two').undo().push(3)
 * h.present // 3
 * h.past() // [0, 1]
 * O.map((j: History<number>) => j.present)(h.jump('two')) // Some(2): the abandoned branch is still there
 * ```
 * @since 0.2.0
 * @category model
 */
export class History<S> {
  readonly #nodes: ImmutableMap<number, Node<S>>
  readonly #labels: ImmutableMap<string, number>
  readonly #current: number

  private constructor(nodes: ImmutableMap<number, Node<S>>, labels: ImmutableMap<string, number>, current: number) {
    this.#nodes = nodes
    this.#labels = labels
    this.#current = current
    Object.freeze(this)
  }

  /**
   * A history holding only `initial`.
   *
   * @example
   * ```ts
   * import { History } from 'memory-set/history'
   * History.of('empty', 'boot').label // 'boot'
   * ```
   */
  static of<S>(initial: S, label?: string): History<S> {
    const node: Node<S> = { state: initial, label, parent: undefined, children: List(), redo: undefined }
    const labels = label === undefined ? ImmutableMap<string, number>() : ImmutableMap([[label, 0]])
    return new History(ImmutableMap([[0, node]]), labels, 0)
  }

  #node(id: number): Node<S> {
    // Ids come only from this history's own nodes.
    return this.#nodes.get(id)!
  }

  /** The current state. */
  get present(): S {
    return this.#node(this.#current).state
  }

  /** The id of the current state. */
  get id(): number {
    return this.#current
  }

  /** The label of the current state, if it has one. */
  get label(): string | undefined {
    return this.#node(this.#current).label
  }

  /** Number of states in the whole tree, every branch included. */
  get size(): number {
    return this.#nodes.size
  }

  /** The states before the current one on its branch, oldest first. */
  past(): S[] {
    const states: S[] = []
    for (let id = this.#node(this.#current).parent; id !== undefined; id = this.#node(id).parent) {
      states.push(this.#node(id).state)
    }
    return states.reverse()
  }

  /** The states `redo` would visit one after the other, nearest first. */
  future(): S[] {
    const states: S[] = []
    for (let id = this.#node(this.#current).redo; id !== undefined; id = this.#node(id).redo) {
      states.push(this.#node(id).state)
    }
    return states
  }

  /** Whether there is a state before the current one. */
  canUndo(): boolean {
    return this.#node(this.#current).parent !== undefined
  }

  /** Whether `redo` has somewhere to go. */
  canRedo(): boolean {
    return this.#node(this.#current).redo !== undefined
  }

  /**
   * A history whose present is `state`, made from the current one (and
   * labelled `label`, which then names this state). The future of the
   * current state is not lost: it becomes another branch.
   *
   * @example
   * ```ts
   * import { History } from 'memory-set/history'
   * History.of(1).push(2).present // 2
   * ```
   */
  push(state: S, label?: string): History<S> {
    const id = this.#nodes.size
    const current = this.#node(this.#current)
    const nodes = this.#nodes
      .set(id, { state, label, parent: this.#current, children: List(), redo: undefined })
      .set(this.#current, { ...current, children: current.children.push(id), redo: id })
    return new History(nodes, label === undefined ? this.#labels : this.#labels.set(label, id), id)
  }

  /**
   * Runs `step` on the present state: `Right` pushes its result (with
   * `label`), `Left` is returned as it is and nothing is recorded.
   *
   * @example
   * ```ts
   * import * as E from 'fp-ts/lib/Either.js'
   * import { History } from 'memory-set/history'
   * const h = History.of(1).apply((n) => (n > 0 ? E.right(n * 10) : E.left('negative')), 'times ten')
   * E.isRight(h) && h.right.present // 10
   * ```
   */
  apply<Err>(step: (state: S) => E.Either<Err, S>, label?: string): E.Either<Err, History<S>> {
    return E.map((next: S) => this.push(next, label))(step(this.present))
  }

  /**
   * The history one state back (this very history when there is none).
   * `redo` then returns to the state undone.
   */
  undo(): History<S> {
    const parent = this.#node(this.#current).parent
    if (parent === undefined) return this
    // Remember which branch we came from, so that redo goes back to it (after
    // a jump, the parent's redo may point at another branch).
    const nodes = this.#nodes.set(parent, { ...this.#node(parent), redo: this.#current })
    return new History(nodes, this.#labels, parent)
  }

  /** The history one state forward on the current branch (this very history when there is none). */
  redo(): History<S> {
    const next = this.#node(this.#current).redo
    return next === undefined ? this : new History(this.#nodes, this.#labels, next)
  }

  /**
   * The history at another state: by id, or by label (the newest state with
   * that label). `None` when there is no such state. Undoing from there walks
   * back up the branch jumped to, and `redo` comes back down it.
   *
   * @example
   * ```ts
   * import * as O from 'fp-ts/lib/Option.js'
   * import { History } from 'memory-set/history'
   * const h = History.of('a', 'first').push('b')
   * O.isSome(h.jump('first')) && O.isNone(h.jump('nowhere')) // true
   * ```
   */
  jump(target: number | string): O.Option<History<S>> {
    const id = typeof target === 'string' ? this.#labels.get(target) : target
    if (id === undefined || !this.#nodes.has(id)) return O.none
    return O.some(new History(this.#nodes, this.#labels, id))
  }

  /** The state with this id, if any. */
  entry(id: number): O.Option<HistoryEntry<S>> {
    const node = this.#nodes.get(id)
    return node === undefined ? O.none : O.some(toEntry(id, node))
  }

  /** The states made from the current one (the branches `redo` could take), oldest first. */
  branches(): HistoryEntry<S>[] {
    return this.#node(this.#current)
      .children.toArray()
      .map((id) => toEntry(id, this.#node(id)))
  }

  /** Every state of the tree, by id (creation order). */
  entries(): HistoryEntry<S>[] {
    return this.#nodes
      .entrySeq()
      .sortBy(([id]) => id)
      .map(([id, node]) => toEntry(id, node))
      .toArray()
  }

  /** The labels and the ids of the states they name. */
  labels(): ReadonlyMap<string, number> {
    return new Map(this.#labels.entries())
  }
}

const toEntry = <S>(id: number, node: Node<S>): HistoryEntry<S> =>
  Object.freeze({
    id,
    state: node.state,
    label: node.label,
    parent: node.parent,
    children: node.children.toArray(),
  })
