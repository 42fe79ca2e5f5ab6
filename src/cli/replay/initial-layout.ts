/**
 * What a new address space starts with, read from the trace ahead: its
 * initial program break and the top of its mmap area.
 *
 * @packageDocumentation
 */
import type { Syscall } from '../strace/syscall.js'
import type { TraceCall } from '../strace/trace.js'
import { MAP_FIXED, MAP_FIXED_NOREPLACE, pageUp } from './space.js'

/** The options of a space's `emptySpace` call. */
export interface InitialLayout {
  readonly brk?: number
  readonly mmapBase?: number
}

/**
 * For a space that pid `pid` starts at line `after` (its execve, or the start
 * of the trace): the first break it reports, and the top of the first mapping
 * the kernel placed itself. The mmap base (randomized per process) sits right
 * above that mapping, once ld.so and the vdso, mapped by the kernel before
 * tracing began, are left out of account. With `perProcess` false (no process
 * lines: one space for every pid) the first of any pid counts.
 */
export const initialLayout = (
  decoded: ReadonlyMap<TraceCall, Syscall>,
  perProcess: boolean,
): ((pid: number, after: number) => InitialLayout) => {
  const brks = new Map<number, { line: number; value: number }[]>()
  const tops = new Map<number, { line: number; value: number }[]>()
  const add = (to: Map<number, { line: number; value: number }[]>, pid: number, line: number, value: number): void => {
    const list = to.get(pid) ?? []
    list.push({ line, value })
    to.set(pid, list)
  }
  for (const [c, d] of decoded) {
    if (c.result.kind !== 'value') continue
    if (d.kind === 'brk') add(brks, c.pid, c.line, c.result.value)
    else if (d.kind === 'mmap' && d.addr === 0 && (d.flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) === 0) {
      add(tops, c.pid, c.line, c.result.value + pageUp(d.length))
    }
  }
  const first = (
    from: Map<number, { line: number; value: number }[]>,
    pid: number,
    after: number,
  ): number | undefined =>
    perProcess
      ? (from.get(pid) ?? []).find((b) => b.line >= after)?.value
      : [...from.values()].flat().sort((a, b) => a.line - b.line)[0]?.value
  return (pid, after) => {
    const brk = first(brks, pid, after)
    const mmapBase = first(tops, pid, after)
    return { ...(brk === undefined ? {} : { brk }), ...(mmapBase === undefined ? {} : { mmapBase }) }
  }
}
