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

it('bytes prints binary units', () => {
  expect([0, 1023, 1024, 1536, 10 * 1024 * 1024, 2 ** 40].map(bytes)).toEqual([
    '0 B',
    '1023 B',
    '1.0 KiB',
    '1.5 KiB',
    '10 MiB',
    '1.0 TiB',
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
