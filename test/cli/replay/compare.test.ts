import { describe, expect, it } from 'vitest'
import {
  compareWithKernel,
  describeComparison,
  explainedRanges,
  parseMaps,
  restrict,
} from '../../../src/cli/replay/compare.js'
import { replayText } from '../../support/replay.js'

const maps = [
  '555555559000-55555557a000 rw-p 00000000 00:00 0                          [heap]',
  '7f0000000000-7f0000001000 r--p 00000000 fe:00 339380                     /usr/lib/libc.so.6',
  '7f0000001000-7f0000002000 r--p 00001000 fe:00 339380                     /usr/lib/libc.so.6',
  '7f0000002000-7f0000004000 rw-s 00000000 00:01 24                         /dev/zero (deleted)',
  '7ffddf9f5000-7ffddfa16000 rw-p 00000000 00:00 0                          [stack]',
].join('\n')

it('parseMaps reads /proc/PID/maps; shared anonymous memory is not file-backed', () => {
  expect(parseMaps(maps)).toEqual([
    { start: 0x555555559000, end: 0x55555557a000, perms: 'rw-p', fileBacked: false },
    { start: 0x7f0000000000, end: 0x7f0000001000, perms: 'r--p', fileBacked: true },
    { start: 0x7f0000001000, end: 0x7f0000002000, perms: 'r--p', fileBacked: true },
    { start: 0x7f0000002000, end: 0x7f0000004000, perms: 'rw-s', fileBacked: false },
    { start: 0x7ffddf9f5000, end: 0x7ffddfa16000, perms: 'rw-p', fileBacked: false },
  ])
})

it('restrict cuts to the explained ranges and joins equal neighbours', () => {
  const within = [{ start: 0x7f0000000800, end: 0x7f0000003000, perms: '', fileBacked: false }]
  expect(restrict(parseMaps(maps), within)).toEqual([
    { start: 0x7f0000000800, end: 0x7f0000002000, perms: 'r--p', fileBacked: true },
    { start: 0x7f0000002000, end: 0x7f0000003000, perms: 'rw-s', fileBacked: false },
  ])
})

describe('compareWithKernel', () => {
  const trace = [
    'brk(NULL) = 0x555555559000',
    'brk(0x55555557a000) = 0x55555557a000',
    'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3</usr/lib/libc.so.6>, 0) = 0x7f0000000000',
    'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f0000002000',
  ].join('\n')
  const r = replayText(trace)
  const explained = explainedRanges(r, 0, r.steps.length)
  const space = r.steps[r.steps.length - 1]?.space
  if (space === undefined) throw new Error('no steps')

  it('the explained ranges are what the calls created (the stack is not scored)', () => {
    expect(explained.map((s) => [s.start, s.end])).toEqual([
      [0x555555559000, 0x55555557a000],
      [0x7f0000000000, 0x7f0000004000],
    ])
  })
  it('matches the kernel on them', () => {
    const c = compareWithKernel(space, maps, explained)
    expect(c).toMatchObject({
      explainedBytes: 0x21000 + 0x4000,
      matchingBytes: 0x21000 + 0x4000,
      onlyKernel: [],
      onlyReplay: [],
    })
    expect(describeComparison(c)).toBe(`${0x25000} of ${0x25000} explained bytes match`)
  })
  it('finds a difference in permissions and names it', () => {
    const c = compareWithKernel(space, maps.replace('rw-s', 'r--s'), explained)
    expect(c.matchingBytes).toBe(0x21000 + 0x2000)
    expect(describeComparison(c)).toContain('kernel only: 0x7f0000002000-0x7f0000004000 r--s')
    expect(describeComparison(c)).toContain('replay only: 0x7f0000002000-0x7f0000004000 rw-s')
  })
})
