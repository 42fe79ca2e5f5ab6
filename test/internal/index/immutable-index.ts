/**
 * A second `IntervalIndex`, built on an Immutable.js `List` kept sorted by
 * start: the reference the index law suite also runs against
 * (immutable-index.test.ts), and the "why not just Immutable.js" baseline of
 * bench/index-vs-immutable.ts.
 *
 * Deliberately simple: binary search over `List.get` for lookups, `splice`
 * for every update (O(n) in Immutable.js), linear scans of the gaps for
 * `firstFit` and `lastFit`. Correct first, fast never.
 */
import { List } from 'immutable'
import type { Interval, IntervalIndex } from '../../../src/internal/index/interval-index.js'

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

  private at(i: number): E {
    // Callers pass indexes below size.
    return this.list.get(i) as E
  }

  /** The number of entries with `start <= key`. */
  private upper(key: number): number {
    let lo = 0
    let hi = this.list.size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.at(mid).start <= key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  fromFloor(key: number): IterableIterator<E> {
    return this.list.skip(Math.max(0, this.upper(key) - 1)).values()
  }

  floor(key: number): E | undefined {
    const i = this.upper(key) - 1
    return i >= 0 ? this.at(i) : undefined
  }

  insert(entry: E): ImmutableIndex<E> {
    if (this.floor(entry.start)?.start === entry.start)
      throw new Error(`insert: an entry with start ${entry.start} already exists`)
    return new ImmutableIndex(this.list.insert(this.upper(entry.start), entry))
  }

  spliceRange(first: number, last: number, pieces: readonly E[]): ImmutableIndex<E> {
    const i = this.must(first)
    const j = this.must(last)
    if (i > j) throw new Error(`spliceRange: first (${first}) > last (${last})`)
    return new ImmutableIndex(this.list.splice(i, j - i + 1, ...pieces))
  }

  clear(): ImmutableIndex<E> {
    return new ImmutableIndex(List())
  }

  firstFit(from: number, size: number, align: number, limitEnd: number): number | undefined {
    let candidate = Math.ceil(from / align) * align
    for (const entry of this.fromFloor(from)) {
      // Differences, not sums: near Number.MAX_SAFE_INTEGER a sum would round.
      if (size <= entry.start - candidate) break
      if (entry.end > candidate) candidate = Math.ceil(entry.end / align) * align
    }
    return candidate <= limitEnd && size <= limitEnd - candidate ? candidate : undefined
  }

  lastFit(lowest: number, size: number, align: number, ceilingEnd: number): number | undefined {
    // The gaps from the top: after the last entry (unbounded), then between entries, then before the first.
    for (let i = this.list.size; i >= 0; i--) {
      const lo = i > 0 ? this.at(i - 1).end : 0
      const hi = i < this.list.size ? this.at(i).start : Number.POSITIVE_INFINITY
      const top = Math.min(hi, ceilingEnd)
      if (top >= size) {
        const a = Math.floor((top - size) / align) * align
        if (a >= lo && a >= lowest) return a
      }
      if (lo <= lowest) return undefined
    }
    return undefined
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
    const i = this.upper(start) - 1
    if (i < 0 || this.at(i).start !== start) throw new Error(`spliceRange: no entry with start ${start}`)
    return i
  }
}
