/**
 * The replay: one pass over a parsed trace that turns every call into a step
 * holding a persistent version of its address space, infers the address
 * spaces from process lines (threads share, fork copies, execve starts
 * afresh), and reorders threads' calls that completed out of order.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { traceError, type TraceError } from '../strace/line.js'
import { decodeSyscall, type Syscall } from '../strace/syscall.js'
import type { Trace, TraceCall, TraceNotice, TraceWarning } from '../strace/trace.js'
import { applyLayout } from './apply.js'
import { declareFile, type FdTable, type Files } from './files.js'
import { initialLayout } from './initial-layout.js'
import { rangesOf } from './touched.js'
import { MAP_ANONYMOUS, pageUp, type EmptySpace, type ReplaySpace } from './space.js'
import { unionOf, type Outcome, type Range, type Step } from './step.js'

/** Where an address space came from. */
export interface SpaceOrigin {
  readonly id: number
  /** `start`: the first process, or memory the trace never saw created. */
  readonly kind: 'start' | 'exec' | 'fork'
  readonly pid: number
  readonly line: number
  /** The space a fork copied. */
  readonly parent: number | undefined
  /** The space before its first step. */
  readonly initial: ReplaySpace
}

/** The pid `pid` uses space `spaceId` from line `line` on. */
export interface Assignment {
  readonly pid: number
  readonly spaceId: number
  readonly line: number
}

/** A replayed trace: every step, every space, and the files mapped. */
export interface Replay {
  readonly steps: readonly Step[]
  readonly spaces: readonly SpaceOrigin[]
  readonly assignments: readonly Assignment[]
  /** The file behind each fd the replay declared to its spaces: the traced fd and its path when known. */
  readonly files: ReadonlyMap<number, { readonly fd: number; readonly path: string | undefined }>
  readonly notices: readonly TraceNotice[]
  readonly warnings: readonly TraceWarning[]
  /** Whether the trace has clone/fork/vfork/execve lines (then spaces are inferred). */
  readonly processLines: boolean
  readonly lineCount: number
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  readonly emptySpace: EmptySpace
  /** Without process lines: only these pids' calls act on the (one) space. */
  readonly pids?: ReadonlySet<number>
  /** Apply only the calls that completed before this 1-based line. */
  readonly untilLine?: number
  /** Skip calls whose arguments cannot be read, with a warning. */
  readonly skipBadLines?: boolean
  /** Called now and then with the fraction of the trace done. */
  readonly onProgress?: (fraction: number) => void
}

const processCalls = new Set(['clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat'])

/** Replays `trace`; a call whose arguments cannot be read is a `Left` with its line. */
export const replay = (trace: Trace, options: ReplayOptions): E.Either<TraceError, Replay> => {
  const until = options.untilLine ?? Infinity
  const calls = trace.events.filter((e): e is TraceCall => e.kind === 'call' && e.line < until)
  const processLines = calls.some((c) => processCalls.has(c.name))
  const selected = (pid: number): boolean => processLines || options.pids === undefined || options.pids.has(pid)

  // Decode every call first: a malformed one stops the replay before any work.
  const decoded = new Map<TraceCall, Syscall>()
  const warnings: TraceWarning[] = [...trace.warnings]
  for (const c of calls) {
    if (!selected(c.pid)) continue
    const d = decodeSyscall(c)
    if (E.isRight(d)) decoded.set(c, d.right)
    else if (options.skipBadLines === true) warnings.push({ line: c.line, message: `skipped: ${d.left}` })
    else return E.left(traceError(c.line, d.left, `${c.name}(${c.args.join(', ')})`))
  }

  // Who was cloned by whom: a child's lines can come before its parent's clone returns.
  const cloneOf = new Map<number, { parent: number; shareVm: boolean }>()
  for (const [c, d] of decoded) {
    if (d.kind === 'clone' && c.result.kind === 'value' && c.result.value > 0) {
      cloneOf.set(c.result.value, { parent: c.pid, shareVm: d.shareVm })
    }
  }
  const layoutOf = initialLayout(decoded, processLines)

  const spaces: SpaceOrigin[] = []
  const current: ReplaySpace[] = []
  const fdTables: FdTable[] = []
  const files: Files = new Map()
  const assignments: Assignment[] = []
  const pidSpace = new Map<number, number>()

  const newSpace = (
    kind: SpaceOrigin['kind'],
    pid: number,
    line: number,
    parent: number | undefined,
    initial: ReplaySpace,
  ): number => {
    const id = spaces.length
    spaces.push({ id, kind, pid, line, parent, initial })
    current.push(initial)
    fdTables.push(parent === undefined ? new Map() : new Map(fdTables[parent]))
    return id
  }
  const fresh = (pid: number, line: number): ReplaySpace => options.emptySpace(layoutOf(pid, line))
  const assign = (pid: number, spaceId: number, line: number): number => {
    pidSpace.set(pid, spaceId)
    assignments.push({ pid, spaceId, line })
    return spaceId
  }
  const spaceOf = (pid: number, line: number): number => {
    const known = pidSpace.get(pid)
    if (known !== undefined) return known
    const clone = cloneOf.get(pid)
    if (clone !== undefined && clone.parent !== pid) {
      const parent = spaceOf(clone.parent, line)
      if (clone.shareVm) return assign(pid, parent, line)
      // fork: a copy of the parent's space as it is now; O(1), it is a persistent value.
      return assign(pid, newSpace('fork', pid, line, parent, current[parent] ?? fresh(pid, line)), line)
    }
    // Without process lines every thread shares one space. With them, a pid that no
    // traced clone made (a thread that existed before tracing began, under strace -p)
    // is taken to share the first process's space as it is now (after its execve).
    const first = assignments[0]?.pid
    const shared = first === undefined ? undefined : pidSpace.get(first)
    if (shared !== undefined) return assign(pid, shared, line)
    return assign(pid, newSpace('start', pid, line, undefined, fresh(pid, 0)), line)
  }

  // Calls entered but not yet completed, for reordering (see `landOn`).
  const interrupted = calls
    .filter((c) => c.entryLine < c.line && (decoded.get(c)?.kind === 'munmap' || decoded.get(c)?.kind === 'mremap'))
    .sort((a, b) => a.entryLine - b.entryLine)
  let nextInterrupted = 0
  const open = new Set<TraceCall>()
  const earlyAt = new Map<TraceCall, number>()

  const steps: Step[] = []
  const total = calls.length
  for (const [i, call] of calls.entries()) {
    if (options.onProgress !== undefined && i % 8192 === 0) options.onProgress(i / total)
    if (!selected(call.pid)) continue
    while (nextInterrupted < interrupted.length && (interrupted[nextInterrupted]?.entryLine ?? Infinity) < call.line) {
      const c = interrupted[nextInterrupted++]
      if (c !== undefined) open.add(c)
    }
    open.delete(call)
    const spaceId = spaceOf(call.pid, call.line)
    const syscall = decoded.get(call)
    let space = current[spaceId] ?? options.emptySpace({})
    let outcome: Outcome = 'ignored'
    let note: string | undefined
    // Where this step may change the space (see Step.touched).
    const touched: Range[] = []
    let touchedAll = false

    /**
     * Another thread's munmap or mremap that was entered before this line and is
     * still running, on the pages a result just landed on, has already freed them:
     * the kernel only hands out free pages. Apply it first.
     */
    const landOn = (start: number, length: number): void => {
      const end = start + pageUp(length)
      for (const c of open) {
        const d = decoded.get(c)
        if (c.pid === call.pid || c.result.kind !== 'value' || d === undefined) continue
        if (pidSpace.get(c.pid) !== spaceId) continue
        if (d.kind !== 'munmap' && d.kind !== 'mremap') continue
        const [from, size] = d.kind === 'munmap' ? [d.addr, d.length] : [d.oldAddr, d.oldLength]
        if (from >= end || from + pageUp(size) <= start) continue
        const r = applyLayout(space, d, -1, c.result)
        space = r.space
        touched.push(...rangesOf(d, c.result))
        open.delete(c)
        earlyAt.set(c, call.line)
      }
    }

    if (syscall !== undefined) {
      switch (syscall.kind) {
        case 'mmap':
        case 'munmap':
        case 'mprotect':
        case 'mremap':
        case 'brk': {
          const early = earlyAt.get(call)
          if (early !== undefined) {
            outcome = 'early'
            note = `applied at line ${early}, where another thread's result landed on these pages`
            break
          }
          let fd = -1
          if (syscall.kind === 'mmap' && (syscall.flags & MAP_ANONYMOUS) === 0 && syscall.fd >= 0) {
            ;[space, fd] = declareFile(space, fdTables[spaceId] ?? new Map(), files, syscall.fd, syscall.path)
          }
          if (call.result.kind === 'value') {
            if (syscall.kind === 'mmap') landOn(call.result.value, syscall.length)
            if (syscall.kind === 'mremap') landOn(call.result.value, syscall.newLength)
          }
          const before = space
          const r = applyLayout(space, syscall, fd, call.result)
          space = r.space
          outcome = r.outcome
          note = r.note
          if (space !== before) {
            // A break move or a disagreement may change pages the call does not name.
            if (syscall.kind === 'brk' || outcome === 'disagreed') touchedAll = true
            else touched.push(...rangesOf(syscall, call.result))
          }
          break
        }
        case 'event':
          outcome = call.result.kind === 'value' ? 'event' : 'failed'
          break
        case 'unmodelled':
          outcome = call.result.kind === 'value' ? 'unmodelled' : 'failed'
          note = `${call.name} is not modelled`
          break
        case 'clone':
          outcome = call.result.kind === 'value' ? 'process' : 'failed'
          if (call.result.kind === 'value' && call.result.value > 0) spaceOf(call.result.value, call.line)
          break
        case 'execve':
          if (call.result.kind === 'value') {
            outcome = 'process'
            current[spaceId] = space
            const id = newSpace('exec', call.pid, call.line, undefined, fresh(call.pid, call.line))
            // The new program has its own fd table view; the old one's files are not its mappings.
            fdTables[id] = new Map()
            assign(call.pid, id, call.line)
            steps.push({
              number: steps.length + 1,
              call,
              syscall,
              spaceId: id,
              outcome,
              note,
              space: spaces[id]?.initial ?? space,
              touched: [],
            })
            continue
          }
          outcome = 'failed'
          break
        case 'open':
          if (call.result.kind === 'value')
            fdTables[spaceId]?.set(call.result.value, { path: syscall.path, file: undefined })
          break
        case 'close':
          fdTables[spaceId]?.delete(syscall.fd)
          break
        case 'other':
          break
      }
    }
    const changed = space !== current[spaceId]
    steps.push({
      number: steps.length + 1,
      call,
      syscall,
      spaceId,
      outcome,
      note,
      space,
      touched: !changed ? [] : touchedAll ? 'all' : unionOf(touched),
    })
    current[spaceId] = space
  }
  options.onProgress?.(1)
  return E.right({
    steps,
    spaces,
    assignments,
    files,
    notices: trace.events.filter((e): e is TraceNotice => e.kind !== 'call' && e.line < until),
    warnings,
    processLines,
    lineCount: trace.lineCount,
  })
}
