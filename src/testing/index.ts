/**
 * memory-set/testing: a testing kit for users' own backends and memory
 * managers, built on fast-check (an optional peer dependency: install it to
 * use this entry point).
 *
 * @packageDocumentation
 */
export { checkBackend, type BackendSpec } from './check-backend.js'
export {
  addrArb,
  applyOp,
  areaArb,
  opArb,
  opToString,
  opsArb,
  rangeArb,
  setArb,
  stateArb,
  type Op,
  type Space,
} from './arbitraries.js'
export { checkImplementation, type ImplementationSpec } from './check-implementation.js'
export { assertInvariants, invariantProblem, type InvariantOptions } from './invariants.js'
export { seedModel, type SeedModelOptions, type SystemAdapter } from './system.js'
export { memorySetEquality, memorySetSerializer, type Printer } from './vitest.js'
export { linuxModel, type LinuxModelOptions } from './linux-model.js'
