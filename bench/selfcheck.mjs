// Self-check: the baseline must be an equivalent competitor. Applies the same
// random operations to MemorySet and BaselineSet and compares everything
// observable: Left/Right and error tag, "unchanged => same object", the areas,
// the backend effects run (in order), the updateFlags calls, and random
// find / overlaps / findFreeArea queries after every step.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { MappingError, MemoryArea, MemorySet } from 'memory-set'
import { BaselineSet } from './baseline.mjs'

const P = 0x1000
const Q = 0x400 // sub-page unit, so that splits and partial overlaps happen often
const POISON = 5 * P // the recording backend fails to map anything starting here

/** mulberry32: a small seeded PRNG, so runs are reproducible. */
export const prng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** The page table is a log of the effects run (persistent: each effect returns a new array). */
const recording = {
  map: (start, size, flags) => (pt) =>
    start === POISON ? E.left(MappingError.badState('poisoned map')) : E.right([...pt, ['map', start, size, flags]]),
  unmap: (start, size) => (pt) => E.right([...pt, ['unmap', start, size]]),
  protect: (start, size, flags) => (pt) => E.right([...pt, ['protect', start, size, flags]]),
}

const show = (x) => JSON.stringify(x, (_k, v) => (v === undefined ? 'undefined' : Number.isNaN(v) ? 'NaN' : v))
const areasOf = (set) => Array.from(set, (a) => [a.start, a.end, a.flags, a.backend === recording])
const optArea = (o) => (O.isSome(o) ? [o.value.start, o.value.end, o.value.flags] : null)
const optVal = (o) => (O.isSome(o) ? o.value : null)

/** Returns a summary string; throws an Error describing the first difference. */
export function selfCheck({ steps = 600, seed = 12345, span = 64, maxNodeSize } = {}) {
  const rnd = prng(seed)
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)) // inclusive
  const pick = (xs) => xs[int(0, xs.length - 1)]
  const badNumber = () => pick([-Q, NaN, 1.5, Infinity, Number.MAX_SAFE_INTEGER])

  let lib = maxNodeSize === undefined ? MemorySet.empty() : MemorySet.empty({ maxNodeSize })
  let base = BaselineSet.empty()
  const stats = { ops: 0, left: 0, same: 0, changed: 0, queries: 0, maxSize: 0 }

  for (let step = 0; step < steps; step++) {
    const kind = pick(['map', 'map', 'map', 'unmap', 'protect'])
    let start = int(0, span) * Q
    let size = int(0, 24) * Q
    const bad = rnd()
    if (bad < 0.04) start = badNumber()
    else if (bad < 0.08) size = badNumber()
    let describe
    let run
    const calls = { lib: [], base: [] }
    if (kind === 'map') {
      if (!Number.isSafeInteger(start) || start < 0 || start > span * Q) start = 0
      if (!Number.isSafeInteger(size) || size < 0 || size > 64 * Q) size = Q
      if (rnd() < 0.1) start = POISON
      const area = new MemoryArea(start, size, int(0, 3), recording)
      const overwrite = rnd() < 0.7
      describe = `map(${start}, ${size}, flags ${area.flags}, unmapOverlap ${overwrite})`
      run = (set) => set.map(area, [], overwrite)
    } else if (kind === 'unmap') {
      describe = `unmap(${start}, ${size})`
      run = (set) => set.unmap(start, size, [])
    } else {
      const k = int(0, 3)
      describe = `protect(${start}, ${size}, k ${k})`
      const update = (log) => (old) => {
        log.push(old)
        return (old + k) % 4 === 0 ? O.none : O.some((old + k) % 4)
      }
      run = (set) => set.protect(start, size, update(set === lib ? calls.lib : calls.base), [])
    }

    const r1 = run(lib)
    const r2 = run(base)
    const fail = (what, a, b) => {
      throw new Error(
        `self-check step ${step}, ${describe}: ${what} differ\n  library:  ${show(a)}\n  baseline: ${show(b)}`,
      )
    }
    stats.ops++
    if (r1._tag !== r2._tag) fail('results', r1, r2)
    if (show(calls.lib) !== show(calls.base)) fail('updateFlags calls', calls.lib, calls.base)
    if (E.isLeft(r1)) {
      stats.left++
      if (r1.left._tag !== r2.left._tag) fail('error tags', r1.left, r2.left)
    } else {
      const [lib2, pt1] = r1.right
      const [base2, pt2] = r2.right
      if ((lib2 === lib) !== (base2 === base)) fail('"unchanged => same object"', lib2 === lib, base2 === base)
      if (lib2 === lib) stats.same++
      else stats.changed++
      if (show(pt1) !== show(pt2)) fail('backend effects', pt1, pt2)
      if (show(areasOf(lib2)) !== show(areasOf(base2))) fail('areas', areasOf(lib2), areasOf(base2))
      if (lib2.size !== base2.size) fail('sizes', lib2.size, base2.size)
      lib = lib2
      base = base2
      if (lib.size > stats.maxSize) stats.maxSize = lib.size
    }

    for (let q = 0; q < 3; q++) {
      stats.queries += 3
      const addr = int(0, (span + 8) * 4) * (Q / 4) + (rnd() < 0.2 ? 1 : 0)
      const a1 = optArea(lib.find(addr))
      const a2 = optArea(base.find(addr))
      if (show(a1) !== show(a2)) fail(`find(${addr})`, a1, a2)
      const range = { start: int(0, span + 8) * Q, end: int(0, span + 8) * Q }
      if (lib.overlaps(range) !== base.overlaps(range))
        fail(`overlaps(${show(range)})`, lib.overlaps(range), base.overlaps(range))
      const align = rnd() < 0.05 ? 3 : pick([1, Q, P, 2 * P])
      const fsize = rnd() < 0.05 ? 0 : int(1, 6) * (align === 3 ? 1 : align)
      const hint = rnd() < 0.03 ? badNumber() : int(0, span + 16) * Q + (rnd() < 0.2 ? 7 : 0)
      const limit = { start: int(0, span + 16) * Q, end: rnd() < 0.3 ? Number.MAX_SAFE_INTEGER : int(0, span + 32) * Q }
      const f1 = optVal(lib.findFreeArea(hint, fsize, limit, align))
      const f2 = optVal(base.findFreeArea(hint, fsize, limit, align))
      if (f1 !== f2) fail(`findFreeArea(${show(hint)}, ${fsize}, ${show(limit)}, ${align})`, f1, f2)
    }
  }
  return (
    `${stats.ops} random ops${maxNodeSize === undefined ? '' : ` [maxNodeSize ${maxNodeSize}]`} (${stats.changed} changed the set, ${stats.same} returned the same set, ` +
    `${stats.left} Left; up to ${stats.maxSize} areas) and ${stats.queries} queries: library and baseline agree`
  )
}
