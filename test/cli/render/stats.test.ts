import { fc, test } from '@fast-check/vitest'
import { expect, it } from 'vitest'
import { syntheticTrace } from '../../../src/cli/synthetic-trace.js'
import { AddressSpace } from '../../../src/linux/index.js'
import { bytes, computeStats, statsText } from '../../../src/cli/render/stats.js'
import { replayText } from '../../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    'munmap(0x7f0000000000, 16384) = 0',
    'madvise(0x7f0000010000, 4096, MADV_DONTNEED) = 0',
  ].join('\n'),
)

it('counts areas, bytes, the peak and calls', () => {
  const last = r.steps[3]?.space
  if (last === undefined) throw new Error('steps')
  const s = computeStats(r, 0, 4, last)
  expect(s).toMatchObject({ areas: 1, mappedBytes: 8192, peakBytes: 24576, peakLine: 2, spaces: 1, warnings: 0 })
  expect(Object.fromEntries(s.calls)).toEqual({ mmap: 2, munmap: 1, madvise: 1 })
  expect(statsText(s)).toContain('peak: 24576 bytes (24 KiB) after line 2')
  expect(statsText(s)).toContain('calls: mmap 2, madvise 1, munmap 1')
})

it('prints every figure', () => {
  const last = r.steps[3]?.space
  if (last === undefined) throw new Error('steps')
  expect(statsText(computeStats(r, 0, 4, last))).toBe(
    [
      'areas: 1',
      'mapped: 8192 bytes (8.0 KiB)',
      'peak: 24576 bytes (24 KiB) after line 2',
      'calls: mmap 2, madvise 1, munmap 1',
      'outcomes: applied 2, event 1, placed 1',
      'address spaces in the trace: 1',
      'warnings: 0',
    ].join('\n'),
  )
})

it('counts only the steps before `step`', () => {
  const second = r.steps[1]?.space
  if (second === undefined) throw new Error('steps')
  expect(statsText(computeStats(r, 0, 2, second))).toBe(
    [
      'areas: 2',
      'mapped: 24576 bytes (24 KiB)',
      'peak: 24576 bytes (24 KiB) after line 2',
      'calls: mmap 2',
      'outcomes: applied 1, placed 1',
      'address spaces in the trace: 1',
      'warnings: 0',
    ].join('\n'),
  )
})

it('prints none and no peak line before the first call, and for a space the trace does not have', () => {
  const last = r.steps[3]?.space
  if (last === undefined) throw new Error('steps')
  const empty = [
    'areas: 0',
    'mapped: 0 bytes (0 B)',
    'peak: 0 bytes (0 B)',
    'calls: none',
    'outcomes: none',
    'address spaces in the trace: 1',
    'warnings: 0',
  ].join('\n')
  const initial = r.spaces[0]?.initial
  if (initial === undefined) throw new Error('spaces')
  expect(statsText(computeStats(r, 0, 0, initial))).toBe(empty)
  // No such space: its figures are those of the space given, and no step is its.
  expect(statsText(computeStats(r, 5, 4, last))).toBe(
    [
      'areas: 1',
      'mapped: 8192 bytes (8.0 KiB)',
      'peak: 8192 bytes (8.0 KiB)',
      'calls: none',
      'outcomes: none',
      'address spaces in the trace: 1',
      'warnings: 0',
    ].join('\n'),
  )
})

it('counts the calls of its own space only', () => {
  const forked = replayText(
    [
      '10  mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
      '10  clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 11',
      '11  munmap(0x7f0000000000, 4096) = 0',
      '10  mmap(NULL, 16384, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    ].join('\n'),
  )
  const child = forked.steps[2]
  if (child === undefined) throw new Error('steps')
  expect(statsText(computeStats(forked, child.spaceId, 4, child.space))).toBe(
    [
      'areas: 1',
      'mapped: 4096 bytes (4.0 KiB)',
      'peak: 8192 bytes (8.0 KiB)',
      'calls: munmap 1',
      'outcomes: applied 1',
      'address spaces in the trace: 2',
      'warnings: 0',
    ].join('\n'),
  )
})

// The peak of a trace on the test's fake space (no `set`: areas are found by listing them).
const peakOf = (lines: readonly string[]): string => {
  const replayed = replayText(lines.join('\n'))
  const last = replayed.steps[replayed.steps.length - 1]?.space
  if (last === undefined) throw new Error('steps')
  return statsText(computeStats(replayed, 0, replayed.steps.length, last)).split('\n')[2] ?? ''
}
const fixed = 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0'

it.each([
  [
    'a call that moves an area and grows it',
    [
      `mmap(0x7f0000000000, 4096, PROT_READ, ${fixed}) = 0x7f0000000000`,
      'mremap(0x7f0000000000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000100000) = 0x7f0000100000',
    ],
    'peak: 8192 bytes (8.0 KiB) after line 2',
  ],
  [
    'the same, downwards',
    [
      `mmap(0x7f0000100000, 4096, PROT_READ, ${fixed}) = 0x7f0000100000`,
      'mremap(0x7f0000100000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000000000) = 0x7f0000000000',
    ],
    'peak: 8192 bytes (8.0 KiB) after line 2',
  ],
  [
    'a call that cuts an area in two',
    [
      `mmap(0x7f0000000000, 12288, PROT_READ, ${fixed}) = 0x7f0000000000`,
      'munmap(0x7f0000001000, 4096) = 0',
      `mmap(0x7f0000100000, 8192, PROT_READ, ${fixed}) = 0x7f0000100000`,
    ],
    'peak: 16384 bytes (16 KiB) after line 3',
  ],
  [
    'a peak reached again (the first time counts)',
    [
      `mmap(0x7f0000000000, 4096, PROT_READ, ${fixed}) = 0x7f0000000000`,
      'munmap(0x7f0000000000, 4096) = 0',
      `mmap(0x7f0000100000, 4096, PROT_READ, ${fixed}) = 0x7f0000100000`,
    ],
    'peak: 4096 bytes (4.0 KiB) after line 1',
  ],
  [
    'a break move (it may change any page: every area is counted)',
    ['brk(NULL) = 0x555555559000', 'brk(0x55555557a000) = 0x55555557a000'],
    'peak: 135168 bytes (132 KiB) after line 2',
  ],
])('counts the peak after %s', (_, lines, peak) => {
  expect(peakOf(lines)).toBe(peak)
})

it('bytes prints binary units', () => {
  expect([0, 1023, 1024, 1536, 10 * 1024 * 1024, 3 * 2 ** 30, 2 ** 40, 2 ** 50].map(bytes)).toEqual([
    '0 B',
    '1023 B',
    '1.0 KiB',
    '1.5 KiB',
    '10 MiB',
    '3.0 GiB',
    '1.0 TiB',
    '1024 TiB',
  ])
})

test.prop([fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 50, max: 400 })], { numRuns: 15 })(
  'the mapped bytes counted from touched ranges equal a full count at every step',
  (seed, calls) => {
    const t = syntheticTrace({ calls, threads: 3, seed, areas: 30 })
    const replayed = replayText(t.text, { emptySpace: (o) => AddressSpace.empty(o) })
    let peak = 0
    let peakLine = 0
    for (const s of replayed.steps) {
      const bytes = s.space.vmas().reduce((n, v) => n + v.end - v.start, 0)
      if (bytes > peak) [peak, peakLine] = [bytes, s.call.line]
    }
    const last = replayed.steps[replayed.steps.length - 1]?.space
    if (last === undefined) throw new Error('steps')
    expect(computeStats(replayed, 0, replayed.steps.length, last)).toMatchObject({ peakBytes: peak, peakLine })
  },
)
