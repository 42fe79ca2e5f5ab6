import { expect, it } from 'vitest'
import { jsonAreas, mapsLine, mapsText, pathOf } from '../../../src/cli/render/maps.js'
import type { ReplaySpace, ReplayVma } from '../../../src/cli/replay/space.js'
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
  expect(jsonAreas(r, space)).toStrictEqual([
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

it('puts one space before the path when not padded', () => {
  expect(mapsText(r, space, false)).toBe(
    [
      '7f0000000000-7f0000002000 r--p 00002000 00:00 0 /usr/lib/libc.so.6',
      '7f0000004000-7f0000005000 r--p 00000000 00:00 0 fd 4',
      '7f0000008000-7f0000009000 rw-s 00000000 00:00 0',
    ].join('\n'),
  )
  const v = space.vmas()[0]
  if (v === undefined) throw new Error('no area')
  expect([mapsLine(v, 'x'), mapsLine(v, 'x', true), mapsLine(v, 'x', false)]).toEqual([
    '7f0000000000-7f0000002000 r--p 00002000 00:00 0                          x',
    '7f0000000000-7f0000002000 r--p 00002000 00:00 0                          x',
    '7f0000000000-7f0000002000 r--p 00002000 00:00 0 x',
  ])
})

// Areas a space may list that the replay's files do not explain: an anonymous area the
// space names ('[heap]') or names with '' (no name), and fds the replay never declared
// (0 is a file descriptor like any other).
const area = (start: number, fd: number, more: Partial<ReplayVma> = {}): ReplayVma => ({
  start,
  end: start + 0x1000,
  prot: 1,
  shared: false,
  fd,
  offset: 0,
  perms: 'r--p',
  ...more,
})
const odd = [
  area(0x1000, -1, { path: '[heap]' }),
  area(0x3000, -1, { path: '' }),
  area(0x5000, -1),
  area(0x7000, 0, { offset: 0x3000 }),
  area(0x9000, 5),
]
// Only vmas() is read by the renderers.
const listing = { vmas: () => odd } as unknown as ReplaySpace

it('names an anonymous area as the space does, and an undeclared fd by its number', () => {
  expect(odd.map((v) => pathOf(r, v))).toStrictEqual(['[heap]', undefined, undefined, 'fd 0', 'fd 5'])
  expect(mapsText(r, listing)).toBe(
    [
      '00001000-00002000 r--p 00000000 00:00 0                                  [heap]',
      '00003000-00004000 r--p 00000000 00:00 0',
      '00005000-00006000 r--p 00000000 00:00 0',
      '00007000-00008000 r--p 00003000 00:00 0                                  fd 0',
      '00009000-0000a000 r--p 00000000 00:00 0                                  fd 5',
    ].join('\n'),
  )
  expect(jsonAreas(r, listing)).toStrictEqual([
    { start: 0x1000, end: 0x2000, perms: 'r--p', file_backed: false, offset: 0, path: '[heap]' },
    { start: 0x3000, end: 0x4000, perms: 'r--p', file_backed: false, offset: 0 },
    { start: 0x5000, end: 0x6000, perms: 'r--p', file_backed: false, offset: 0 },
    { start: 0x7000, end: 0x8000, perms: 'r--p', file_backed: true, offset: 0x3000 },
    { start: 0x9000, end: 0xa000, perms: 'r--p', file_backed: true, offset: 0 },
  ])
})
