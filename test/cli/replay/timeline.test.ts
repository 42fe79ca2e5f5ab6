import { expect, it } from 'vitest'
import { defaultSpace, spaceOfPid, stateAt, stepAtLine, stepsOf } from '../../../src/cli/replay/timeline.js'
import { replayText } from '../../support/replay.js'

const r = replayText(
  [
    '1  execve("/a", ["a"], 0x1 /* 1 var */) = 0',
    '1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000',
    '',
    '1  fork() = 2',
    '2  munmap(0x7f0000001000, 4096) = 0',
    '1  munmap(0x7f0000001000, 4096) = 0',
  ].join('\n'),
)

it('every step keeps its version: any state is available afterwards', () => {
  const parent = spaceOfPid(r, 1) ?? -1
  expect(stateAt(r, parent, 2)?.vmas()).toHaveLength(1)
  expect(stateAt(r, parent, 5)?.vmas()).toHaveLength(0)
  expect(stateAt(r, parent, 0)).toBe(r.spaces[parent]?.initial)
  expect(stateAt(r, 99, 1)).toBeUndefined()
})

it('stepAtLine counts the steps completed by a line', () => {
  expect([0, 1, 2, 3, 4, 6, 100].map((l) => stepAtLine(r, l))).toEqual([0, 1, 2, 2, 3, 5, 5])
})

it('spaceOfPid follows a pid through execve and fork; defaultSpace is the first pid’s', () => {
  expect(spaceOfPid(r, 1, 0)).toBeUndefined()
  expect(spaceOfPid(r, 1, 1)).toBe(1)
  expect(spaceOfPid(r, 1)).toBe(1)
  expect(spaceOfPid(r, 2)).toBe(2)
  expect(spaceOfPid(r, 3)).toBeUndefined()
  expect(defaultSpace(r)).toBe(1)
  expect(stepsOf(r, 2).map((s) => s.call.line)).toEqual([5])
})

it('spaceOfPid counts an assignment from its line on; a step past the end is the last', () => {
  expect([0, 1, 2, 3, 4, 5, 100].map((step) => spaceOfPid(r, 2, step))).toEqual([
    undefined,
    undefined,
    undefined,
    2,
    2,
    2,
    2,
  ])
  expect([0, 1, 5, 100].map((step) => defaultSpace(r, step))).toEqual([undefined, 1, 1, 1])
})

it('stateAt skips other spaces’ steps and finds the very first step', () => {
  const parent = spaceOfPid(r, 1) ?? -1
  expect(stateAt(r, parent, 4)).toBe(r.steps[1]?.space)
  const one = replayText('mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000')
  expect(stateAt(one, 0, 1)).toBe(one.steps[0]?.space)
  expect(stateAt(one, 0, 0)).toBe(one.spaces[0]?.initial)
})

it('a replay of no calls has no default space', () => {
  const none = replayText('+++ exited with 0 +++')
  expect([defaultSpace(none), spaceOfPid(none, 1), stepAtLine(none, 1), stateAt(none, 0, 0)]).toEqual([
    undefined,
    undefined,
    0,
    undefined,
  ])
})
