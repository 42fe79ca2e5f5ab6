/**
 * Test-only helpers to build B+tree nodes by hand and to make parts of them
 * throw when read, so a test can tell which nodes and entries a search
 * touched: a pruned subtree must never be read, whatever the result.
 */
import { type Node, makeBranch, makeLeaf } from '../../../../src/internal/index/btree/node.js'

/** An entry whose `end` can be made to throw when read (after the leaf summaries are built). */
export class Entry {
  readonly start: number
  private readonly stop: number
  armed = false

  constructor(start: number, end: number) {
    this.start = start
    this.stop = end
  }

  get end(): number {
    if (this.armed) throw new Error(`end of [${this.start}, ${this.stop}) read`)
    return this.stop
  }
}

/** A leaf over entries `[start, end)`. */
export const leaf = (...pairs: ReadonlyArray<readonly [number, number]>): Node<Entry> =>
  makeLeaf(pairs.map(([s, e]) => new Entry(s, e)))

/** A branch over `children`. */
export const branch = (...children: ReadonlyArray<Node<Entry>>): Node<Entry> => makeBranch(children)

/** The entries of leaf `node`. */
export const entriesOf = (node: Node<Entry>): readonly Entry[] => node.items as readonly Entry[]

/** Makes any later read of `node.items` throw: the node must be pruned by its summaries alone. */
export const poisonItems = (node: Node<Entry>, name: string): void => {
  Object.defineProperty(node, 'items', {
    get() {
      throw new Error(`items of ${name} read`)
    },
  })
}
