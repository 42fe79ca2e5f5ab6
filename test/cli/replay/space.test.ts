import { expect, it } from 'vitest'
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_SHARED,
  MREMAP_DONTUNMAP,
  MREMAP_FIXED,
  MREMAP_MAYMOVE,
  PAGE,
  pageUp,
} from '../../../src/cli/replay/space.js'

it('pageUp rounds up to a whole 4 KiB page', () => {
  expect([0, 1, 4095, 4096, 4097, 0x7f0000000001].map(pageUp)).toEqual([0, 4096, 4096, 4096, 8192, 0x7f0000001000])
})

it('the Linux x86-64 values are the kernel’s', () => {
  expect({
    MAP_SHARED,
    MAP_FIXED,
    MAP_ANONYMOUS,
    MAP_FIXED_NOREPLACE,
    MREMAP_MAYMOVE,
    MREMAP_FIXED,
    MREMAP_DONTUNMAP,
    PAGE,
  }).toEqual({
    MAP_SHARED: 0x01,
    MAP_FIXED: 0x10,
    MAP_ANONYMOUS: 0x20,
    MAP_FIXED_NOREPLACE: 0x100000,
    MREMAP_MAYMOVE: 1,
    MREMAP_FIXED: 2,
    MREMAP_DONTUNMAP: 4,
    PAGE: 4096,
  })
})
