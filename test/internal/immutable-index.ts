/**
 * A second `IntervalIndex`, built on an Immutable.js `List` kept sorted by
 * start: the reference the index law suite also runs against, and the
 * "why not just Immutable.js" baseline of bench/index-vs-immutable.ts.
 *
 * Deliberately simple: binary search over `List.get` for lookups, `splice`
 * for every update (O(n) in Immutable.js), a linear scan of the gaps for
 * `firstFit`. Correct first, fast never.
 */
import { List } from 'immutable'
import type { Interval, IntervalIndex } from '../../src/internal/interval-index.js'

export class ImmutableIndex<E extends Interval> implements IntervalIndex<E> {
  private constructor(private readonly list: List<E>) {}

  static empty<E extends Interval>(): ImmutableIndex<E> {
    return new ImmutableIndex(List())
  }

  static fromSorted<E extends Interval>(entries: readonly E[]): ImmutableIndex<E> {
    return new ImmutableIndex(List(entries))
  }

  get size(): number {
    return this.list.size
  }

  [Symbol.iterator](): IterableIterator<E> {
    return this.list.values()
  }

  /** The number of entries with `start <= key`. */
  private upper(key: number): number {
    let lo = 0
    let hi = this.list.size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.list.get(mid)!.start <= key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The index of the entry starting at `start`, or -1. */
  private indexOf(start: number): number {
    const i = this.upper(start) - 1
    return i >= 0 && this.list.get(i)!.start === start ? i : -1
  }

  private fromIndex(i: number): IterableIterator<E> {
    return this.list.skip(i).values()
  }

  from(key: number): IterableIterator<E> {
    const i = this.upper(key)
    return this.fromIndex(i > 0 && this.list.get(i - 1)!.start === key ? i - 1 : i)
  }

  fromFloor(key: number): IterableIterator<E> {
    return this.fromIndex(Math.max(0, this.upper(key) - 1))
  }

  floor(key: number): E | undefined {
    const i = this.upper(key) - 1
    return i >= 0 ? this.list.get(i) : undefined
  }

  ceiling(key: number): E | undefined {
    const i = this.upper(key)
    const before = this.list.get(i - 1)
    return before !== undefined && before.start === key ? before : this.list.get(i)
  }

  first(): E | undefined {
    return this.list.first()
  }

  last(): E | undefined {
    return this.list.last()
  }

  insert(entry: E): ImmutableIndex<E> {
    return new ImmutableIndex(this.list.insert(this.upper(entry.start), entry))
  }

  replace(start: number, entry: E): ImmutableIndex<E> {
    return new ImmutableIndex(this.list.set(this.must(start), entry))
  }

  splice(start: number, pieces: readonly E[]): ImmutableIndex<E> {
    return new ImmutableIndex(this.list.splice(this.must(start), 1, ...pieces))
  }

  spliceRange(first: number, last: number, pieces: readonly E[]): ImmutableIndex<E> {
    const i = this.must(first)
    const j = this.must(last)
    if (i > j) throw new Error(`spliceRange: first ${first} > last ${last}`)
    return new ImmutableIndex(this.list.splice(i, j - i + 1, ...pieces))
  }

  clear(): ImmutableIndex<E> {
    return new ImmutableIndex(List())
  }

  delete(start: number): ImmutableIndex<E> {
    const i = this.indexOf(start)
    return i < 0 ? this : new ImmutableIndex(this.list.delete(i))
  }

  firstFit(from: number, size: number, align: number, limitEnd: number): number | undefined {
    let candidate = Math.ceil(from / align) * align
    for (const entry of this.fromFloor(from)) {
      if (candidate + size <= entry.start) break
      if (entry.end > candidate) candidate = Math.ceil(entry.end / align) * align
    }
    return candidate + size <= limitEnd ? candidate : undefined
  }

  checkValid(): void {
    let previous: E | undefined
    for (const entry of this.list) {
      if (!(entry.start < entry.end)) throw new Error(`empty entry at ${entry.start}`)
      if (previous !== undefined && previous.end > entry.start) {
        throw new Error(`entries at ${previous.start} and ${entry.start} overlap`)
      }
      previous = entry
    }
  }

  private must(start: number): number {
    const i = this.indexOf(start)
    if (i < 0) throw new Error(`no entry starts at ${start}`)
    return i
  }
}
