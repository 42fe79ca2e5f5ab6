// Replaying trace text in tests, on the fake address space.
import * as E from 'fp-ts/lib/Either.js'
import { replay, type Replay, type ReplayOptions } from '../../src/cli/replay/engine.js'
import { parseTrace } from '../../src/cli/strace/trace.js'
import { FakeSpace } from './fake-space.js'

/** Parses and replays `text`, failing the test on a trace error. */
export const replayText = (text: string, options: Partial<ReplayOptions> = {}): Replay => {
  const trace = parseTrace(text)
  if (E.isLeft(trace)) throw new Error(`trace error at line ${trace.left.line}: ${trace.left.message}`)
  const r = replay(trace.right, { emptySpace: (o) => FakeSpace.empty(o), ...options })
  if (E.isLeft(r)) throw new Error(`replay error at line ${r.left.line}: ${r.left.message}`)
  return r.right
}

/** The last state's areas as `start-end perms` strings (hex). */
export const areasOf = (r: Replay, spaceId = 0): string[] => {
  const last = [...r.steps].reverse().find((s) => s.spaceId === spaceId)?.space ?? r.spaces[spaceId]?.initial
  return (last?.vmas() ?? []).map((v) => `${v.start.toString(16)}-${v.end.toString(16)} ${v.perms}`)
}
