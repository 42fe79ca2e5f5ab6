/**
 * fp-ts `Eq` and `Show` instances for sets and areas.
 *
 * @packageDocumentation
 */
import type { Eq } from 'fp-ts/lib/Eq.js'
import type { Show } from 'fp-ts/lib/Show.js'
import type { MemoryArea } from '../area.js'
import type { MemorySet } from '../memory-set.js'
import { hex } from '../internal/numbers.js'

/**
 * Value equality of areas (`MemoryArea.equals`: same range, `Immutable.is`
 * flags, same backend) as an fp-ts `Eq`.
 *
 * @example
 * ```ts
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { getAreaEq } from 'memory-set/pipeable'
 * const b = noopBackend<string>()
 * getAreaEq<string, null>().equals(new MemoryArea(0, 1, 'r', b), new MemoryArea(0, 1, 'r', b)) // true
 * ```
 * @since 0.2.0
 * @category instances
 */
export const getAreaEq = <F, PT>(): Eq<MemoryArea<F, PT>> => ({ equals: (a, b) => a.equals(b) })

/**
 * Value equality of sets (`MemorySet.equals`: the same areas) as an fp-ts `Eq`.
 *
 * @example
 * ```ts
 * import { MemorySet } from 'memory-set'
 * import { getEq } from 'memory-set/pipeable'
 * getEq<string, null>().equals(MemorySet.empty(), MemorySet.empty({ maxNodeSize: 4 })) // true
 * ```
 * @since 0.2.0
 * @category instances
 */
export const getEq = <F, PT>(): Eq<MemorySet<F, PT>> => ({ equals: (a, b) => a.equals(b) })

const defaultShow: Show<unknown> = {
  show: (flags) => (typeof flags === 'string' ? flags : (JSON.stringify(flags) ?? String(flags))),
}

/**
 * Shows an area as `[0x1000, 0x3000) <flags>`, the flags shown by `showFlags`
 * (default: strings as they are, anything else as JSON).
 *
 * @example
 * ```ts
 * import { MemoryArea, noopBackend } from 'memory-set'
 * import { getAreaShow } from 'memory-set/pipeable'
 * getAreaShow<string, null>().show(new MemoryArea(0x1000, 0x2000, 'rw', noopBackend<string>())) // '[0x1000, 0x3000) rw'
 * ```
 * @since 0.2.0
 * @category instances
 */
export const getAreaShow = <F, PT>(showFlags: Show<F> = defaultShow): Show<MemoryArea<F, PT>> => ({
  show: (area) => `[${hex(area.start)}, ${hex(area.end)}) ${showFlags.show(area.flags)}`,
})

/**
 * Shows a set as `MemorySet [[0x1000, 0x2000) r, [0x4000, 0x5000) rw]`.
 *
 * @example
 * ```ts
 * import { MemorySet } from 'memory-set'
 * import { getShow } from 'memory-set/pipeable'
 * getShow<string, null>().show(MemorySet.empty()) // 'MemorySet []'
 * ```
 * @since 0.2.0
 * @category instances
 */
export const getShow = <F, PT>(showFlags?: Show<F>): Show<MemorySet<F, PT>> => {
  const area = getAreaShow<F, PT>(showFlags)
  return { show: (set) => `MemorySet [${Array.from(set, area.show).join(', ')}]` }
}
