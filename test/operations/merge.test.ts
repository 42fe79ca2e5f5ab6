// Merging sets and split-aware backends against a per-page model: after every
// operation each page shows the flags and (file, offset) the model says, the
// page table agrees, and a merging set's areas are exactly the run-length
// encoding of the per-page state.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, noopBackend } from '../../src/index.js'
import { checkValid, err, ok } from '../support/helpers.js'
import { emptyFilePT, fileBackend, type FileBackend, type FilePT, type PageState } from '../support/file-backend.js'

type Flags = number
type Set = MemorySet<Flags, FilePT<Flags>>
const PAGES = 40
const PS = 16 // bytes per page: addresses are not page numbers, so a scaling bug shows

type Op =
  | { kind: 'map'; start: number; size: number; flags: Flags; file: number; offset: number; overwrite: boolean }
  | { kind: 'unmap'; start: number; size: number }
  | { kind: 'protect'; start: number; size: number; skip: readonly Flags[]; to: Flags; strict: boolean }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant<'map'>('map'),
      start: fc.nat(PAGES - 1),
      size: fc.integer({ min: 0, max: 8 }),
      flags: fc.nat(1),
      file: fc.nat(2),
      // Offsets that often continue a neighbour's, so contiguous files merge.
      offset: fc.nat(12),
      overwrite: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant<'unmap'>('unmap'), start: fc.nat(PAGES - 1), size: fc.nat(10) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant<'protect'>('protect'),
      start: fc.nat(PAGES - 1),
      size: fc.nat(10),
      skip: fc.subarray([0, 1, 2]),
      to: fc.nat(2),
      strict: fc.boolean(),
    }),
  },
)

type Model = (PageState<Flags> | undefined)[]

const pagesOf = (set: Set): Model => {
  const pages: Model = Array.from({ length: PAGES + 10 }, () => undefined)
  for (const area of set) {
    const backend = area.backend as FileBackend<Flags>
    for (let p = area.start / PS; p < area.end / PS; p++) {
      pages[p] = { flags: area.flags, file: backend.file, offset: backend.offset + p - area.start / PS }
    }
  }
  return pages
}

const ptPages = (pt: FilePT<Flags>): Model => {
  const pages: Model = Array.from({ length: PAGES + 10 }, () => undefined)
  for (const [p, state] of pt) pages[p] = state
  return pages
}

/** Maximal runs of pages with equal flags, the same file and consecutive offsets, in bytes. */
const runLengths = (model: Model): [number, number][] => {
  const runs: [number, number][] = []
  for (let p = 0; p < model.length; p++) {
    const here = model[p]
    if (here === undefined) continue
    const prev = model[p - 1]
    const last = runs[runs.length - 1]
    if (
      last !== undefined &&
      prev !== undefined &&
      last[1] === p * PS &&
      prev.flags === here.flags &&
      prev.file === here.file &&
      prev.offset + 1 === here.offset
    ) {
      last[1] = (p + 1) * PS
    } else {
      runs.push([p * PS, (p + 1) * PS])
    }
  }
  return runs
}

const backends = new Map<string, FileBackend<Flags>>()
const backendFor = (file: number, offset: number): FileBackend<Flags> => {
  const key = `${file}:${offset}`
  let b = backends.get(key)
  if (b === undefined) backends.set(key, (b = fileBackend<Flags>(file, offset, PS)))
  return b
}

/** Applies `op` to the model; returns the expected error tag, or undefined for success. */
const step = (model: Model, op: Op): string | undefined => {
  const end = Math.min(op.start + op.size, model.length)
  switch (op.kind) {
    case 'map': {
      if (op.size === 0) return 'InvalidParam'
      const busy = model.slice(op.start, op.start + op.size).some((p) => p !== undefined)
      if (busy && !op.overwrite) return 'AlreadyExists'
      for (let p = op.start; p < op.start + op.size; p++) {
        model[p] = { flags: op.flags, file: op.file, offset: op.offset + p - op.start }
      }
      return undefined
    }
    case 'unmap':
      for (let p = op.start; p < end; p++) model[p] = undefined
      return undefined
    case 'protect': {
      if (op.strict && model.slice(op.start, op.start + op.size).some((p) => p === undefined)) return 'NotMapped'
      for (let p = op.start; p < end; p++) {
        const was = model[p]
        if (was !== undefined && !op.skip.includes(was.flags)) model[p] = { ...was, flags: op.to }
      }
      return undefined
    }
  }
}

const apply = (set: Set, pt: FilePT<Flags>, op: Op) => {
  switch (op.kind) {
    case 'map':
      return set.map(
        new MemoryArea(op.start * PS, op.size * PS, op.flags, backendFor(op.file, op.offset)),
        pt,
        op.overwrite,
      )
    case 'unmap':
      return set.unmap(op.start * PS, op.size * PS, pt)
    case 'protect':
      return set.protect(op.start * PS, op.size * PS, (old) => (op.skip.includes(old) ? O.none : O.some(op.to)), pt, {
        strict: op.strict,
      })
  }
}

const run = (merge: boolean, maxNodeSize: number | undefined, ops: readonly Op[]): void => {
  const model: Model = Array.from({ length: PAGES + 10 }, () => undefined)
  let set: Set = MemorySet.empty(maxNodeSize === undefined ? { merge } : { merge, maxNodeSize })
  let pt = emptyFilePT<Flags>()
  for (const op of ops) {
    const before = Array.from(set)
    const expected = step(model, op)
    const result = apply(set, pt, op)
    expect(Array.from(set)).toEqual(before) // persistence
    if (expected !== undefined) {
      expect(err(result)._tag).toBe(expected)
      continue
    }
    ;[set, pt] = ok(result)
    checkValid(set)
    expect(set.merging).toBe(merge)
    expect(pagesOf(set)).toEqual(model)
    expect(ptPages(pt)).toEqual(model)
    if (merge) expect(Array.from(set, (a) => [a.start, a.end])).toEqual(runLengths(model))
  }
}

describe('merging sets and split-aware backends against a per-page model', () => {
  for (const maxNodeSize of [4, undefined]) {
    it(`merging set, maxNodeSize ${String(maxNodeSize)}: pages, page table and run-length encoding agree`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => run(true, maxNodeSize, ops)),
        { numRuns: 150 },
      )
    })
    it(`plain set, maxNodeSize ${String(maxNodeSize)}: every page's (file, offset) follows the cuts`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => run(false, maxNodeSize, ops)),
        { numRuns: 100 },
      )
    })
  }
})

describe('merging: examples', () => {
  const backend = noopBackend<string>()
  const area = (start: number, size: number, flags = 'rw') => new MemoryArea(start, size, flags, backend)

  it('joins a new area with compatible neighbours on both sides, and only those', () => {
    let set = MemorySet.empty<string, null>({ merge: true })
    ;[set] = ok(set.map(area(0x1000, 0x1000), null, false))
    ;[set] = ok(set.map(area(0x3000, 0x1000), null, false))
    ;[set] = ok(set.map(area(0x5000, 0x1000, 'r'), null, false))
    ;[set] = ok(set.map(area(0x2000, 0x1000), null, false))
    expect(Array.from(set, String)).toEqual([
      'MemoryArea [0x1000, 0x4000) flags=rw',
      'MemoryArea [0x5000, 0x6000) flags=r',
    ])
    ;[set] = ok(set.map(area(0x4000, 0x1000), null, false))
    expect(set.size).toBe(2) // 'rw' and 'r' stay apart
  })

  it('joins with a neighbour on one side only: left after a protect, right after a map', () => {
    // Nothing on the other side: each seam must be tried on its own.
    const leftOnly = ok(MemorySet.fromAreas([area(0, 0x1000, 'r'), area(0x1000, 0x1000, 'w')], { merge: true }))
    const [protectedSet] = ok(leftOnly.protect(0x1000, 0x1000, () => O.some('r'), null))
    expect(Array.from(protectedSet, String)).toEqual(['MemoryArea [0x0, 0x2000) flags=r'])
    const rightOnly = ok(MemorySet.fromAreas([area(0x2000, 0x1000, 'r')], { merge: true }))
    const [mapped] = ok(rightOnly.map(area(0x1000, 0x1000, 'r'), null, false))
    expect(Array.from(mapped, String)).toEqual(['MemoryArea [0x1000, 0x3000) flags=r'])
  })

  it('protect splits and re-merges: restoring the flags gives one area again', () => {
    let set = MemorySet.empty<string, null>({ merge: true })
    ;[set] = ok(set.map(area(0, 0x4000), null, false))
    ;[set] = ok(set.protect(0x1000, 0x1000, () => O.some('r'), null))
    expect(set.size).toBe(3)
    ;[set] = ok(set.protect(0, 0x4000, () => O.some('rw'), null))
    expect(Array.from(set, String)).toEqual(['MemoryArea [0x0, 0x4000) flags=rw'])
  })

  it('areas of different backend objects never merge without a merge hook', () => {
    const other = { ...backend }
    let set = MemorySet.empty<string, null>({ merge: true })
    ;[set] = ok(set.map(area(0, 0x1000), null, false))
    ;[set] = ok(set.map(new MemoryArea(0x1000, 0x1000, 'rw', other), null, false))
    expect(set.size).toBe(2)
  })

  it('Immutable.is flags: equal value objects merge', async () => {
    const { List } = await import('immutable')
    let set = MemorySet.empty<ReturnType<typeof List<string>>, null>({ merge: true })
    const b = noopBackend<ReturnType<typeof List<string>>>()
    ;[set] = ok(set.map(new MemoryArea(0, 0x1000, List(['r', 'w']), b), null, false))
    ;[set] = ok(set.map(new MemoryArea(0x1000, 0x1000, List(['r', 'w']), b), null, false))
    expect(set.size).toBe(1)
  })

  it('flags whose comparison throws keep their areas apart', () => {
    // Immutable.is calls the flags' own valueOf/equals; a throw there means "not equal".
    const hostile = {
      valueOf: () => {
        throw new Error('no')
      },
    }
    let set = MemorySet.empty<object, null>({ merge: true })
    const b = noopBackend<object>()
    ;[set] = ok(set.map(new MemoryArea(0, 0x1000, hostile, b), null, false))
    ;[set] = ok(set.map(new MemoryArea(0x1000, 0x1000, { valueOf: () => 1 }, b), null, false))
    expect(set.size).toBe(2)
  })

  it('clear empties a merging set, which stays merging', () => {
    let set = MemorySet.empty<string, null>({ merge: true })
    ;[set] = ok(set.map(area(0, 0x1000), null, false))
    ;[set] = ok(set.map(area(0x3000, 0x1000, 'r'), null, false))
    const [cleared] = ok(set.clear(null))
    expect(cleared.size).toBe(0)
    expect(cleared.merging).toBe(true)
    ;[set] = ok(cleared.map(area(0, 0x1000), null, false))
    ;[set] = ok(set.map(area(0x1000, 0x1000), null, false))
    expect(set.size).toBe(1)
  })

  it('coalesce merges a plain set without calling any backend, and a merging set returns itself', () => {
    const calls: string[] = []
    const counting = {
      map: () => (pt: null) => (calls.push('map'), E.right(pt)),
      unmap: () => (pt: null) => (calls.push('unmap'), E.right(pt)),
      protect: () => (pt: null) => (calls.push('protect'), E.right(pt)),
    }
    const plain = ok(
      MemorySet.fromAreas([
        new MemoryArea(0, 0x1000, 'rw', counting),
        new MemoryArea(0x1000, 0x1000, 'rw', counting),
        new MemoryArea(0x3000, 0x1000, 'rw', counting),
      ]),
    )
    expect(plain.merging).toBe(false)
    const merged = plain.coalesce()
    expect(merged.merging).toBe(true)
    expect(Array.from(merged, (a) => [a.start, a.end])).toEqual([
      [0, 0x2000],
      [0x3000, 0x4000],
    ])
    expect(calls).toEqual([])
    expect(merged.coalesce()).toBe(merged)
    expect(plain.size).toBe(3) // unchanged
  })

  it('fromAreas with { merge: true } joins adjacent compatible areas', () => {
    const set = ok(MemorySet.fromAreas([area(0x1000, 0x1000), area(0, 0x1000)], { merge: true }))
    expect(set.merging).toBe(true)
    expect(set.size).toBe(1)
  })

  it('a merge hook that returns garbage is a BadState Left, and nothing changed', () => {
    const weird = { ...backend, merge: () => 42 as never }
    let set = MemorySet.empty<string, null>({ merge: true })
    ;[set] = ok(set.map(new MemoryArea(0, 0x1000, 'rw', weird), null, false))
    const e = err(set.map(new MemoryArea(0x1000, 0x1000, 'rw', weird), null, false))
    expect(e._tag).toBe('BadState')
    expect(e.message).toMatch(/merge at 0x1000 returned 42/)
    expect(set.size).toBe(1)
    const plain = ok(MemorySet.fromAreas([new MemoryArea(0, 1, 'rw', weird), new MemoryArea(1, 1, 'rw', weird)]))
    expect(() => plain.coalesce()).toThrow(TypeError)
  })

  it('a split hook that returns garbage is a BadState Left before any effect runs', () => {
    const calls: string[] = []
    const weird = {
      map: () => (pt: null) => (calls.push('map'), E.right(pt)),
      unmap: () => (pt: null) => (calls.push('unmap'), E.right(pt)),
      protect: () => (pt: null) => (calls.push('protect'), E.right(pt)),
      split: () => 'nope' as never,
    }
    const set = ok(MemorySet.fromAreas([new MemoryArea(0, 0x3000, 'rw', weird)]))
    const e = err(set.unmap(0x1000, 0x1000, null))
    expect(e._tag).toBe('BadState')
    expect(e.message).toMatch(/split\(0x1000\) returned nope/)
    expect(calls).toEqual([])
  })

  it('every malformed split answer is a BadState Left, whichever cut needs it', () => {
    const calls: string[] = []
    const b = noopBackend<string>()
    const revoked = Proxy.revocable([], {})
    revoked.revoke()
    const iterableLengthTwo = {
      length: 2,
      *[Symbol.iterator]() {
        yield b
        yield b
      },
    }
    for (const answer of [[b, b, b], revoked.proxy, iterableLengthTwo, [b]]) {
      const weird = {
        map: () => (pt: null) => (calls.push('map'), E.right(pt)),
        unmap: () => (pt: null) => (calls.push('unmap'), E.right(pt)),
        protect: () => (pt: null) => (calls.push('protect'), E.right(pt)),
        split: () => answer as never,
      }
      const set = ok(MemorySet.fromAreas([new MemoryArea(0, 0x3000, 'rw', weird)]))
      // The range starts at the area: only the cut at its end splits.
      expect(err(set.unmap(0, 0x1000, null))._tag).toBe('BadState')
      // protect cuts on both sides.
      expect(err(set.protect(0x1000, 0x1000, () => O.some('r'), null))._tag).toBe('BadState')
      expect(err(set.protect(0, 0x1000, () => O.some('r'), null))._tag).toBe('BadState')
    }
    expect(calls).toEqual([])
  })

  it('the split hook gives each part its offset; effects are asked of the part they touch', () => {
    const b = fileBackend<string>(7, 100, 0x1000)
    let pt = emptyFilePT<string>()
    let set = MemorySet.empty<string, FilePT<string>>()
    ;[set, pt] = ok(set.map(new MemoryArea(0x10000, 0x4000, 'rw', b), pt, false))
    ;[set, pt] = ok(set.protect(0x11000, 0x1000, () => O.some('r'), pt))
    expect(Array.from(set, (a) => [a.start, a.flags, (a.backend as FileBackend<string>).offset])).toEqual([
      [0x10000, 'rw', 100],
      [0x11000, 'r', 101],
      [0x12000, 'rw', 102],
    ])
    expect(pt.get(0x12)).toEqual({ flags: 'rw', file: 7, offset: 102 })
  })
})

describe('strict protect', () => {
  const backend = noopBackend<string>()
  it('fails with NotMapped on a hole anywhere in the range, without calling updateFlags', () => {
    const set = ok(
      MemorySet.fromAreas([new MemoryArea(0, 0x1000, 'rw', backend), new MemoryArea(0x2000, 0x1000, 'rw', backend)]),
    )
    let calls = 0
    const update = () => (calls++, O.some('r'))
    for (const [start, size] of [
      [0, 0x3000],
      [0x800, 0x1000],
      [0x2000, 0x2000],
      [0x1000, 0x10],
    ] as const) {
      const e = err(set.protect(start, size, update, null, { strict: true }))
      expect(e._tag).toBe('NotMapped')
    }
    expect(err(set.protect(0, 0x3000, update, null, { strict: true })).message).toBe(
      'protect: 0x1000 is not mapped (strict)',
    )
    expect(calls).toBe(0)
    // Fully mapped ranges and size 0 behave as without strict.
    expect(ok(set.protect(0x2000, 0x1000, update, null, { strict: true }))[0].size).toBe(2)
    expect(ok(set.protect(0x1000, 0, update, null, { strict: true }))[0]).toBe(set)
    expect(ok(set.protect(0, 0x3000, update, null))[0].size).toBe(2) // not strict: holes skipped
  })
})
