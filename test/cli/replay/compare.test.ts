import { describe, expect, it } from 'vitest'
import {
  compareWithKernel,
  describeComparison,
  explainedRanges,
  parseMaps,
  restrict,
} from '../../../src/cli/replay/compare.js'
import { spaceOfPid } from '../../../src/cli/replay/timeline.js'
import { FakeSpace } from '../../support/fake-space.js'
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
    expect(describeComparison(c)).toBe(
      [
        `${0x23000} of ${0x25000} explained bytes match (2 differing spans)`,
        '  kernel only: 0x7f0000002000-0x7f0000004000 r--s',
        '  replay only: 0x7f0000002000-0x7f0000004000 rw-s',
      ].join('\n'),
    )
  })
  it('names file-backed spans; spans are compared whole, and bytes wrong on both sides count once', () => {
    const kernel = maps.replace(/r--p 00001000/, 'r-xp 00001000').replace(/^7f0000002000.*$/m, '')
    const c = compareWithKernel(space, kernel, explained)
    expect(c).toEqual({
      explainedBytes: 0x25000,
      matchingBytes: 0x21000,
      onlyKernel: [
        { start: 0x7f0000000000, end: 0x7f0000001000, perms: 'r--p', fileBacked: true },
        { start: 0x7f0000001000, end: 0x7f0000002000, perms: 'r-xp', fileBacked: true },
      ],
      onlyReplay: [
        { start: 0x7f0000000000, end: 0x7f0000002000, perms: 'r--p', fileBacked: true },
        { start: 0x7f0000002000, end: 0x7f0000004000, perms: 'rw-s', fileBacked: false },
      ],
    })
    expect(describeComparison(c)).toBe(
      [
        `${0x21000} of ${0x25000} explained bytes match (4 differing spans)`,
        '  kernel only: 0x7f0000000000-0x7f0000001000 r--p file',
        '  kernel only: 0x7f0000001000-0x7f0000002000 r-xp file',
        '  replay only: 0x7f0000000000-0x7f0000002000 r--p file',
        '  replay only: 0x7f0000002000-0x7f0000004000 rw-s',
      ].join('\n'),
    )
  })
})

it('compareWithKernel: a replayed area with any fd, even 0, is file-backed', () => {
  const mapped = FakeSpace.empty().mmap(0x7f0000000000, 4096, 1, 0x12, 0, 0)
  if (mapped._tag === 'Left') throw new Error('setup')
  const within = [{ start: 0x7f0000000000, end: 0x7f0000001000, perms: '', fileBacked: false }]
  const c = compareWithKernel(mapped.right[0], '7f0000000000-7f0000001000 r--p 00000000 fe:00 12 /a', within)
  expect(c).toEqual({ explainedBytes: 4096, matchingBytes: 4096, onlyKernel: [], onlyReplay: [] })
})

it('parseMaps: unnamed anonymous memory, SysV shared memory, CRLF and indented lines; other lines are skipped', () => {
  const text = [
    '7f0000005000-7f0000006000 rw-p 00000000 00:00 0 ',
    '7f0000006000-7f0000007000 rw-s 00000000 00:01 32770                      /SYSV00000000 (deleted)',
    '7f0000007000-7f0000008000 r-xp 00002000 fe:00 1234                       /usr/bin/x\r',
    '',
    'maps: 7f0000008000-7f0000009000 rw-p 00000000 00:00 0',
    '7f0000009000-7f000000a000 rw-p 00000000 00:00 0 broken\rline',
    '7f000000a000-7f000000b000 rw-p 00000000 00:00 0 [anon:x] trailing',
    '  7f000000b000-7f000000c000 r--p 00000000 00:00 0',
  ].join('\n')
  expect(parseMaps(text)).toEqual([
    { start: 0x7f0000005000, end: 0x7f0000006000, perms: 'rw-p', fileBacked: false },
    { start: 0x7f0000006000, end: 0x7f0000007000, perms: 'rw-s', fileBacked: false },
    { start: 0x7f0000007000, end: 0x7f0000008000, perms: 'r-xp', fileBacked: true },
    { start: 0x7f000000a000, end: 0x7f000000b000, perms: 'rw-p', fileBacked: false },
    { start: 0x7f000000b000, end: 0x7f000000c000, perms: 'r--p', fileBacked: false },
  ])
})

it('restrict: pieces that only touch a range are dropped; neighbours join only with equal perms and file-backedness', () => {
  const span = (start: number, end: number, perms: string, fileBacked: boolean) => ({ start, end, perms, fileBacked })
  const spans = [
    span(0x6000, 0x7000, 'rw-p', false),
    span(0x5000, 0x6000, 'rw-p', false),
    span(0x3000, 0x4000, 'rw-p', false),
    span(0x2000, 0x3000, 'r--p', false),
    span(0x1000, 0x2000, 'r--p', true),
  ]
  const within = [span(0, 0x1000, '', false), span(0x1800, 0x5800, '', false), span(0x5800, 0x8000, '', false)]
  expect(restrict(spans, within)).toEqual([
    span(0x1800, 0x2000, 'r--p', true),
    span(0x2000, 0x3000, 'r--p', false),
    span(0x3000, 0x4000, 'rw-p', false),
    span(0x5000, 0x7000, 'rw-p', false),
  ])
})

describe('explainedRanges', () => {
  const anon = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0'
  const r = replayText(
    [
      'brk(NULL) = 0x555555559000',
      `mmap(NULL, 8192, ${anon}) = 0x7f0000010000`,
      `mmap(NULL, 4096, ${anon}) = 0x7f0000008000`,
      `mmap(0x7f0000010000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000010000`,
      `mmap(NULL, 4096, ${anon}) = -1 ENOMEM (Cannot allocate memory)`,
      'brk(0x555555600000) = -1 ENOMEM (Cannot allocate memory)',
      'munmap(what, 4096) = 0',
      'mremap(0x7f0000008000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f0000020000',
      'brk(0x55555557a000) = 0x55555557a000',
      'brk(0x555555560000) = 0x555555560000',
      `mmap(NULL, 0, ${anon}) = 0x7f0000030000`,
      `mmap(NULL, 4096, ${anon}) = 0x7f0000040000`,
    ].join('\n'),
    { skipBadLines: true },
  )
  const span = (start: number, end: number) => ({ start, end, perms: '', fileBacked: false })

  it('are what successful mmap, mremap and break growth created, up to the step', () => {
    expect(explainedRanges(r, 0, 11)).toEqual([
      span(0x555555559000, 0x55555557a000),
      span(0x7f0000008000, 0x7f0000009000),
      span(0x7f0000010000, 0x7f0000012000),
      span(0x7f0000020000, 0x7f0000022000),
    ])
    expect(explainedRanges(r, 0, 12)).toHaveLength(5)
  })
  it('come only from layout calls, and ranges that touch are one', () => {
    const r = replayText(
      [
        'brk(NULL) = 0x555555559000',
        // An address above the break from a call that is not mmap, mremap or brk creates nothing here.
        'shmat(5, NULL, 0) = 0x7f0000100000',
        `mmap(NULL, 4096, ${anon}) = 0x7f0000010000`,
        `mmap(NULL, 8192, ${anon}) = 0x7f0000011000`,
      ].join('\n'),
    )
    expect(explainedRanges(r, 0, 4)).toEqual([span(0x7f0000010000, 0x7f0000013000)])
  })
  it('are empty for a space the replay does not have', () => {
    expect(explainedRanges(r, 99, 12)).toEqual([])
  })
})

describe('explainedRanges of a forked space', () => {
  const anon = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0'
  const lines = [
    '1  execve("/a", ["a"], 0x1 /* 1 var */) = 0',
    '1  brk(NULL) = 0x555555559000',
    `1  mmap(NULL, 4096, ${anon}) = 0x7f0000001000`,
    '1  fork() = 2',
    `1  mmap(NULL, 4096, ${anon}) = 0x7f0000005000`,
    '2  brk(0x555555569000) = 0x555555569000',
    '1  brk(0x55555557a000) = 0x55555557a000',
    `2  mmap(NULL, 4096, ${anon}) = 0x7f0000009000`,
  ]
  const span = (start: number, end: number) => ({ start, end, perms: '', fileBacked: false })

  it('include what the parent created before the fork, not after, and the growth of the inherited break', () => {
    const r = replayText(lines.join('\n'))
    expect(explainedRanges(r, spaceOfPid(r, 2) ?? -1, 8)).toEqual([
      span(0x555555559000, 0x555555569000),
      span(0x7f0000001000, 0x7f0000002000),
      span(0x7f0000009000, 0x7f000000a000),
    ])
    expect(explainedRanges(r, spaceOfPid(r, 1) ?? -1, 8)).toEqual([
      span(0x555555559000, 0x55555557a000),
      span(0x7f0000001000, 0x7f0000002000),
      span(0x7f0000005000, 0x7f0000006000),
    ])
  })
  it('include everything the parent created when the fork is the last step', () => {
    const r = replayText(lines.slice(0, 4).join('\n'))
    expect(explainedRanges(r, spaceOfPid(r, 2) ?? -1, 4)).toEqual([span(0x7f0000001000, 0x7f0000002000)])
  })
})
