// A deliberately simple competitor for the benchmarks: the same API subset and
// semantics as MemorySet (persistent, all-or-nothing, same backend calls in the
// same order, same result objects), stored as a copy-on-write sorted array.
//
// - find / overlaps / locating a range: binary search, O(log n);
// - map / unmap / protect: a new array with the touched areas replaced
//   (Array.prototype.toSpliced: one native copy), O(n) time and memory per version;
// - findFreeArea: linear scan of the gaps from the hint, O(n) worst case;
// - findFreeAreaTopDown: linear scan of the gaps down from the ceiling, O(n) worst case.
//
// `node bench/run.mjs --check` compares it with the library on random ops.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { MappingError, MemoryArea, isAddr } from 'memory-set'

/** Index of the first area with `end > addr` (ends are sorted too, since areas are disjoint). */
const firstEndAbove = (areas, addr) => {
  let lo = 0
  let hi = areas.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (areas[mid].end <= addr) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first area with `start >= addr`. */
const firstStartFrom = (areas, addr) => {
  let lo = 0
  let hi = areas.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (areas[mid].start < addr) lo = mid + 1
    else hi = mid
  }
  return lo
}

const badRange = (start, size, what) =>
  !isAddr(start) || !isAddr(size) || size > Number.MAX_SAFE_INTEGER - start
    ? E.left(MappingError.invalidParam(`${what}: bad range ${start} + ${size}`))
    : undefined

const piece = (area, start, end, flags = area.flags) => new MemoryArea(start, end - start, flags, area.backend)

const runEffects = (effects, pageTable) => {
  let pt = pageTable
  for (const effect of effects) {
    const r = effect(pt)
    if (E.isLeft(r)) return r
    pt = r.right
  }
  return E.right(pt)
}

const isPowerOfTwo = (x) => Number.isSafeInteger(x) && x > 0 && 2 ** Math.round(Math.log2(x)) === x

/**
 * Cuts `[start, end)` out of the areas: `lo..hi` are the indices of the areas
 * intersecting it, `before`/`after` the surviving parts left/right of it, and
 * `effects` the backend unmaps of the removed parts, in address order.
 */
const cut = (areas, start, end) => {
  const lo = firstEndAbove(areas, start)
  const hi = firstStartFrom(areas, end)
  const before = []
  const after = []
  const effects = []
  for (let i = lo; i < hi; i++) {
    const a = areas[i]
    if (a.start < start) before.push(piece(a, a.start, start))
    if (a.end > end) after.push(piece(a, end, a.end))
    const from = Math.max(a.start, start)
    effects.push(a.backend.unmap(from, Math.min(a.end, end) - from))
  }
  return { lo, hi, before, after, effects }
}

export class BaselineSet {
  /** Sorted, disjoint, non-empty areas. Never mutated after construction. */
  #areas

  constructor(areas) {
    this.#areas = areas
    Object.freeze(this)
  }

  static empty() {
    return EMPTY
  }

  get size() {
    return this.#areas.length
  }

  [Symbol.iterator]() {
    return this.#areas[Symbol.iterator]()
  }

  find(addr) {
    const areas = this.#areas
    const i = firstEndAbove(areas, addr)
    return i < areas.length && areas[i].start <= addr ? O.some(areas[i]) : O.none
  }

  overlaps({ start, end }) {
    if (!(start < end)) return false
    const areas = this.#areas
    const i = firstEndAbove(areas, start)
    return i < areas.length && areas[i].start < end
  }

  findFreeArea(hint, size, limit, align = 1) {
    const { start: lo, end: hi } = limit
    if (![hint, size, lo, hi].every(isAddr) || size === 0 || !isPowerOfTwo(align) || size % align !== 0 || lo > hi) {
      return O.none
    }
    const areas = this.#areas
    const alignUp = (x) => Math.ceil(x / align) * align
    let a = alignUp(Math.max(hint, lo))
    // Invariant: every area before i ends at or below a. Move a past each area overlapping [a, a + size).
    for (let i = firstEndAbove(areas, a); i < areas.length && areas[i].start < a + size; i++) a = alignUp(areas[i].end)
    return a <= Number.MAX_SAFE_INTEGER && a + size <= hi ? O.some(a) : O.none
  }

  /** The highest aligned `a >= limit.start` with `a + size <= min(ceiling, limit.end)` and `[a, a + size)` free. */
  findFreeAreaTopDown(ceiling, size, limit, align = 1) {
    const { start: lo, end: hi } = limit
    if (![ceiling, size, lo, hi].every(isAddr) || size === 0 || !isPowerOfTwo(align) || size % align !== 0 || lo > hi) {
      return O.none
    }
    const areas = this.#areas
    const alignDown = (x) => Math.floor(x / align) * align
    const top = Math.min(ceiling, hi) - size
    if (top < lo) return O.none
    let a = alignDown(top)
    // Move a below the highest area overlapping [a, a + size) until none does.
    for (;;) {
      if (a < lo) return O.none
      const j = firstEndAbove(areas, a + size) - 1 // areas after j end above a + size ...
      // ... so the highest area starting below a + size is j or j + 1.
      const k = j + 1 < areas.length && areas[j + 1].start < a + size ? j + 1 : j
      if (k < 0 || areas[k].end <= a) break
      a = alignDown(areas[k].start - size)
    }
    return a >= lo ? O.some(a) : O.none
  }

  map(area, pageTable, unmapOverlap) {
    if (area.size === 0) return E.left(MappingError.invalidParam('map: size 0'))
    const { lo, hi, before, after, effects } = cut(this.#areas, area.start, area.end)
    if (hi > lo && !unmapOverlap) return E.left(MappingError.alreadyExists('map: overlap'))
    effects.push(area.backend.map(area.start, area.size, area.flags))
    const pt = runEffects(effects, pageTable)
    if (E.isLeft(pt)) return pt
    return E.right([new BaselineSet(this.#areas.toSpliced(lo, hi - lo, ...before, area, ...after)), pt.right])
  }

  unmap(start, size, pageTable) {
    const bad = badRange(start, size, 'unmap')
    if (bad) return bad
    if (size === 0) return E.right([this, pageTable])
    const { lo, hi, before, after, effects } = cut(this.#areas, start, start + size)
    if (hi === lo) return E.right([this, pageTable])
    const pt = runEffects(effects, pageTable)
    if (E.isLeft(pt)) return pt
    return E.right([new BaselineSet(this.#areas.toSpliced(lo, hi - lo, ...before, ...after)), pt.right])
  }

  protect(start, size, updateFlags, pageTable) {
    const bad = badRange(start, size, 'protect')
    if (bad) return bad
    if (size === 0) return E.right([this, pageTable])
    const end = start + size
    const areas = this.#areas
    const lo = firstEndAbove(areas, start)
    const hi = firstStartFrom(areas, end)
    const pieces = []
    const effects = []
    for (let i = lo; i < hi; i++) {
      const a = areas[i]
      const update = updateFlags(a.flags)
      if (O.isNone(update)) {
        pieces.push(a)
        continue
      }
      const from = Math.max(a.start, start)
      const to = Math.min(a.end, end)
      if (a.start < from) pieces.push(piece(a, a.start, from))
      pieces.push(piece(a, from, to, update.value))
      if (to < a.end) pieces.push(piece(a, to, a.end))
      effects.push(a.backend.protect(from, to - from, update.value))
    }
    if (effects.length === 0) return E.right([this, pageTable])
    const pt = runEffects(effects, pageTable)
    if (E.isLeft(pt)) return pt
    return E.right([new BaselineSet(areas.toSpliced(lo, hi - lo, ...pieces)), pt.right])
  }
}

const EMPTY = new BaselineSet([])
