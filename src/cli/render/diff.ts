/**
 * What changed in a space between two points: areas gone and areas new, as
 * `/proc/PID/maps` lines prefixed with `-` and `+`.
 *
 * @packageDocumentation
 */
import type { Replay } from '../replay/engine.js'
import type { ReplaySpace, ReplayVma } from '../replay/space.js'
import { mapsLine, pathOf } from './maps.js'

const key = (v: ReplayVma): string => `${v.start}:${v.end}:${v.perms}:${v.fd}:${v.offset}`

/** The areas only in `before` and only in `after`. */
export const diffSpaces = (
  before: ReplaySpace,
  after: ReplaySpace,
): { readonly removed: readonly ReplayVma[]; readonly added: readonly ReplayVma[] } => {
  const a = before.vmas()
  const b = after.vmas()
  const inA = new Set(a.map(key))
  const inB = new Set(b.map(key))
  return { removed: a.filter((v) => !inB.has(key(v))), added: b.filter((v) => !inA.has(key(v))) }
}

/** The diff as text, in address order; empty when nothing changed. */
export const diffText = (r: Replay, before: ReplaySpace, after: ReplaySpace): string => {
  const { removed, added } = diffSpaces(before, after)
  return (
    [...removed.map((v) => ({ v, sign: '-' })), ...added.map((v) => ({ v, sign: '+' }))]
      // A stable sort: at the same address the removed area stays before the added one.
      .sort((x, y) => x.v.start - y.v.start)
      .map(({ v, sign }) => `${sign} ${mapsLine(v, pathOf(r, v))}`)
      .join('\n')
  )
}
