import { expect, it } from 'vitest'
import * as linux from '../../src/linux/index.js'

it('MAP_SHARED_VALIDATE is MAP_SHARED | MAP_PRIVATE, and MAP_TYPE covers the map types', () => {
  expect(linux.MAP_SHARED_VALIDATE).toBe(linux.MAP_SHARED | linux.MAP_PRIVATE)
  for (const type of [linux.MAP_SHARED, linux.MAP_PRIVATE, linux.MAP_SHARED_VALIDATE]) {
    expect(type & linux.MAP_TYPE).toBe(type)
  }
})

it('the flag bits are distinct single bits (outside MAP_TYPE)', () => {
  const bits = [
    linux.MAP_FIXED,
    linux.MAP_ANONYMOUS,
    linux.MAP_GROWSDOWN,
    linux.MAP_LOCKED,
    linux.MAP_NORESERVE,
    linux.MAP_POPULATE,
    linux.MAP_STACK,
    linux.MAP_FIXED_NOREPLACE,
  ]
  expect(new Set(bits).size).toBe(bits.length)
  for (const bit of bits) {
    expect(bit & (bit - 1)).toBe(0)
    expect(bit & linux.MAP_TYPE).toBe(0)
  }
  expect(linux.MAP_FIXED_NOREPLACE).toBe(0x100000) // fixed by the contract
})

it('PROT bits combine into the 3-bit access mask; mremap flags are distinct bits', () => {
  expect(linux.PROT_READ | linux.PROT_WRITE | linux.PROT_EXEC).toBe(7)
  expect(linux.PROT_NONE).toBe(0)
  expect(linux.MREMAP_MAYMOVE | linux.MREMAP_FIXED | linux.MREMAP_DONTUNMAP).toBe(7)
})
