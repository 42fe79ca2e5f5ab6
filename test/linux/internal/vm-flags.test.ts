import fc from 'fast-check'
import { expect, it } from 'vitest'
import {
  has,
  parseVmFlags,
  protOf,
  VM_ACCOUNT,
  VM_ANON,
  VM_DROPPABLE,
  VM_READ,
  vmFlagsText,
  withBit,
  withoutBit,
} from '../../../src/linux/internal/vm-flags.js'

const bits = [VM_READ, VM_ACCOUNT, VM_DROPPABLE, VM_ANON]

it('has / withBit / withoutBit work above 32 bits too', () => {
  fc.assert(
    fc.property(fc.subarray(bits), fc.constantFrom(...bits), (set, bit) => {
      const flags = set.reduce((f, b) => withBit(f, b), 0)
      expect(has(flags, bit)).toBe(set.includes(bit))
      expect(has(withBit(flags, bit), bit)).toBe(true)
      expect(has(withoutBit(flags, bit), bit)).toBe(false)
      expect(withoutBit(withBit(flags, bit), bit)).toBe(withoutBit(flags, bit))
    }),
  )
})

it('vmFlagsText and parseVmFlags are inverse on the modelled mnemonics, in smaps order', () => {
  const text = 'rd wr mr mw me ac'
  expect(vmFlagsText(parseVmFlags(text))).toBe(text)
  expect(vmFlagsText(parseVmFlags('ac rd sd dd'))).toBe('rd ac') // unknown names are ignored
  expect(protOf(parseVmFlags('rd ex'))).toBe(5)
})
