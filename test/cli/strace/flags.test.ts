import * as E from 'fp-ts/lib/Either.js'
import { fc, test } from '@fast-check/vitest'
import { expect, it } from 'vitest'
import { hasFlag, mapFlags, mremapFlags, parseFlags, protFlags } from '../../../src/cli/strace/flags.js'

it('reads symbolic flags with their Linux values', () => {
  expect(parseFlags('PROT_READ|PROT_WRITE', protFlags)).toEqual(E.right(3))
  expect(parseFlags('PROT_NONE', protFlags)).toEqual(E.right(0))
  expect(parseFlags('MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED', mapFlags)).toEqual(E.right(0x32))
  expect(parseFlags('MAP_SHARED_VALIDATE|MAP_FIXED_NOREPLACE', mapFlags)).toEqual(E.right(0x100003))
  expect(parseFlags('MREMAP_MAYMOVE|MREMAP_FIXED', mremapFlags)).toEqual(E.right(3))
})

it('keeps numeric leftovers', () => {
  expect(parseFlags('MAP_PRIVATE|MAP_ANONYMOUS|0x40000', mapFlags)).toEqual(E.right(0x40022))
  expect(parseFlags('0', mapFlags)).toEqual(E.right(0))
})

it('names the part it does not know', () => {
  expect(parseFlags('MAP_PRIVATE|MAP_BOGUS', mapFlags)).toEqual(
    E.left('unknown flag "MAP_BOGUS" in "MAP_PRIVATE|MAP_BOGUS"'),
  )
  expect(parseFlags('MAP_PRIVATE | MAP_BOGUS ', mapFlags)).toEqual(
    E.left('unknown flag "MAP_BOGUS" in "MAP_PRIVATE | MAP_BOGUS "'),
  )
})

it('ignores blanks around the parts', () => {
  expect(parseFlags(' PROT_READ | PROT_WRITE ', protFlags)).toEqual(E.right(3))
  expect(parseFlags('MAP_PRIVATE| 0x40000', mapFlags)).toEqual(E.right(0x40002))
})

test.prop([fc.subarray(Object.keys(mapFlags), { minLength: 1 })])(
  'the value of a set of names is the union of their bits',
  (names) => {
    const want = names.reduce((v, n) => v | BigInt(mapFlags[n] ?? 0), 0n)
    expect(parseFlags(names.join('|'), mapFlags)).toEqual(E.right(Number(want)))
  },
)

it('hasFlag looks for one name', () => {
  expect(hasFlag('CLONE_VM|CLONE_FS|SIGCHLD', 'CLONE_VM')).toBe(true)
  expect(hasFlag('CLONE_VMX|SIGCHLD', 'CLONE_VM')).toBe(false)
  expect(hasFlag('SIGCHLD | CLONE_VM ', 'CLONE_VM')).toBe(true)
  expect(hasFlag(' CLONE_VM', 'CLONE_VM')).toBe(true)
})
