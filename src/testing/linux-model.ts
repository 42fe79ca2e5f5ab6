/**
 * Linux's semantics (`memory-set/linux`) as a reference model for
 * `checkImplementation`.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import {
  AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_PRIVATE,
  isErrno,
  type AddressSpaceOptions,
  type Errno,
} from '../linux/index.js'
import type { SystemAdapter } from './system.js'

/**
 * Options of {@link linuxModel}.
 *
 * @since 0.2.0
 * @category testing
 */
export interface LinuxModelOptions {
  /**
   * What `map` is: `mmap(start, size, prot, MAP_PRIVATE | MAP_ANONYMOUS |
   * MAP_FIXED_NOREPLACE)` (`'fails'` on overlap with `EEXIST`, the default)
   * or with `MAP_FIXED` (`'replaces'`).
   */
  readonly mapOverlap?: 'fails' | 'replaces'
  /** Options of the empty address space (page size, `mmapMinAddr`, ...). */
  readonly space?: AddressSpaceOptions
}

/**
 * Linux 6.18's `mmap` / `munmap` / `mprotect` on private anonymous memory as
 * a {@link SystemAdapter} over `AddressSpace`, for
 * {@link checkImplementation}: flags are `PROT_*` bits, failures are
 * `Errno` values (compare codes with `sameError`), and a failed `mprotect`
 * leaves the layout Linux leaves (it stops at the first hole with `ENOMEM`,
 * keeping what it changed). Unlike the seed model, `protect` over a hole
 * fails, and sizes are rounded up to pages.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { checkImplementation, linuxModel } from 'memory-set/testing'
 * // Linux's model checked against itself always agrees:
 * checkImplementation({ system: linuxModel(), reference: linuxModel(), flags: fc.nat(7) }, { numRuns: 10 })
 * ```
 * @since 0.2.0
 * @category testing
 */
export const linuxModel = (options: LinuxModelOptions = {}): SystemAdapter<number, AddressSpace> => {
  const flags = MAP_PRIVATE | MAP_ANONYMOUS | (options.mapOverlap === 'replaces' ? MAP_FIXED : MAP_FIXED_NOREPLACE)
  return {
    create: () => AddressSpace.empty(options.space),
    map: (space, start, size, prot) =>
      E.map(([next]: readonly [AddressSpace, number]) => next)(space.mmap(start, size, prot, flags)),
    unmap: (space, start, size) => space.munmap(start, size),
    protect: (space, start, size, prot) => space.mprotect(start, size, prot),
    lookup: (space, addr) => O.fromNullable(space.vmas().find((vma) => vma.start <= addr && addr < vma.end)?.prot),
    afterFailure: (space, error) => (isErrno(error) ? ((error as Errno).kernelState ?? space) : space),
  }
}
