/**
 * memory-set/linux: a process's address space that answers `mmap`,
 * `munmap`, `mprotect`, `mremap` and `brk` as Linux 6.18 does.
 *
 * @packageDocumentation
 * @module memory-set/linux
 */
export { AddressSpace, type AddressSpaceOptions, type FileOptions, type SeedMapping } from './address-space.js'
export { LinuxBackend, type MapObject } from './backend.js'
export * from './constants.js'
export { errno, isErrno, type Errno, type ErrnoCode } from './errno.js'
export { formatVma, permsOf, type Vma } from './vma.js'
