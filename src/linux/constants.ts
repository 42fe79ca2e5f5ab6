/**
 * Linux x86-64 values of the memory system calls' flags.
 *
 * @packageDocumentation
 */

/**
 * Page cannot be accessed.
 *
 * @example
 * ```ts
 * import { PROT_NONE } from 'memory-set/linux'
 * PROT_NONE // 0
 * ```
 * @since 0.2.0
 * @category constants
 */
export const PROT_NONE = 0x0
/**
 * Page can be read.
 *
 * @example
 * ```ts
 * import { PROT_READ, PROT_WRITE } from 'memory-set/linux'
 * PROT_READ | PROT_WRITE // 3
 * ```
 * @since 0.2.0
 * @category constants
 */
export const PROT_READ = 0x1
/**
 * Page can be written.
 *
 * @example
 * ```ts
 * import { PROT_WRITE } from 'memory-set/linux'
 * PROT_WRITE // 2
 * ```
 * @since 0.2.0
 * @category constants
 */
export const PROT_WRITE = 0x2
/**
 * Page can be executed.
 *
 * @example
 * ```ts
 * import { PROT_EXEC } from 'memory-set/linux'
 * PROT_EXEC // 4
 * ```
 * @since 0.2.0
 * @category constants
 */
export const PROT_EXEC = 0x4
/**
 * `mprotect` only: extend the change down to the start of a grows-down mapping.
 *
 * @example
 * ```ts
 * import { PROT_GROWSDOWN } from 'memory-set/linux'
 * PROT_GROWSDOWN // 0x01000000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const PROT_GROWSDOWN = 0x01000000
/**
 * `mprotect` only: extend the change up to the end of a grows-up mapping (none exist on x86-64).
 *
 * @example
 * ```ts
 * import { PROT_GROWSUP } from 'memory-set/linux'
 * PROT_GROWSUP // 0x02000000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const PROT_GROWSUP = 0x02000000

/**
 * Share changes with every other mapping of the object.
 *
 * @example
 * ```ts
 * import { MAP_SHARED } from 'memory-set/linux'
 * MAP_SHARED // 1
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_SHARED = 0x01
/**
 * Changes are private (copy on write).
 *
 * @example
 * ```ts
 * import { MAP_PRIVATE } from 'memory-set/linux'
 * MAP_PRIVATE // 2
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_PRIVATE = 0x02
/**
 * `MAP_SHARED` that refuses unknown flags (`EOPNOTSUPP`) instead of ignoring them.
 *
 * @example
 * ```ts
 * import { MAP_SHARED_VALIDATE } from 'memory-set/linux'
 * MAP_SHARED_VALIDATE // 3
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_SHARED_VALIDATE = 0x03
/**
 * The mask of the mapping type (`MAP_SHARED`, `MAP_PRIVATE`, ...).
 *
 * @example
 * ```ts
 * import { MAP_TYPE, MAP_PRIVATE } from 'memory-set/linux'
 * (MAP_PRIVATE | 0x20) & MAP_TYPE // 2
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_TYPE = 0x0f
/**
 * Place the mapping exactly at `addr`, replacing what was there.
 *
 * @example
 * ```ts
 * import { MAP_FIXED } from 'memory-set/linux'
 * MAP_FIXED // 0x10
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_FIXED = 0x10
/**
 * Not backed by a file: `fd` and (for the mapping's contents) `offset` are ignored.
 *
 * @example
 * ```ts
 * import { MAP_ANONYMOUS } from 'memory-set/linux'
 * MAP_ANONYMOUS // 0x20
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_ANONYMOUS = 0x20
/**
 * A stack-like mapping that grows down (refused for files).
 *
 * @example
 * ```ts
 * import { MAP_GROWSDOWN } from 'memory-set/linux'
 * MAP_GROWSDOWN // 0x100
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_GROWSDOWN = 0x0100
/**
 * Lock the pages in memory (`VM_LOCKED`).
 *
 * @example
 * ```ts
 * import { MAP_LOCKED } from 'memory-set/linux'
 * MAP_LOCKED // 0x2000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_LOCKED = 0x2000
/**
 * Do not reserve swap space: the mapping is not accounted (no `VM_ACCOUNT`).
 *
 * @example
 * ```ts
 * import { MAP_NORESERVE } from 'memory-set/linux'
 * MAP_NORESERVE // 0x4000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_NORESERVE = 0x4000
/**
 * Prefault the pages (no effect on the layout).
 *
 * @example
 * ```ts
 * import { MAP_POPULATE } from 'memory-set/linux'
 * MAP_POPULATE // 0x8000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_POPULATE = 0x8000
/**
 * A thread stack: Linux marks it `VM_NOHUGEPAGE`.
 *
 * @example
 * ```ts
 * import { MAP_STACK } from 'memory-set/linux'
 * MAP_STACK // 0x20000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_STACK = 0x20000
/**
 * Like `MAP_FIXED`, but fail with `EEXIST` instead of replacing a mapping.
 *
 * @example
 * ```ts
 * import { MAP_FIXED_NOREPLACE } from 'memory-set/linux'
 * MAP_FIXED_NOREPLACE // 0x100000
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MAP_FIXED_NOREPLACE = 0x100000

/**
 * `mremap`: the mapping may move if it cannot be resized in place.
 *
 * @example
 * ```ts
 * import { MREMAP_MAYMOVE } from 'memory-set/linux'
 * MREMAP_MAYMOVE // 1
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MREMAP_MAYMOVE = 1
/**
 * `mremap`: move to `newAddr` exactly, unmapping what is there (needs `MREMAP_MAYMOVE`).
 *
 * @example
 * ```ts
 * import { MREMAP_FIXED } from 'memory-set/linux'
 * MREMAP_FIXED // 2
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MREMAP_FIXED = 2
/**
 * `mremap`: move the pages but leave the source range mapped.
 *
 * @example
 * ```ts
 * import { MREMAP_DONTUNMAP } from 'memory-set/linux'
 * MREMAP_DONTUNMAP // 4
 * ```
 * @since 0.2.0
 * @category constants
 */
export const MREMAP_DONTUNMAP = 4
