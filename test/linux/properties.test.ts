// Invariants of AddressSpace under random call sequences, and a per-page model of mmap (MAP_FIXED),
// munmap and mprotect that is much simpler than the system under test: one record per page.
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  type LinuxBackend,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  MREMAP_DONTUNMAP,
  MREMAP_FIXED,
  MREMAP_MAYMOVE,
  type Errno,
} from '../../src/linux/index.js'
import { A, PAGE } from './support/helpers.js'

const ARENA_PAGES = 24
const page = fc.nat(ARENA_PAGES - 1)
const pages = fc.integer({ min: 1, max: 6 })
const prot = fc.nat(7)

type Kind = 'anon' | 'shared' | 'file3' | 'file4'
type Op =
  | {
      readonly op: 'mmap'
      readonly at: number
      readonly n: number
      readonly prot: number
      readonly kind: Kind
      readonly off: number
    }
  | { readonly op: 'munmap'; readonly at: number; readonly n: number }
  | { readonly op: 'mprotect'; readonly at: number; readonly n: number; readonly prot: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('mmap' as const),
    at: page,
    n: pages,
    prot,
    kind: fc.constantFrom<Kind>('anon', 'shared', 'file3', 'file4'),
    off: fc.nat(8),
  }),
  fc.record({ op: fc.constant('munmap' as const), at: page, n: pages }),
  fc.record({ op: fc.constant('mprotect' as const), at: page, n: pages, prot }),
)

/** fd 3 is a read-write file, fd 4 a read-only one. */
const initial = () => AddressSpace.empty().withFile(3, { path: '/rw' }).withFile(4, { path: '/ro', writable: false })

interface PageState {
  readonly prot: number
  readonly shared: boolean
  readonly object: string
  /** Page offset in the object (private anonymous memory: the page's own address). */
  readonly offset: number
  readonly accounted: boolean
  readonly mayWrite: boolean
}

/** The per-page model of one call: the new pages and the errno code (or undefined). */
const step = (model: Map<number, PageState>, op: Op, serial: number): [Map<number, PageState>, string | undefined] => {
  const next = new Map(model)
  const first = A(op.at) / PAGE
  if (op.op === 'munmap') {
    for (let p = first; p < first + op.n; p++) next.delete(p)
    return [next, undefined]
  }
  if (op.op === 'mmap') {
    const write = (op.prot & 2) !== 0
    if (op.kind === 'file4' && write) return [model, 'EACCES'] // MAP_SHARED of the read-only fd
    for (let i = 0; i < op.n; i++) {
      const p = first + i
      next.set(p, {
        prot: op.prot,
        shared: op.kind !== 'anon' && op.kind !== 'file3',
        object: op.kind === 'anon' ? 'anon' : op.kind === 'shared' ? `shm${serial}` : op.kind,
        offset: op.kind === 'anon' ? p : op.kind === 'shared' ? i : op.off + i,
        // private writable memory is accounted; file3 is mapped MAP_PRIVATE, file4 MAP_SHARED
        accounted: (op.kind === 'anon' || op.kind === 'file3') && write,
        mayWrite: op.kind !== 'file4',
      })
    }
    return [next, undefined]
  }
  // mprotect: page by page from the start, stopping at the first hole or refusal (Linux does it area
  // by area, but every page of an area answers alike).
  if (!model.has(first)) return [model, 'ENOMEM']
  for (let p = first; p < first + op.n; p++) {
    const old = next.get(p)
    if (old === undefined) return [next, 'ENOMEM']
    if (op.prot & 2 && !old.mayWrite) return [next, 'EACCES']
    const write = (op.prot & 2) !== 0
    let accounted = old.accounted
    if (write && !old.accounted && !(old.prot & 2) && !old.shared) accounted = true
    if (!write && old.object === 'anon') accounted = false
    next.set(p, { ...old, prot: op.prot, accounted })
  }
  return [next, undefined]
}

/** The VMAs the per-page model implies: maximal runs of pages that Linux would keep as one area. */
const runs = (model: Map<number, PageState>): string[] => {
  const out: string[] = []
  const keys = [...model.keys()].sort((a, b) => a - b)
  let start = -1
  let prev: PageState | undefined
  let prevPage = -2
  for (const p of keys) {
    const s = model.get(p)!
    const joins =
      prev !== undefined &&
      p === prevPage + 1 &&
      s.prot === prev.prot &&
      s.shared === prev.shared &&
      s.object === prev.object &&
      s.offset === prev.offset + 1 &&
      s.accounted === prev.accounted
    if (!joins) {
      if (prev !== undefined) out.push(showRun(start, prevPage + 1, prev))
      start = p
    }
    prev = s
    prevPage = p
  }
  if (prev !== undefined) out.push(showRun(start, prevPage + 1, prev))
  return out
}

const showRun = (from: number, to: number, s: PageState): string =>
  `${from.toString(16)}-${to.toString(16)} ${s.prot} ${s.shared ? 's' : 'p'} ${s.accounted ? 'ac' : ''}`

const fromSpace = (space: AddressSpace): string[] =>
  space
    .vmas()
    .map(
      (v) =>
        `${(v.start / PAGE).toString(16)}-${(v.end / PAGE).toString(16)} ${v.prot} ${v.shared ? 's' : 'p'} ${v.vmflags.split(' ').includes('ac') ? 'ac' : ''}`,
    )

const apply = (space: AddressSpace, op: Op): E.Either<Errno, AddressSpace> => {
  switch (op.op) {
    case 'munmap':
      return space.munmap(A(op.at), op.n * PAGE)
    case 'mprotect':
      return space.mprotect(A(op.at), op.n * PAGE, op.prot)
    case 'mmap': {
      const fixed = MAP_FIXED
      const result =
        op.kind === 'anon'
          ? space.mmap(A(op.at), op.n * PAGE, op.prot, MAP_PRIVATE | MAP_ANONYMOUS | fixed)
          : op.kind === 'shared'
            ? space.mmap(A(op.at), op.n * PAGE, op.prot, MAP_SHARED | MAP_ANONYMOUS | fixed)
            : space.mmap(
                A(op.at),
                op.n * PAGE,
                op.prot,
                (op.kind === 'file3' ? MAP_PRIVATE : MAP_SHARED) | fixed,
                op.kind === 'file3' ? 3 : 4,
                op.off * PAGE,
              )
      return E.map(([s]: readonly [AddressSpace, number]) => s)(result)
    }
  }
}

/** No two adjacent areas that Linux would merge: same flags, same object, contiguous offsets. */
const checkAreas = (space: AddressSpace): void => {
  const areas = [...space.set]
  for (const [i, area] of areas.entries()) {
    expect(area.size).toBeGreaterThan(0)
    const next = areas[i + 1]
    if (next === undefined) continue
    expect(area.end).toBeLessThanOrEqual(next.start)
    if (area.end === next.start && area.flags === next.flags) {
      const a = area.backend as LinuxBackend
      const b = next.backend as LinuxBackend
      expect(a.object === b.object && b.offset === a.offset + area.size).toBe(false)
    }
  }
}

describe('mmap / munmap / mprotect against a per-page model', () => {
  it('the VMAs are the maximal runs of the per-page state, results and kernelState agree', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => {
        let space = initial()
        let model = new Map<number, PageState>()
        for (const [i, op] of ops.entries()) {
          const before = space.toString()
          const [nextModel, code] = step(model, op, i)
          const result = apply(space, op)
          if (code === undefined) {
            expect(E.isRight(result)).toBe(true)
            if (E.isRight(result)) space = result.right
          } else {
            expect(E.isLeft(result) && result.left.code).toBe(code)
            // A failure changes nothing; where Linux keeps a partial change, kernelState has it.
            expect(space.toString()).toBe(before)
            if (E.isLeft(result)) space = result.left.kernelState ?? space
          }
          model = nextModel
          expect(fromSpace(space)).toEqual(runs(model))
          checkAreas(space)
        }
      }),
      { numRuns: 300 },
    )
  })
})

const anyOp = fc.oneof(
  fc.tuple(
    fc.constant('mmap' as const),
    fc.nat(40),
    pages,
    prot,
    fc.constantFrom(MAP_PRIVATE, MAP_SHARED),
    fc.boolean(),
  ),
  fc.tuple(fc.constant('munmap' as const), fc.nat(40), pages),
  fc.tuple(fc.constant('mprotect' as const), fc.nat(40), pages, prot),
  fc.tuple(
    fc.constant('mremap' as const),
    fc.nat(40),
    fc.nat(6),
    pages,
    fc.constantFrom(0, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP),
    fc.nat(40),
  ),
  fc.tuple(fc.constant('brk' as const), fc.nat(8)),
)

describe('any call sequence', () => {
  it('keeps the areas sorted, disjoint, non-empty and merged exactly as Linux merges; old spaces never change', () => {
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 30 }), (ops) => {
        const start = AddressSpace.empty({ brk: A(60) })
        const versions: [AddressSpace, string][] = [[start, start.toString()]]
        let space = start
        for (const op of ops) {
          let result: E.Either<Errno, AddressSpace>
          switch (op[0]) {
            case 'mmap':
              result = E.map(([s]: readonly [AddressSpace, number]) => s)(
                space.mmap(op[5] ? A(op[1]) : 0, op[2] * PAGE, op[3], op[4] | MAP_ANONYMOUS | (op[5] ? MAP_FIXED : 0)),
              )
              break
            case 'munmap':
              result = space.munmap(A(op[1]), op[2] * PAGE)
              break
            case 'mprotect':
              result = space.mprotect(A(op[1]), op[2] * PAGE, op[3])
              break
            case 'mremap':
              result = E.map(([s]: readonly [AddressSpace, number]) => s)(
                space.mremap(A(op[1]), op[2] * PAGE, op[3] * PAGE, op[4], A(op[5])),
              )
              break
            case 'brk':
              result = E.right(space.brk(A(60 + op[1]))[0])
              break
          }
          space = E.isRight(result) ? result.right : (result.left.kernelState ?? space)
          checkAreas(space)
          versions.push([space, space.toString()])
        }
        for (const [version, text] of versions) expect(version.toString()).toBe(text)
      }),
      { numRuns: 300 },
    )
  })
})
