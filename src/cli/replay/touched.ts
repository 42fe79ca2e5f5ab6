/**
 * The ranges a layout call may change, for `Step.touched`.
 *
 * @packageDocumentation
 */
import type { CallResult } from '../strace/line.js'
import type { Syscall } from '../strace/syscall.js'
import { pageUp } from './space.js'
import type { Range } from './step.js'

/** The ranges a layout call acts on: its own range, and for mremap the destination too. */
export const rangesOf = (d: Syscall, result: CallResult): readonly Range[] => {
  const at = (start: number, length: number): Range => ({ start, end: start + pageUp(length) })
  switch (d.kind) {
    case 'mmap':
      return result.kind === 'value' ? [at(result.value, d.length)] : []
    case 'munmap':
    case 'mprotect':
      return [at(d.addr, d.length)]
    case 'mremap': {
      const old = at(d.oldAddr, Math.max(d.oldLength, d.newLength))
      if (result.kind === 'value') return [old, at(result.value, d.newLength)]
      return d.newAddr !== 0 ? [old, at(d.newAddr, d.newLength)] : [old]
    }
    default:
      return []
  }
}
