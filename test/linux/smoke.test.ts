import * as E from 'fp-ts/lib/Either.js'
import { expect, it } from 'vitest'
import { AddressSpace, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../src/linux/index.js'

it('smoke', () => {
  const space = AddressSpace.empty()
  const r = E.flatMap(space.mmap(0, 0x3000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS), ([s, addr]) =>
    s.mprotect(addr + 0x1000, 0x1000, PROT_READ),
  )
  if (E.isLeft(r)) throw new Error(r.left.message)
  console.log(r.right.toString())
  expect(r.right.vmas().map((v) => v.perms)).toEqual(['rw-p', 'r--p', 'rw-p'])
})
