import { describe, expect, it } from 'vitest'
import {
  AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_GROWSDOWN,
  MAP_PRIVATE,
  MAP_SHARED,
  PROT_EXEC,
  PROT_GROWSDOWN,
  PROT_GROWSUP,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
} from '../../src/linux/index.js'
import { A, anonFixed, err, layout, ok, PAGE, range } from './support/helpers.js'

const RW = PROT_READ | PROT_WRITE

describe('mprotect', () => {
  const space = anonFixed(AddressSpace.empty(), A(0), 4, RW)

  it('splits at the range edges and merges back when the protection returns', () => {
    const split = ok(space.mprotect(A(1), 2 * PAGE, PROT_READ))
    expect(layout(split)).toEqual([
      range(A(0), A(1), 'rw-p 0'),
      range(A(1), A(3), 'r--p 0'),
      range(A(3), A(4), 'rw-p 0'),
    ])
    expect(layout(ok(split.mprotect(A(1), 2 * PAGE, RW)))).toEqual([range(A(0), A(4), 'rw-p 0')])
  })

  it('untouched private anonymous memory drops its accounting when it stops being writable', () => {
    const readOnly = ok(space.mprotect(A(0), 4 * PAGE, PROT_READ))
    expect(readOnly.vmas()[0]?.vmflags).not.toContain('ac')
    // ... so it merges with fresh read-only memory
    expect(layout(anonFixed(readOnly, A(4), 1, PROT_READ))).toEqual([range(A(0), A(5), 'r--p 0')])
  })

  it('a private file mapping keeps its accounting and then does not merge with fresh read-only pages', () => {
    const file = AddressSpace.empty().withFile(3, { path: '/f' })
    const [rw] = ok(file.mmap(A(0), 2 * PAGE, RW, MAP_PRIVATE | MAP_FIXED, 3, 0))
    const readOnly = ok(rw.mprotect(A(0), 2 * PAGE, PROT_READ))
    const [next] = ok(readOnly.mmap(A(2), 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, 3, 2 * PAGE))
    expect(layout(next)).toEqual([range(A(0), A(2), 'r--p 0 /f'), range(A(2), A(4), 'r--p 2000 /f')])
  })

  it('EINVAL: unaligned address (before length 0), unknown bits, both grow directions', () => {
    expect(err(space.mprotect(A(0) + 1, 0, PROT_READ)).code).toBe('EINVAL')
    expect(err(space.mprotect(A(0), PAGE, 0x10)).code).toBe('EINVAL')
    expect(err(space.mprotect(A(0), PAGE, PROT_GROWSDOWN | PROT_GROWSUP)).code).toBe('EINVAL')
    expect(err(space.mprotect(A(0), PAGE, PROT_READ | PROT_GROWSDOWN)).code).toBe('EINVAL')
  })

  it('length 0 succeeds and changes nothing, even where nothing is mapped', () => {
    expect(ok(space.mprotect(A(100), 0, PROT_READ))).toBe(space)
  })

  it('ENOMEM when the range starts in a hole: nothing changes', () => {
    const result = err(space.mprotect(A(4), 2 * PAGE, PROT_READ))
    expect(result.code).toBe('ENOMEM')
    expect(result.kernelState).toBeUndefined()
  })

  it('ENOMEM at a hole, keeping the change made before it (kernelState)', () => {
    const holes = anonFixed(space, A(5), 2, RW)
    const failure = err(holes.mprotect(A(2), 5 * PAGE, PROT_READ))
    expect(failure.code).toBe('ENOMEM')
    expect(layout(holes)).toEqual([range(A(0), A(4), 'rw-p 0'), range(A(5), A(7), 'rw-p 0')])
    expect(layout(failure.kernelState!)).toEqual([
      range(A(0), A(2), 'rw-p 0'),
      range(A(2), A(4), 'r--p 0'),
      range(A(5), A(7), 'rw-p 0'),
    ])
  })

  it('EACCES at a shared mapping of a read-only fd, keeping the change before it', () => {
    const file = space.withFile(3, { path: '/ro', writable: false })
    const [mixed] = ok(file.mmap(A(4), PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 0))
    const [withExec] = ok(mixed.mmap(A(5), PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED))
    const failure = err(withExec.mprotect(A(0), 6 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC))
    expect(failure.code).toBe('EACCES')
    expect(layout(failure.kernelState!).slice(0, 2)).toEqual([
      range(A(0), A(4), 'rwxp 0'),
      range(A(4), A(5), 'r--s 0 /ro'),
    ])
  })

  it('PROT_GROWSDOWN extends the change down to the start of a grows-down mapping', () => {
    const [stack] = ok(
      AddressSpace.empty().mmap(A(10), 4 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN),
    )
    const changed = ok(stack.mprotect(A(12), PAGE, PROT_READ | PROT_GROWSDOWN))
    expect(layout(changed)).toEqual([range(A(10), A(13), 'r--p 0'), range(A(13), A(14), 'rw-p 0')])
  })
})

describe('mprotect at the map count limit', () => {
  // Two areas: [A0, A4) rw and [A4, A6) r--, with maxMapCount 2.
  const full = anonFixed(anonFixed(AddressSpace.empty({ maxMapCount: 2 }), A(0), 4, RW), A(4), 2, PROT_READ)

  it('a change that must split an area is ENOMEM, and nothing changes', () => {
    const failure = err(full.mprotect(A(1), PAGE, PROT_READ))
    expect(failure.code).toBe('ENOMEM')
    expect(failure.kernelState).toBeUndefined()
  })

  it('a change that merges into the neighbour needs no split', () => {
    expect(layout(ok(full.mprotect(A(3), PAGE, PROT_READ)))).toEqual([
      range(A(0), A(3), 'rw-p 0'),
      range(A(3), A(6), 'r--p 0'),
    ])
    expect(layout(ok(full.mprotect(A(0), 4 * PAGE, PROT_READ)))).toEqual([range(A(0), A(6), 'r--p 0')])
  })
})
