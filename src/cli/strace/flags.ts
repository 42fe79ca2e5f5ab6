/**
 * Symbolic flag sets as strace prints them (`PROT_READ|PROT_WRITE`,
 * `MAP_PRIVATE|MAP_ANONYMOUS|0x40000`), with their Linux x86-64 values.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseNumber } from './numbers.js'

/** Name to value, for one family of flags. */
export type FlagTable = Readonly<Record<string, number>>

/** `prot` of mmap, mprotect and pkey_mprotect. */
export const protFlags: FlagTable = {
  PROT_NONE: 0,
  PROT_READ: 0x1,
  PROT_WRITE: 0x2,
  PROT_EXEC: 0x4,
  PROT_SEM: 0x8,
  PROT_GROWSDOWN: 0x01000000,
  PROT_GROWSUP: 0x02000000,
}

/** `flags` of mmap. */
export const mapFlags: FlagTable = {
  MAP_FILE: 0,
  MAP_SHARED: 0x1,
  MAP_PRIVATE: 0x2,
  MAP_SHARED_VALIDATE: 0x3,
  MAP_FIXED: 0x10,
  MAP_ANONYMOUS: 0x20,
  MAP_32BIT: 0x40,
  MAP_GROWSDOWN: 0x100,
  MAP_DENYWRITE: 0x800,
  MAP_EXECUTABLE: 0x1000,
  MAP_LOCKED: 0x2000,
  MAP_NORESERVE: 0x4000,
  MAP_POPULATE: 0x8000,
  MAP_NONBLOCK: 0x10000,
  MAP_STACK: 0x20000,
  MAP_HUGETLB: 0x40000,
  MAP_SYNC: 0x80000,
  MAP_FIXED_NOREPLACE: 0x100000,
  MAP_UNINITIALIZED: 0x4000000,
  // Huge page sizes are log2(size) << 26 (MAP_HUGE_SHIFT).
  MAP_HUGE_64KB: 16 << 26,
  MAP_HUGE_512KB: 19 << 26,
  MAP_HUGE_1MB: 20 << 26,
  MAP_HUGE_2MB: 21 << 26,
  MAP_HUGE_8MB: 23 << 26,
  MAP_HUGE_16MB: 24 << 26,
  MAP_HUGE_32MB: 25 << 26,
  MAP_HUGE_256MB: 28 << 26,
  MAP_HUGE_512MB: 29 << 26,
  MAP_HUGE_1GB: 30 << 26,
  MAP_HUGE_2GB: 31 << 26,
}

/** `flags` of mremap. */
export const mremapFlags: FlagTable = { MREMAP_MAYMOVE: 0x1, MREMAP_FIXED: 0x2, MREMAP_DONTUNMAP: 0x4 }

/**
 * The value of `text` (names from `table` and numbers joined by `|`), or a
 * message naming the first part that is neither.
 */
export const parseFlags = (text: string, table: FlagTable): E.Either<string, number> => {
  let value = 0
  for (const raw of text.split('|')) {
    const part = raw.trim()
    const known = table[part]
    const n = known ?? parseNumber(part)
    if (n === undefined) return E.left(`unknown flag ${JSON.stringify(part)} in ${JSON.stringify(text)}`)
    // Bitwise `|` would truncate to 32 bits; the tables' values are disjoint
    // bits (or 0), so addition of not-yet-set bits is the same union.
    value = orBits(value, n)
  }
  return E.right(value)
}

const orBits = (a: number, b: number): number => Number(BigInt(a) | BigInt(b))

/** Whether the symbolic flag `name` is among the `|`-separated parts of `text`. */
export const hasFlag = (text: string, name: string): boolean => text.split('|').some((p) => p.trim() === name)
