import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { syntheticTrace } from '../../../src/cli/synthetic-trace.js'
import { AddressSpace } from '../../../src/linux/index.js'
import { explainText, vmaAt } from '../../../src/cli/render/explain.js'
import { replayText } from '../../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000100000',
    'mprotect(0x7f0000001000, 4096, PROT_READ) = 0',
    'munmap(0x7f0000000000, 4096) = 0',
  ].join('\n'),
)

it('lists the lines that created and changed the area holding the address', () => {
  const text = explainText(r, 0, 4, 0x7f0000001800)
  expect(text.split('\n')).toEqual([
    '0x7f0000001800: in 7f0000001000-7f0000002000 r--p 00000000 00:00 0',
    'line 1: mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000 [applied]',
    '    7f0000000000-7f0000004000 rw-p 00000000 00:00 0',
    'line 3: mprotect(0x7f0000001000, 4096, PROT_READ) = 0 [applied]',
    '    7f0000001000-7f0000002000 r--p 00000000 00:00 0',
  ])
})

it('says when the address was unmapped, and when nothing touched it', () => {
  expect(explainText(r, 0, 4, 0x7f0000000000)).toContain('line 4: munmap')
  expect(explainText(r, 0, 4, 0x1000)).toBe('0x1000: not mapped\nno traced call touched it')
})

it('vmaAt finds by binary search', () => {
  const s = r.steps[3]?.space
  if (s === undefined) throw new Error('steps')
  for (const v of s.vmas()) {
    expect(vmaAt(s, v.start)).toEqual(v)
    expect(vmaAt(s, v.end - 1)).toEqual(v)
  }
  expect(vmaAt(s, 0x7f0000000000)).toBeUndefined()
  // An area's end is not in it (nothing follows the last area).
  const last = s.vmas()[s.vmas().length - 1]
  if (last === undefined) throw new Error('areas')
  expect(vmaAt(s, last.end)).toBeUndefined()
})

it('lists every change of the area: its end, its start, perms, file, offset, and its removal', () => {
  const anon = 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0'
  const file = 'MAP_PRIVATE|MAP_FIXED, 3</lib/a.so>'
  const changes = replayText(
    [
      `mmap(0x7f0000002000, 4096, PROT_READ, ${anon}) = 0x7f0000002000`,
      // Calls next to the area that do not cover the address change it too (merges).
      `mmap(0x7f0000003000, 4096, PROT_READ, ${anon}) = 0x7f0000003000`,
      `mmap(0x7f0000001000, 4096, PROT_READ, ${anon}) = 0x7f0000001000`,
      'mprotect(0x7f0000001000, 12288, PROT_READ|PROT_WRITE) = 0',
      `mmap(0x7f0000001000, 12288, PROT_READ|PROT_WRITE, ${file}, 0) = 0x7f0000001000`,
      `mmap(0x7f0000001000, 12288, PROT_READ|PROT_WRITE, ${file}, 0x3000) = 0x7f0000001000`,
      // A break move may change any page (touched: 'all'); this one leaves the area alone.
      'brk(NULL) = 0x555555559000',
      'brk(0x55555557a000) = 0x55555557a000',
      // Touches two ranges, only the first near the area.
      'mremap(0x7f0000001000, 12288, 12288, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000100000) = 0x7f0000100000',
      // Unmapping what is not mapped changes nothing there.
      'munmap(0x7f0000002000, 4096) = 0',
    ].join('\n'),
  )
  expect(explainText(changes, 0, 10, 0x7f0000002000)).toBe(
    [
      '0x7f0000002000: not mapped',
      `line 1: mmap(0x7f0000002000, 4096, PROT_READ, ${anon}) = 0x7f0000002000 [applied]`,
      '    7f0000002000-7f0000003000 r--p 00000000 00:00 0',
      `line 2: mmap(0x7f0000003000, 4096, PROT_READ, ${anon}) = 0x7f0000003000 [applied]`,
      '    7f0000002000-7f0000004000 r--p 00000000 00:00 0',
      `line 3: mmap(0x7f0000001000, 4096, PROT_READ, ${anon}) = 0x7f0000001000 [applied]`,
      '    7f0000001000-7f0000004000 r--p 00000000 00:00 0',
      'line 4: mprotect(0x7f0000001000, 12288, PROT_READ|PROT_WRITE) = 0 [applied]',
      '    7f0000001000-7f0000004000 rw-p 00000000 00:00 0',
      `line 5: mmap(0x7f0000001000, 12288, PROT_READ|PROT_WRITE, ${file}, 0) = 0x7f0000001000 [applied]`,
      '    7f0000001000-7f0000004000 rw-p 00000000 00:00 0                          /lib/a.so',
      `line 6: mmap(0x7f0000001000, 12288, PROT_READ|PROT_WRITE, ${file}, 0x3000) = 0x7f0000001000 [applied]`,
      '    7f0000001000-7f0000004000 rw-p 00003000 00:00 0                          /lib/a.so',
      'line 9: mremap(0x7f0000001000, 12288, 12288, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000100000) = 0x7f0000100000 [applied]',
      '    (not mapped)',
    ].join('\n'),
  )
})

describe('in a forked space', () => {
  const forked = replayText(
    [
      '10  mmap(0x7f0000000000, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000',
      '10  clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 11',
      '11  mprotect(0x7f0000000000, 8192, PROT_READ|PROT_WRITE) = 0',
      '10  munmap(0x7f0000000000, 8192) = 0',
      '11  munmap(0x7f0000000000, 4096) = 0',
    ].join('\n'),
  )
  const child = forked.steps[2]?.spaceId ?? -1

  it('starts from the area the fork copied, and lists only its own calls', () => {
    expect(child).toBe(1)
    expect(explainText(forked, child, 5, 0x7f0000000000)).toBe(
      [
        '0x7f0000000000: not mapped',
        'at the start of this address space: 7f0000000000-7f0000002000 r--p 00000000 00:00 0',
        'line 3: mprotect(0x7f0000000000, 8192, PROT_READ|PROT_WRITE) = 0 [applied]',
        '    7f0000000000-7f0000002000 rw-p 00000000 00:00 0',
        'line 5: munmap(0x7f0000000000, 4096) = 0 [applied]',
        '    (not mapped)',
      ].join('\n'),
    )
  })

  it('stops before `step`', () => {
    expect(explainText(forked, child, 4, 0x7f0000000000)).toBe(
      [
        '0x7f0000000000: in 7f0000000000-7f0000002000 rw-p 00000000 00:00 0',
        'at the start of this address space: 7f0000000000-7f0000002000 r--p 00000000 00:00 0',
        'line 3: mprotect(0x7f0000000000, 8192, PROT_READ|PROT_WRITE) = 0 [applied]',
        '    7f0000000000-7f0000002000 rw-p 00000000 00:00 0',
      ].join('\n'),
    )
  })

  it('knows nothing of a space the trace does not have', () => {
    expect(explainText(forked, 7, 5, 0x7f0000000000)).toBe('0x7f0000000000: not mapped\nno traced call touched it')
  })
})

test.prop([fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 50, max: 300 }), fc.nat(40)], { numRuns: 15 })(
  'skipping the steps that did not touch the area finds the same history as looking at every step',
  (seed, calls, pick) => {
    const t = syntheticTrace({ calls, threads: 3, seed, areas: 30 })
    const replayed = replayText(t.text, { emptySpace: (o) => AddressSpace.empty(o) })
    // An address that was mapped at some point: a page of a generated mmap result.
    const mmaps = replayed.steps.filter((s) => s.syscall?.kind === 'mmap' && s.call.result.kind === 'value')
    const chosen = mmaps[pick % Math.max(1, mmaps.length)]?.call.result
    const addr = chosen?.kind === 'value' ? chosen.value + 0x1000 * (pick % 3) : 0x1000
    const changes: number[] = []
    let before: string | undefined
    for (const s of replayed.steps) {
      const v = vmaAt(s.space, addr)
      const key = v === undefined ? undefined : `${v.start}-${v.end}-${v.perms}-${v.offset}`
      if (key !== before) changes.push(s.call.line)
      before = key
    }
    const listed = [...explainText(replayed, 0, replayed.steps.length, addr).matchAll(/^line (\d+):/gm)].map((m) =>
      Number(m[1]),
    )
    expect(listed).toEqual(changes)
  },
)
