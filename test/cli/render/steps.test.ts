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
