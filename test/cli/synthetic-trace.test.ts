import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { syntheticTrace } from '../../src/cli/synthetic-trace.js'
import { replayText } from '../support/replay.js'

/** `count` areas of one page from `start`, all with `prot`. */
const pages = (start: number, count: number, prot: number) =>
  Array.from({ length: count }, (_, i) => ({ start: start + i * 4096, end: start + (i + 1) * 4096, prot }))

describe('syntheticTrace', () => {
  it('two threads: every kind of call, an interrupted munmap resumed at the end, a skipped mremap', () => {
    const t = syntheticTrace({ calls: 16, threads: 2, seed: 1823, areas: 3 })
    expect(t.text).toBe(
      [
        '1000  brk(NULL) = 0x555555560000',
        '1001  mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7effffffb000',
        '1001  mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7effffff9000',
        '1001  mmap(NULL, 114688, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efffffdc000',
        '1000  munmap(0x7effffff9000, 4096) = 0',
        '1000  mprotect(0x7effffff5000, 12288, PROT_READ) = 0',
        '1001  mprotect(0x7effffffd000, 4096, PROT_READ|PROT_WRITE) = 0',
        '1001  mprotect(0x7effffffe000, 4096, PROT_READ|PROT_WRITE) = 0',
        '1001  mremap(0x7effffffb000, 16384, 61440, MREMAP_MAYMOVE) = 0x7efffffcc000',
        '1001  mmap(NULL, 61440, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efffffbc000',
        '1001  brk(0x555555560000) = 0x555555560000',
        '1000  madvise(0x7efffffdc000, 4096, MADV_DONTNEED) = 0',
        '1001  munmap(0x7efffffcc000, 61440) = 0',
        '1000  mprotect(0x7efffffbe000, 28672, PROT_READ|PROT_WRITE) = 0',
        '1001  munmap(0x7efffffbc000, 61440 <unfinished ...>',
        '1001  <... munmap resumed>) = 0',
        '',
      ].join('\n'),
    )
    // The heap never grew past its start: no heap area.
    expect(t.areas).toEqual([...pages(0x7efffffdc000, 25, 3), ...pages(0x7effffff5000, 3, 1)])
  })

  it('an interrupted call lets another thread complete a call before it resumes; the heap grew', () => {
    const t = syntheticTrace({ calls: 16, threads: 2, seed: 16429, areas: 3 })
    expect(t.text).toBe(
      [
        '1000  brk(NULL) = 0x555555560000',
        '1000  mmap(NULL, 110592, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efffffe4000',
        '1000  mmap(NULL, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efffffd3000',
        '1000  madvise(0x7efffffe4000, 4096, MADV_DONTNEED) = 0',
        '1000  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efffffd0000',
        '1000  mmap(NULL, 131072, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efffffaf000',
        '1000  munmap(0x7efffffaf000, 131072) = 0',
        '1000  mprotect(0x7efffffed000, 65536, PROT_READ|PROT_WRITE) = 0',
        '1000  mprotect(0x7efffffd1000, 4096, PROT_READ|PROT_WRITE) = 0',
        '1000  munmap(0x7efffffd3000, 65536) = 0',
        '1001  munmap(0x7efffffd0000, 8192) = 0',
        '1000  mremap(0x7efffffe4000, 110592, 118784, MREMAP_MAYMOVE) = 0x7efffff91000',
        '1000  mprotect(0x7efffff92000, 106496, PROT_READ) = 0',
        '1000  brk(0x555555563000) = 0x555555563000',
        '1001  munmap(0x7efffff91000, 118784 <unfinished ...>',
        '1001  <... munmap resumed>) = 0',
        '',
      ].join('\n'),
    )
    expect(t.areas).toEqual([{ start: 0x555555560000, end: 0x555555563000, prot: 3 }])
  })

  it('defaults: 4 threads, seed 1, 1000 areas; at least one thread', () => {
    const t = syntheticTrace({ calls: 300 })
    expect(t).toEqual(syntheticTrace({ calls: 300, threads: 4, seed: 1, areas: 1000 }))
    expect(t).not.toEqual(syntheticTrace({ calls: 300, threads: 4, seed: 2, areas: 1000 }))
    const pids = new Set(t.text.split('\n').map((l) => l.split(' ')[0]))
    expect([...pids].sort()).toEqual(['', '1000', '1001', '1002', '1003'])
    expect(syntheticTrace({ calls: 300, threads: 0 })).toEqual(syntheticTrace({ calls: 300, threads: 1 }))
  })

  it('one thread: no interrupted calls, every line pid 1000, one line per call', () => {
    const t = syntheticTrace({ calls: 400, threads: 1, seed: 5, areas: 10 })
    const lines = t.text.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.every((l) => /^1000 {2}[a-z]+\(.*\) = 0x[0-9a-f]+$|^1000 {2}[a-z]+\(.*\) = 0$/.test(l))).toBe(true)
    // Only an mremap of a mapping split by mprotect is left out.
    expect(lines.length).toBeLessThanOrEqual(400)
    expect(lines.length).toBeGreaterThan(380)
  })

  it('an interrupted call resumes right after one call of another thread', () => {
    for (const threads of [2, 3, 4]) {
      const lines = syntheticTrace({ calls: 2000, threads, seed: threads }).text.split('\n')
      let interrupted = 0
      for (const [i, l] of lines.entries()) {
        const m = /^(\d+) {2}(\w+)\(.* <unfinished \.\.\.>$/.exec(l)
        if (m === null) continue
        interrupted++
        const [, pid = '', name = ''] = m
        expect(lines[i + 1]).toMatch(/^\d+ {2}\w+\(.*\) = \w+$/)
        expect(lines[i + 1]?.startsWith(`${pid} `)).toBe(false)
        expect(lines[i + 2]).toBe(`${pid}  <... ${name} resumed>) = 0`)
      }
      expect(interrupted).toBeGreaterThan(10)
    }
  })

  it('above areas * 1.2 mappings the next call is a munmap', () => {
    /** For each call after which more than `limit` mappings are alive: whether the next call is a munmap. */
    const afterCrowded = (areas: number, limit: number): boolean[] => {
      const calls = syntheticTrace({ calls: 3000, threads: 1, seed: 7, areas })
        .text.split('\n')
        .map((l) => /^\d+ {2}(\w+)\(/.exec(l)?.[1] ?? '')
      let live = 0
      const seen: boolean[] = []
      for (const [i, name] of calls.entries()) {
        live += name === 'mmap' ? 1 : name === 'munmap' ? -1 : 0
        if (live > limit && i + 1 < calls.length - 1) seen.push(calls[i + 1] === 'munmap')
      }
      return seen
    }
    // 3 * 1.2 = 3.6: a fourth mapping is always unmapped next.
    const four = afterCrowded(3, 3.6)
    expect(four.length).toBeGreaterThan(20)
    expect(four.every(Boolean)).toBe(true)
    // 5 * 1.2 = 6: with six mappings the next call is any but mmap.
    const six = afterCrowded(5, 5)
    expect(six.length).toBeGreaterThan(20)
    expect(six.some((munmap) => !munmap)).toBe(true)
    expect(afterCrowded(5, 6)).toEqual([])
  })

  it('keeps about `areas` mappings alive', () => {
    /** Mappings: runs of pages without a gap (the generator leaves a free page between mappings). */
    const mappings = (areas: ReturnType<typeof syntheticTrace>['areas']): number =>
      areas.filter((a, i) => a.start !== areas[i - 1]?.end && a.start !== 0x555555560000).length
    for (const seed of [1, 2, 3]) {
      // At most ceil(5 * 1.2) = 6 after a mmap, fewer when a munmap follows.
      expect(mappings(syntheticTrace({ calls: 600, seed, areas: 5 }).areas)).toBeLessThanOrEqual(6)
      expect(mappings(syntheticTrace({ calls: 600, seed, areas: 5 }).areas)).toBeGreaterThanOrEqual(3)
      expect(mappings(syntheticTrace({ calls: 600, seed }).areas)).toBeGreaterThan(50)
    }
  })
})

const pagesOf = (xs: readonly { start: number; end: number; prot: number }[]): string[] =>
  xs.flatMap((a) => Array.from({ length: (a.end - a.start) / 4096 }, (_, i) => `${a.start + i * 4096}:${a.prot}`))

// These seeds grow a read-only mapping with mremap: the new pages are read-only too.
it.each([
  [17, 40],
  [96, 80],
])('seed %i, %i calls on one thread replays to the areas its generator kept', (seed, calls) => {
  const t = syntheticTrace({ calls, threads: 1, seed, areas: 3 })
  const r = replayText(t.text)
  expect(pagesOf(r.steps[r.steps.length - 1]?.space.vmas() ?? [])).toEqual(pagesOf(t.areas))
})

test.prop([fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 300 })], {
  numRuns: 30,
})('a generated trace replays to the areas its generator kept', (seed, threads, calls) => {
  const t = syntheticTrace({ calls, threads, seed, areas: 20 })
  const r = replayText(t.text)
  const last = r.steps[r.steps.length - 1]?.space.vmas() ?? []
  expect(pagesOf(last)).toEqual(pagesOf(t.areas))
  expect(r.steps.filter((s) => s.outcome === 'disagreed' || s.outcome === 'partial')).toEqual([])
  expect(r.warnings).toEqual([])
})
