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

const fileFixed = (
  space: AddressSpace,
  fd: number,
  at: number,
  pages: number,
  prot: number,
  shared: boolean,
  offset = 0,
): AddressSpace =>
  ok(space.mmap(at, pages * PAGE, prot, (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, fd, offset))[0]

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

describe('mprotect error messages', () => {
  const space = anonFixed(AddressSpace.empty(), A(0), 4, RW)
  const holes = anonFixed(space, A(5), 2, RW)
  const readOnlyFd = space.withFile(3, { path: '/ro', writable: false })
  const [mixed] = ok(readOnlyFd.mmap(A(4), PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 0))
  const full = anonFixed(anonFixed(AddressSpace.empty({ maxMapCount: 2 }), A(0), 4, RW), A(4), 2, PROT_READ)
  const limited = anonFixed(AddressSpace.empty({ commitLimit: 2 * PAGE }), A(0), 4, PROT_READ)
  // [space, addr, length, prot, code, message, whether Linux changed something before failing]
  const cases: [AddressSpace, number, number, number, string, string, boolean][] = [
    [space, 1.5, PAGE, 1, 'EINVAL', 'mprotect(1.5, 0x1000, 0x1): the arguments must be integers', false],
    [space, A(0), 1.5, 1, 'EINVAL', 'mprotect(0x100000000000, 1.5, 0x1): the arguments must be integers', false],
    [space, A(0), PAGE, 1.5, 'EINVAL', 'mprotect(0x100000000000, 0x1000, 1.5): the arguments must be integers', false],
    [
      space,
      A(0),
      PAGE,
      PROT_GROWSDOWN | PROT_GROWSUP,
      'EINVAL',
      'mprotect(0x100000000000, 0x1000, 0x3000000): PROT_GROWSDOWN and PROT_GROWSUP together',
      false,
    ],
    [
      space,
      A(0) + 1,
      PAGE,
      1,
      'EINVAL',
      'mprotect(0x100000000001, 0x1000, 0x1): addr 0x100000000001 is not page-aligned',
      false,
    ],
    [space, -PAGE, PAGE, 1, 'ENOMEM', 'mprotect(-4096, 0x1000, 0x1): the range wraps around', false],
    [space, A(0), -1, 1, 'ENOMEM', 'mprotect(0x100000000000, -1, 0x1): the range wraps around', false],
    [space, A(0), PAGE, 0x10, 'EINVAL', 'mprotect(0x100000000000, 0x1000, 0x10): unknown protection bits 0x10', false],
    [
      space,
      A(10),
      PAGE,
      1,
      'ENOMEM',
      'mprotect(0x10000000a000, 0x1000, 0x1): [0x10000000a000, 0x10000000b000) is not mapped',
      false,
    ],
    [
      space,
      A(0),
      PAGE,
      PROT_READ | PROT_GROWSDOWN,
      'EINVAL',
      'mprotect(0x100000000000, 0x1000, 0x1000001): PROT_GROWSDOWN on a mapping that does not grow down',
      false,
    ],
    [
      space,
      A(0),
      PAGE,
      PROT_READ | PROT_GROWSUP,
      'EINVAL',
      'mprotect(0x100000000000, 0x1000, 0x2000001): PROT_GROWSUP on a mapping that does not grow up',
      false,
    ],
    [space, A(-1), 2 * PAGE, 1, 'ENOMEM', 'mprotect(0xffffffff000, 0x2000, 0x1): 0xffffffff000 is not mapped', false],
    [
      holes,
      A(2),
      5 * PAGE,
      1,
      'ENOMEM',
      'mprotect(0x100000002000, 0x5000, 0x1): [0x100000004000, 0x100000005000) is not mapped',
      true,
    ],
    [
      space,
      A(0),
      6 * PAGE,
      1,
      'ENOMEM',
      'mprotect(0x100000000000, 0x6000, 0x1): [0x100000004000, 0x100000006000) is not mapped',
      true,
    ],
    [
      mixed,
      A(0),
      5 * PAGE,
      7,
      'EACCES',
      'mprotect(0x100000000000, 0x5000, 0x7): [0x100000004000, 0x100000005000) does not allow 0x7',
      true,
    ],
    [
      full,
      A(1),
      PAGE,
      1,
      'ENOMEM',
      'mprotect(0x100000001000, 0x1000, 0x1): splitting [0x100000000000, 0x100000004000) passes 2 mappings',
      false,
    ],
    [
      limited,
      A(1),
      3 * PAGE,
      RW,
      'ENOMEM',
      'mprotect(0x100000001000, 0x3000, 0x3): making [0x100000001000, 0x100000004000) writable passes the commit limit',
      false,
    ],
  ]

  const named = cases.map(([start, addr, length, prot, code, message, changed]) => ({
    start,
    addr,
    length,
    prot,
    code,
    message,
    changed,
  }))
  it.each(named)('$code $message', ({ start, addr, length, prot, code, message, changed }) => {
    const failure = err(start.mprotect(addr, length, prot))
    expect({ code: failure.code, message: failure.message }).toEqual({ code, message })
    expect(failure.kernelState !== undefined).toBe(changed)
  })
})

describe('mprotect at the map count limit: splits, merges and the count as Linux keeps it', () => {
  const RX = PROT_READ | PROT_EXEC
  const empty = (maxMapCount: number): AddressSpace =>
    AddressSpace.empty({ maxMapCount }).withFile(3, { path: '/f' }).withFile(4, { path: '/g' })
  // [A0, A4) rw and [A4, A6) r--, at the limit of 2
  const full = anonFixed(anonFixed(empty(2), A(0), 4, RW), A(4), 2, PROT_READ)
  const twoOfFour = anonFixed(anonFixed(empty(4), A(0), 4, RW), A(4), 2, PROT_READ)
  const threeOfFour = anonFixed(twoOfFour, A(8), 1, PROT_READ)
  // three areas where the limit is 2 (mmap refuses only above the limit)
  const over = anonFixed(full, A(8), 1, RW)
  // [A0, A2) r-- below [A2, A6) rw
  const below = anonFixed(anonFixed(empty(2), A(0), 2, PROT_READ), A(2), 4, RW)
  // [A0, A2) rw, [A2, A4) r-x
  const rwThenRx = anonFixed(anonFixed(empty(2), A(0), 2, RW), A(2), 2, RX)
  // [A0, A4) of /f and [A4, A6) of /f at another offset, both shared: same flags, no merge
  const files = fileFixed(fileFixed(empty(2), 3, A(0), 4, RW, true), 3, A(4), 2, PROT_READ, true, 0x10000)
  // [A0, A1) r--, [A1, A2) rw, [A2, A4) rw-p /f at the limit of 3
  const wholeMerge = fileFixed(anonFixed(anonFixed(empty(3), A(0), 1, PROT_READ), A(1), 1, RW), 3, A(2), 2, RW, false)
  // [A0, A4) rw, [A4, A5) r--, [A5, A7) rw-p /f at the limit of 3
  const partMerge = fileFixed(anonFixed(anonFixed(empty(3), A(0), 4, RW), A(4), 1, PROT_READ), 3, A(5), 2, RW, false)
  // [A0, A4) rw, [A4, A6) rw-p /f at the limit of 3
  const twoSplits = fileFixed(anonFixed(empty(3), A(0), 4, RW), 3, A(4), 2, RW, false)
  // [A0, A1) r--, [A1, A2) rw, [A2, A3) r--, [A3, A5) rw-p /f: four areas at the limit of 3
  const bothMerge = fileFixed(
    anonFixed(anonFixed(anonFixed(empty(3), A(0), 1, PROT_READ), A(1), 1, RW), A(2), 1, PROT_READ),
    3,
    A(3),
    2,
    RW,
    false,
  )

  const refused = (space: AddressSpace, addr: number, length: number, prot: number): string => {
    const failure = err(space.mprotect(addr, length, prot))
    expect(failure.code).toBe('ENOMEM')
    expect(failure.message).toMatch(/passes \d+ mappings$/)
    return failure.kernelState === undefined ? 'unchanged' : layout(failure.kernelState).join(' | ')
  }

  it('a cut at either edge of an area is a split: refused at the limit unless the part merges', () => {
    expect(refused(full, A(1), 3 * PAGE, RX)).toBe('unchanged')
    expect(refused(full, A(0), PAGE, RX)).toBe('unchanged')
    // the neighbour has other flags: no merge
    expect(refused(full, A(3), PAGE, RX)).toBe('unchanged')
    // same flags, but the file offsets do not continue: no merge
    expect(refused(files, A(3), PAGE, PROT_READ)).toBe('unchanged')
    // the part would continue the file mapped after the hole, but a merge needs adjacent areas
    const acrossHole = fileFixed(fileFixed(empty(2), 3, A(0), 4, RW, true), 3, A(5), 2, PROT_READ, true, 4 * PAGE)
    expect(refused(acrossHole, A(1), 6 * PAGE, PROT_READ)).toBe('unchanged')
  })

  it('a whole area changes without a split; an unchanged area is not split at all', () => {
    expect(layout(ok(full.mprotect(A(0), 4 * PAGE, RX)))).toEqual([
      range(A(0), A(4), 'r-xp 0'),
      range(A(4), A(6), 'r--p 0'),
    ])
    expect(ok(full.mprotect(A(1), PAGE, RW)).equals(full)).toBe(true)
    // above the limit (three areas where two are allowed), a change without a split still works
    expect(layout(ok(over.mprotect(A(0), 4 * PAGE, RX)))[0]).toBe(range(A(0), A(4), 'r-xp 0'))
  })

  it('two splits need two free slots', () => {
    expect(layout(ok(twoOfFour.mprotect(A(1), PAGE, RX)))).toEqual([
      range(A(0), A(1), 'rw-p 0'),
      range(A(1), A(2), 'r-xp 0'),
      range(A(2), A(4), 'rw-p 0'),
      range(A(4), A(6), 'r--p 0'),
    ])
    expect(refused(threeOfFour, A(1), PAGE, RX)).toBe('unchanged')
  })

  it('a part merges into the area below the range, or into the part changed just before it', () => {
    expect(layout(ok(below.mprotect(A(2), PAGE, PROT_READ)))).toEqual([
      range(A(0), A(3), 'r--p 0'),
      range(A(3), A(6), 'rw-p 0'),
    ])
    expect(layout(ok(rwThenRx.mprotect(A(0), 3 * PAGE, PROT_READ)))).toEqual([
      range(A(0), A(3), 'r--p 0'),
      range(A(3), A(4), 'r-xp 0'),
    ])
  })

  it('an area that merges whole frees a slot for a later split; a part that merges frees none', () => {
    expect(layout(ok(wholeMerge.mprotect(A(1), 2 * PAGE, PROT_READ)))).toEqual([
      range(A(0), A(2), 'r--p 0'),
      range(A(2), A(3), 'r--p 0 /f'),
      range(A(3), A(4), 'rw-p 1000 /f'),
    ])
    expect(layout(ok(bothMerge.mprotect(A(0), 4 * PAGE, PROT_READ)))).toEqual([
      range(A(0), A(3), 'r--p 0'),
      range(A(3), A(4), 'r--p 0 /f'),
      range(A(4), A(5), 'rw-p 1000 /f'),
    ])
    // [A3, A4) merges into [A4, A5): the count stays 3, so /f cannot be split (Linux keeps the first change)
    expect(refused(partMerge, A(3), 3 * PAGE, PROT_READ)).toBe(
      [range(A(0), A(3), 'rw-p 0'), range(A(3), A(5), 'r--p 0'), range(A(5), A(7), 'rw-p 0 /f')].join(' | '),
    )
    // the first split takes the last slot
    expect(refused(twoSplits, A(2), 3 * PAGE, PROT_READ)).toBe(
      [range(A(0), A(2), 'rw-p 0'), range(A(2), A(4), 'r--p 0'), range(A(4), A(6), 'rw-p 0 /f')].join(' | '),
    )
  })
})

describe('mprotect and the commit limit (VM_ACCOUNT)', () => {
  const limited = (pages: number): AddressSpace =>
    anonFixed(AddressSpace.empty({ commitLimit: pages * PAGE }), A(0), 4, PROT_READ)
  const vmflags = (space: AddressSpace): string[] => space.vmas().map((v) => v.vmflags)

  it('making private memory writable charges the part made writable, up to the limit inclusive', () => {
    const failure = err(limited(2).mprotect(A(0), 4 * PAGE, RW))
    expect(failure.code).toBe('ENOMEM')
    expect(failure.kernelState).toBeUndefined()
    expect(layout(ok(limited(3).mprotect(A(1), 3 * PAGE, RW)))).toEqual([
      range(A(0), A(1), 'r--p 0'),
      range(A(1), A(4), 'rw-p 0'),
    ])
  })

  it('a change that charges nothing passes whatever the size: not writable, or already charged', () => {
    expect(layout(ok(limited(2).mprotect(A(0), 4 * PAGE, PROT_READ | PROT_EXEC)))).toEqual([
      range(A(0), A(4), 'r-xp 0'),
    ])
    // two charged mappings of 2 pages merged into one of 4, over the limit of 2
    const charged = anonFixed(anonFixed(AddressSpace.empty({ commitLimit: 2 * PAGE }), A(0), 2, RW), A(2), 2, RW)
    expect(layout(charged)).toEqual([range(A(0), A(4), 'rw-p 0')])
    expect(layout(ok(charged.mprotect(A(0), 4 * PAGE, RW | PROT_EXEC)))).toEqual([range(A(0), A(4), 'rwxp 0')])
  })

  it('only private memory that was not writable gets charged (not shared, MAP_NORESERVE or already writable)', () => {
    const file = AddressSpace.empty({ commitLimit: PAGE }).withFile(3, { path: '/f' })
    const [shared] = ok(file.mmap(A(0), 2 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, 3, 0))
    expect(vmflags(ok(shared.mprotect(A(0), 2 * PAGE, RW)))).toEqual(['rd wr sh mr mw me ms'])
    // writable private memory without a charge (a hugetlb mapping, say) stays uncharged
    const seeded = ok(
      AddressSpace.empty().withMappings([{ start: A(0), end: A(2), perms: 'rw-p', vmflags: 'rd wr mr mw me' }]),
    )
    expect(vmflags(ok(seeded.mprotect(A(0), 2 * PAGE, RW | PROT_EXEC)))).toEqual(['rd wr ex mr mw me'])
    expect(vmflags(ok(limited(4).mprotect(A(0), 2 * PAGE, RW)))).toEqual(['rd wr mr mw me ac', 'rd mr mw me'])
  })
})
