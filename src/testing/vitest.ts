/**
 * Readable test failures in vitest (or Jest): an equality tester that
 * compares sets and areas by value, and a snapshot serializer that prints
 * them as address ranges.
 *
 * @packageDocumentation
 */
import { MemoryArea } from '../area.js'
import { MemorySet } from '../memory-set.js'
import { hex } from '../internal/numbers.js'

/**
 * An equality tester for `expect.addEqualityTesters([memorySetEquality])`:
 * `toEqual` then compares `MemorySet`s and `MemoryArea`s with their
 * `equals` (value equality) instead of walking their private fields, and
 * leaves every other value to the default comparison.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest'
 * import { memorySetEquality } from 'memory-set/testing'
 * expect.addEqualityTesters([memorySetEquality])
 * ```
 * @since 0.2.0
 * @category testing
 */
export const memorySetEquality = (a: unknown, b: unknown): boolean | undefined => {
  if (a instanceof MemorySet || a instanceof MemoryArea) return a.equals(b)
  if (b instanceof MemorySet || b instanceof MemoryArea) return false
  return undefined
}

/**
 * The printer a snapshot serializer receives, for nested values.
 *
 * @since 0.2.0
 * @category testing
 */
export type Printer<Config, Refs> = (
  value: unknown,
  config: Config,
  indentation: string,
  depth: number,
  refs: Refs,
) => string

/**
 * A snapshot serializer for `expect.addSnapshotSerializer(memorySetSerializer)`
 * (vitest, or Jest's pretty-format plugin interface): sets and areas print
 * as one line per area, `[0x1000, 0x3000) <flags>`, with the flags printed
 * by the test runner's own printer.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest'
 * import { memorySetSerializer } from 'memory-set/testing'
 * expect.addSnapshotSerializer(memorySetSerializer)
 * ```
 * @since 0.2.0
 * @category testing
 */
export const memorySetSerializer = {
  test: (value: unknown): boolean => value instanceof MemorySet || value instanceof MemoryArea,
  // Generic in the runner's config and refs types, which it only passes back to its printer.
  serialize: <Config, Refs>(
    value: unknown,
    config: Config,
    indentation: string,
    depth: number,
    refs: Refs,
    printer: Printer<Config, Refs>,
  ): string => {
    const line = (area: MemoryArea<unknown, unknown>, indent: string): string =>
      `[${hex(area.start)}, ${hex(area.end)}) ${printer(area.flags, config, indent, depth + 1, refs)}`
    if (value instanceof MemoryArea) return `MemoryArea ${line(value, indentation)}`
    const set = value as MemorySet<unknown, unknown>
    if (set.size === 0) return 'MemorySet []'
    const inner = `${indentation}  `
    return `MemorySet [\n${Array.from(set, (area) => `${inner}${line(area, inner)}`).join('\n')}\n${indentation}]`
  },
}
