/**
 * The `vm_flags` bits the model keeps per area, with Linux's bit values.
 * Areas merge only when these are equal (a plain number, so `Immutable.is`
 * compares them by value), which is Linux's rule: `VM_SOFTDIRTY` is the only
 * flag Linux ignores when merging, and the model does not keep it.
 */
export const VM_READ = 0x1
export const VM_WRITE = 0x2
export const VM_EXEC = 0x4
export const VM_SHARED = 0x8
export const VM_MAYREAD = 0x10
export const VM_MAYWRITE = 0x20
export const VM_MAYEXEC = 0x40
export const VM_MAYSHARE = 0x80
export const VM_GROWSDOWN = 0x100
export const VM_PFNMAP = 0x400
export const VM_LOCKED = 0x2000
export const VM_IO = 0x4000
export const VM_DONTEXPAND = 0x40000
export const VM_ACCOUNT = 0x100000
export const VM_NORESERVE = 0x200000
export const VM_DROPPABLE = 0x4000_0000_0
export const VM_NOHUGEPAGE = 0x40000000
/**
 * Not a Linux flag: marks private anonymous memory (Linux's
 * `vma_is_anonymous`), whose `VM_ACCOUNT` `mprotect` drops when it becomes
 * read-only and whose offset `mremap` moves with it. Private anonymous and
 * file memory never merge anyway (different objects), so this bit changes no
 * merging decision.
 */
export const VM_ANON = 0x8000_0000_0

export const VM_ACCESS = VM_READ | VM_WRITE | VM_EXEC

/** `smaps` `VmFlags` mnemonics, in the kernel's order. */
const MNEMONICS: readonly (readonly [number, string])[] = [
  [VM_READ, 'rd'],
  [VM_WRITE, 'wr'],
  [VM_EXEC, 'ex'],
  [VM_SHARED, 'sh'],
  [VM_MAYREAD, 'mr'],
  [VM_MAYWRITE, 'mw'],
  [VM_MAYEXEC, 'me'],
  [VM_MAYSHARE, 'ms'],
  [VM_GROWSDOWN, 'gd'],
  [VM_PFNMAP, 'pf'],
  [VM_LOCKED, 'lo'],
  [VM_IO, 'io'],
  [VM_DONTEXPAND, 'de'],
  [VM_ACCOUNT, 'ac'],
  [VM_NORESERVE, 'nr'],
  [VM_NOHUGEPAGE, 'nh'],
]

/** The `smaps` `VmFlags` text of `flags` (only the bits the model keeps). */
export const vmFlagsText = (flags: number): string =>
  MNEMONICS.filter(([bit]) => has(flags, bit))
    .map(([, name]) => name)
    .join(' ')

/** The bits named in an `smaps` `VmFlags` text (unknown names are ignored). */
export const parseVmFlags = (text: string): number => {
  let flags = 0
  for (const name of text.split(/\s+/)) {
    const entry = MNEMONICS.find(([, n]) => n === name)
    if (entry !== undefined) flags += entry[0]
  }
  return flags
}

/**
 * Whether `flags` has `bit`. The flags pass 2^32 (`VM_DROPPABLE`, `VM_ANON`),
 * and JavaScript's `&` works on 32 bits, so high bits are tested by division.
 */
export const has = (flags: number, bit: number): boolean => Math.floor(flags / bit) % 2 === 1

/** `flags` with `bit` set. */
export const withBit = (flags: number, bit: number): number => (has(flags, bit) ? flags : flags + bit)

/** `flags` without `bit`. */
export const withoutBit = (flags: number, bit: number): number => (has(flags, bit) ? flags - bit : flags)

/** The access bits (`PROT_*` values) of `flags`. */
export const protOf = (flags: number): number => flags % 8
