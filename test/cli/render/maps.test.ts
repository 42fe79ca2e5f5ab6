import { expect, it } from 'vitest'
import { jsonAreas, mapsLine, mapsText } from '../../../src/cli/render/maps.js'
import { replayText } from '../../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3</usr/lib/libc.so.6>, 0x2000) = 0x7f0000000000',
    'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 4, 0) = 0x7f0000004000',
    'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f0000008000',
  ].join('\n'),
)
const space = r.steps[2]?.space
if (space === undefined) throw new Error('no space')

it('prints /proc/PID/maps lines, with the path when -y named it', () => {
  expect(mapsText(r, space).split('\n')).toEqual([
    '7f0000000000-7f0000002000 r--p 00002000 00:00 0                          /usr/lib/libc.so.6',
    '7f0000004000-7f0000005000 r--p 00000000 00:00 0                          fd 4',
    '7f0000008000-7f0000009000 rw-s 00000000 00:00 0',
  ])
})

it('pads addresses to 8 hex digits as the kernel does', () => {
  expect(
    mapsLine({ start: 0x1000, end: 0x2000, prot: 1, shared: false, fd: -1, offset: 0, perms: 'r--p' }, undefined),
  ).toBe('00001000-00002000 r--p 00000000 00:00 0')
})

it('prints the contract JSON objects', () => {
  expect(jsonAreas(r, space)).toEqual([
    {
      start: 0x7f0000000000,
      end: 0x7f0000002000,
      perms: 'r--p',
      file_backed: true,
      offset: 0x2000,
      path: '/usr/lib/libc.so.6',
    },
    { start: 0x7f0000004000, end: 0x7f0000005000, perms: 'r--p', file_backed: true, offset: 0 },
    { start: 0x7f0000008000, end: 0x7f0000009000, perms: 'rw-s', file_backed: false, offset: 0 },
  ])
})
