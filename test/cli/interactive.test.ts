import { expect, it } from 'vitest'
import { command, screen } from '../../src/cli/interactive.js'
import { replayText } from '../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    '',
    'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    'munmap(0x7f0000000000, 4096) = 0',
  ].join('\n'),
)
const steps = r.steps

it('moves next, previous, to a step, to a line, and searches', () => {
  expect(command(r, steps, -1, 'n')).toEqual({ position: 0 })
  expect(command(r, steps, 0, '')).toEqual({ position: 1 })
  expect(command(r, steps, 2, 'n')).toEqual({ position: 2, message: 'at the last step' })
  expect(command(r, steps, 1, 'p')).toEqual({ position: 0 })
  expect(command(r, steps, -1, 'p')).toEqual({ position: -1, message: 'at the start' })
  expect(command(r, steps, 0, 'g 3')).toEqual({ position: 2 })
  expect(command(r, steps, 0, 'l 3')).toEqual({ position: 1 })
  expect(command(r, steps, 0, 'l 2')).toEqual({ position: 0 })
  expect(command(r, steps, -1, '/munmap')).toEqual({ position: 2 })
  expect(command(r, steps, 2, '/mmap')).toMatchObject({ position: 2, message: expect.stringContaining('not found') })
  expect(command(r, steps, 0, 'q')).toMatchObject({ quit: true })
  expect(command(r, steps, 0, 'what')).toMatchObject({ position: 0, message: expect.stringContaining('commands') })
})

it('shows the step, what it changed and the map', () => {
  const text = screen(r, steps, 2, 0)
  expect(text.split('\n')[0]).toBe('#3 line 4: munmap(0x7f0000000000, 4096) = 0 [applied]')
  expect(text).toContain('- 7f0000000000-7f0000001000 r--p')
  expect(text).toContain('--- map ---\n7f0000010000-7f0000011000 rw-p')
  expect(screen(r, steps, -1, 0).split('\n')[0]).toBe('start of the address space')
})
