/**
 * memory-set: persistent (immutable) memory-mapping sets, the bookkeeping
 * behind `mmap`, `munmap` and `mprotect`, as values.
 *
 * @packageDocumentation
 */
export { isAddr, type Addr, type AddrRange } from './address.js'
export { MemoryArea } from './area.js'
export type { MappingBackend, PageTableEffect } from './backend.js'
export { MappingError, type MappingErrorTag } from './error.js'
export { MemorySet, type MappingResult, type MemorySetOptions, type ProtectOptions } from './memory-set.js'
export {
  emptyPageTable,
  noopBackend,
  pageTableBackend,
  pageTableMismatch,
  type PageTable,
  type PageTableBackend,
  type PageTableBackendOptions,
} from './page-table-backend.js'
export { formatMaps, perms, type MapsColumns } from './maps.js'
