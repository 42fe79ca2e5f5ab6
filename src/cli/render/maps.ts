/**
 * `/proc/PID/maps` text and the contract's JSON for a replayed space.
 *
 * @packageDocumentation
 */
import type { Replay } from '../replay/engine.js'
import type { ReplaySpace, ReplayVma } from '../replay/space.js'

/** The contract's JSON object for one area (plus `path` when known). */
export interface JsonArea {
  readonly start: number
  readonly end: number
  readonly perms: string
  readonly file_backed: boolean
  readonly offset: number
  readonly path?: string
}

/** The path of the file behind `vma` when the trace named it (`fd N` when not), or the space's name for it (`[heap]`). */
export const pathOf = (r: Replay, vma: ReplayVma): string | undefined =>
  vma.fd < 0
    ? vma.path === ''
      ? undefined
      : vma.path
    : (r.files.get(vma.fd)?.path ?? `fd ${r.files.get(vma.fd)?.fd ?? vma.fd}`)

/** The areas as `/proc/PID/maps` lines (device and inode are not traced: `00:00 0`). */
export const mapsText = (r: Replay, space: ReplaySpace, padded = true): string =>
  space
    .vmas()
    .map((v) => mapsLine(v, pathOf(r, v), padded))
    .join('\n')

/** One `/proc/PID/maps` line; `padded: false` puts one space before the path instead of aligning it. */
export const mapsLine = (v: ReplayVma, path: string | undefined, padded = true): string => {
  const head = `${v.start.toString(16).padStart(8, '0')}-${v.end.toString(16).padStart(8, '0')} ${v.perms} ${v.offset
    .toString(16)
    .padStart(8, '0')} 00:00 0`
  return path === undefined ? head : padded ? `${head.padEnd(73)}${path}` : `${head} ${path}`
}

/** The areas as the contract's JSON objects. */
export const jsonAreas = (r: Replay, space: ReplaySpace): readonly JsonArea[] =>
  space.vmas().map((v) => {
    const path = v.fd < 0 ? pathOf(r, v) : r.files.get(v.fd)?.path
    return {
      start: v.start,
      end: v.end,
      perms: v.perms,
      file_backed: v.fd >= 0,
      offset: v.offset,
      ...(path === undefined ? {} : { path }),
    }
  })
