import { expect, it } from 'vitest'
import { callText, stepLine } from '../../../src/cli/render/steps.js'
import { replayText } from '../../support/replay.js'

it('prints a step with its line, entry line, pid, call, outcome and note', () => {
  const r = replayText(
    ['7  munmap(0x7f0000000000, 4096 <unfinished ...>', '8  brk(NULL) = 0x1000', '7  <... munmap resumed>) = 0'].join(
      '\n',
    ),
  )
  const s = r.steps[1]
  if (s === undefined) throw new Error('steps')
  expect(callText(s.call)).toBe('munmap(0x7f0000000000, 4096) = 0')
  expect(stepLine(s)).toBe('#2 line 3 (entered 1) pid 7: munmap(0x7f0000000000, 4096) = 0 [applied]')
})

it('prints the entry line, pid and note only when there are some', () => {
  const lines = [
    'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    'mseal(0x7f0000000000, 4096, 0) = 0',
    'mseal(0x7f0000000000, 4096, 0) = -1 EPERM (Operation not permitted)',
  ]
  expect(replayText(lines.join('\n')).steps.map(stepLine)).toEqual([
    '#1 line 1: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000 [applied]',
    '#2 line 2: mseal(0x7f0000000000, 4096, 0) = 0 [unmodelled: mseal is not modelled]',
    '#3 line 3: mseal(0x7f0000000000, 4096, 0) = -1 EPERM (Operation not permitted) [failed: mseal is not modelled]',
  ])
  expect(replayText(lines.map((l) => `9  ${l}`).join('\n')).steps.map(stepLine)).toEqual([
    '#1 line 1 pid 9: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000 [applied]',
    '#2 line 2 pid 9: mseal(0x7f0000000000, 4096, 0) = 0 [unmodelled: mseal is not modelled]',
    '#3 line 3 pid 9: mseal(0x7f0000000000, 4096, 0) = -1 EPERM (Operation not permitted) [failed: mseal is not modelled]',
  ])
})
