// Property-based verification of a toy mmap against memory-set as the
// reference model: an adapter, one call. The kit generates operation
// sequences, compares every page after every step, and reports the shortest
// failing sequence.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { checkImplementation, type SystemAdapter } from 'memory-set/testing'
import { ToyMmap } from './toy-mmap.js'

const adapter = (make: () => ToyMmap): SystemAdapter<number, ToyMmap> => ({
  create: make,
  map: (vm, start, size, prot) => (vm.mmap(start, size, prot) ? E.right(vm) : E.left('EEXIST')),
  unmap: (vm, start, size) => (vm.munmap(start, size), E.right(vm)),
  protect: (vm, start, size, prot) => (vm.mprotect(start, size, prot), E.right(vm)),
  lookup: (vm, addr) => O.fromNullable(vm.protAt(addr)),
})

checkImplementation({ system: adapter(() => new ToyMmap()), flags: fc.nat(7) })
console.log('the toy mmap agrees with memory-set')

try {
  checkImplementation(
    { system: adapter(() => new ToyMmap({ protectForgetsSplit: true })), flags: fc.nat(7) },
    { seed: 2026 },
  )
} catch (e) {
  console.log((e as Error).message.split('\n').slice(0, 5).join('\n'))
}
