/**
 * The narrow interface between `MemorySet` and its ordered index.
 *
 * The index stores non-overlapping half-open intervals `[start, end)` keyed by
 * `start`, in ascending order. It knows nothing about backends, flags or page
 * tables: only about intervals and the gaps between them. Every "update"
 * returns a new index and leaves the receiver untouched (persistence), so
 * `MemorySet` can plan an operation, run backend effects, and simply drop the
 * new index if an effect fails.
 *
 * Callers guarantee the structural preconditions documented on each method
 * (no duplicate starts, no overlaps); implementations may check them in
 * `checkValid()` but need not on the hot path.
 *
 * @internal
 */
export interface Interval {
  readonly start: number
  readonly end: number
}

/** @internal */
export interface IntervalIndex<E extends Interval> {
  /** Number of entries. O(1). */
  readonly size: number

  /** Entries in ascending `start` order. */
  [Symbol.iterator](): IterableIterator<E>

  /**
   * Entries from the one with the greatest `start <= key` (or from the first
   * entry, if there is none), ascending. One descent: this is how callers
   * find everything that intersects a range starting at `key`.
   */
  fromFloor(key: number): IterableIterator<E>

  /** The entry with the greatest `start <= key`, if any. O(log n). */
  floor(key: number): E | undefined

  /**
   * A new index with `entry` added. Precondition: no entry has the same start
   * and `entry` overlaps no entry. O(log n).
   */
  insert(entry: E): IntervalIndex<E>

  /**
   * A new index where the run of consecutive entries whose starts lie in
   * `[first, last]` (both ends are starts of existing entries, `first <=
   * last`) is replaced by `pieces` (any number of entries, sorted,
   * non-overlapping, lying between the run's outer neighbours). This is how
   * `unmap` removes every area a range covers at once, and how `protect`
   * can re-flag them all at once (k areas into up to k + 2 pieces).
   * `spliceRange(s, s, [])` deletes the entry starting at `s`, and
   * `spliceRange(s, s, [e])` replaces it by `e`. O(log n + k + p)
   * for a run of k entries and p pieces (O(log n) + O((k + p) / B) nodes
   * visited or built, never O(p log n)).
   *
   * @throws Error if `first` or `last` is not the start of an entry, or if
   * `first > last`.
   */
  spliceRange(first: number, last: number, pieces: readonly E[]): IntervalIndex<E>

  /** An empty index with the same configuration (node size). O(1). */
  clear(): IntervalIndex<E>

  /**
   * The lowest address `a` such that `a >= from`, `a % align === 0`,
   * `a + size <= limitEnd`, and `[a, a + size)` intersects no entry.
   * `undefined` when there is none. Preconditions (checked by the caller):
   * all arguments are safe non-negative integers, `size > 0`, `align` is a
   * power of two, and `limitEnd <= Number.MAX_SAFE_INTEGER`.
   *
   * O(log n) for any layout and alignment (implementations may amortise,
   * e.g. memoise per-alignment summaries).
   */
  firstFit(from: number, size: number, align: number, limitEnd: number): number | undefined

  /**
   * The highest address `a` such that `a >= lowest`, `a % align === 0`,
   * `a + size <= ceilingEnd`, and `[a, a + size)` intersects no entry (the
   * gap before the first entry starts at 0; the gap after the last is
   * unbounded): the top-down mirror of {@link firstFit}, with the same
   * preconditions (`ceilingEnd` in place of `limitEnd`) and cost.
   * `undefined` when there is none.
   */
  lastFit(lowest: number, size: number, align: number, ceilingEnd: number): number | undefined

  /** Throws an `Error` describing the first broken internal invariant, if any. For tests. */
  checkValid(): void
}
