/**
 * `/proc/PID/maps`-style printing of a set, with a user-supplied flags formatter.
 *
 * @packageDocumentation
 */
import type { Addr } from './address.js'

/**
 * The columns of one `/proc/PID/maps` line that come from an area's flags.
 *
 * @since 0.2.0
 * @category debugging
 */
export interface MapsColumns {
  /** Four characters, like `"rw-p"` ({@link perms} builds them). */
  readonly perms: string
  /** File offset in bytes (default 0), printed in hex. */
  readonly offset?: number
  /** `"major:minor"` (default `"00:00"`). */
  readonly device?: string
  /** Inode number (default 0). */
  readonly inode?: number
  /** The last column: a file path, `[heap]`, `[stack]`, a name... (default none). */
  readonly path?: string
}

/** Where the path column starts: Linux pads the line to 73 characters on 64-bit machines. */
const PATH_COLUMN = 73

const hexColumn = (value: number, width: number): string => value.toString(16).padStart(width, '0')

/**
 * The areas as `/proc/PID/maps` text, one line per area, exactly in the
 * kernel's layout (addresses as at least 8 hex digits, offset as 8, the
 * path padded to column 74; a line without a path ends with a space, as
 * Linux prints it). `formatFlags` gives each area's columns from its flags.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { MemoryArea, MemorySet, formatMaps, noopBackend, perms } from 'memory-set'
 * type Flags = { readonly prot: 'r' | 'rw'; readonly name?: string }
 * const backend = noopBackend<Flags>()
 * const set = MemorySet.fromAreas([new MemoryArea(0x400000, 0x1000, { prot: 'r', name: '/bin/app' }, backend)])
 * const text = E.map((s: MemorySet<Flags, null>) =>
 *   formatMaps(s, (f) => ({ perms: perms({ read: true, write: f.prot === 'rw' }), ...(f.name === undefined ? {} : { path: f.name }) })),
 * )(set)
 * // Right('00400000-00401000 r--p 00000000 00:00 0                          /bin/app\n')
 * ```
 * @since 0.2.0
 * @category debugging
 */
export const formatMaps = <F>(
  areas: Iterable<{ readonly start: Addr; readonly end: Addr; readonly flags: F }>,
  formatFlags: (flags: F) => MapsColumns,
): string => {
  let text = ''
  for (const area of areas) {
    const c = formatFlags(area.flags)
    const head = `${hexColumn(area.start, 8)}-${hexColumn(area.end, 8)} ${c.perms} ${hexColumn(c.offset ?? 0, 8)} ${c.device ?? '00:00'} ${c.inode ?? 0} `
    text += c.path === undefined ? `${head}\n` : `${head.padEnd(PATH_COLUMN)}${c.path}\n`
  }
  return text
}

/**
 * Permission bits as `/proc/PID/maps` shows them: `r`, `w`, `x` or `-`, then
 * `s` (shared) or `p` (private, the default).
 *
 * @example
 * ```ts
 * import { perms } from 'memory-set'
 * perms({ read: true, execute: true }) // 'r-xp'
 * perms({ read: true, write: true, shared: true }) // 'rw-s'
 * ```
 * @since 0.2.0
 * @category debugging
 */
export const perms = (bits: {
  readonly read?: boolean
  readonly write?: boolean
  readonly execute?: boolean
  readonly shared?: boolean
}): string =>
  `${bits.read === true ? 'r' : '-'}${bits.write === true ? 'w' : '-'}${bits.execute === true ? 'x' : '-'}${bits.shared === true ? 's' : 'p'}`
