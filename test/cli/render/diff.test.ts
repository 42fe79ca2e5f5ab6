import { expect, it } from 'vitest'
import { diffSpaces, diffText } from '../../../src/cli/render/diff.js'
import { replayText } from '../../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    'mprotect(0x7f0000001000, 4096, PROT_READ) = 0',
  ].join('\n'),
)
const [a, b] = [r.steps[0]?.space, r.steps[1]?.space]
if (a === undefined || b === undefined) throw new Error('steps')

it('lists the areas removed and added, in address order', () => {
  expect(
    diffText(r, a, b)
      .split('\n')
      .map((l) => l.slice(0, 33)),
  ).toEqual([
    '- 7f0000000000-7f0000004000 rw-p ',
    '+ 7f0000000000-7f0000001000 rw-p ',
    '+ 7f0000001000-7f0000002000 r--p ',
    '+ 7f0000002000-7f0000004000 rw-p ',
  ])
})

it('is empty between equal states', () => {
  expect(diffText(r, b, b)).toBe('')
  expect(diffSpaces(a, a)).toEqual({ removed: [], added: [] })
})

it('prints whole lines in address order, an added area before a removed one above it', () => {
  const moved = replayText(
    [
      'mmap(0x7f0000010000, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED, 3</usr/lib/libc.so.6>, 0) = 0x7f0000010000',
      'munmap(0x7f0000010000, 4096) = 0',
      'mmap(0x7f0000000000, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000',
      'mprotect(0x7f0000000000, 4096, PROT_READ) = 0',
    ].join('\n'),
  )
  const [first, , third, fourth] = moved.steps.map((s) => s.space)
  if (first === undefined || third === undefined || fourth === undefined) throw new Error('steps')
  expect(diffText(moved, first, fourth)).toBe(
    [
      '+ 7f0000000000-7f0000001000 r--p 00000000 00:00 0',
      '+ 7f0000001000-7f0000002000 rw-p 00000000 00:00 0',
      '- 7f0000010000-7f0000011000 r--p 00000000 00:00 0                          /usr/lib/libc.so.6',
    ].join('\n'),
  )
  expect(diffText(moved, fourth, first)).toBe(
    [
      '- 7f0000000000-7f0000001000 r--p 00000000 00:00 0',
      '- 7f0000001000-7f0000002000 rw-p 00000000 00:00 0',
      '+ 7f0000010000-7f0000011000 r--p 00000000 00:00 0                          /usr/lib/libc.so.6',
    ].join('\n'),
  )
  expect(diffText(moved, third, fourth)).toBe(
    [
      '- 7f0000000000-7f0000002000 rw-p 00000000 00:00 0',
      '+ 7f0000000000-7f0000001000 r--p 00000000 00:00 0',
      '+ 7f0000001000-7f0000002000 rw-p 00000000 00:00 0',
    ].join('\n'),
  )
})
