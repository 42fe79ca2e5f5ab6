/**
 * A whole strace output as a list of events in the order they completed, with
 * each interrupted call (`<unfinished ...>` ... `<... resumed>`) joined into
 * one call that remembers the line it was entered on.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseLine, parseResult, traceError, type CallResult, type TraceError } from './line.js'
import { closingParen, splitArgs } from './scan.js'

/** A system call as the trace shows it, after joining its two halves. */
export interface TraceCall {
  readonly kind: 'call'
  /** The line the call completed on (its result), 1-based. */
  readonly line: number
  /** The line it was entered on: `line` unless it was interrupted. */
  readonly entryLine: number
  /** 0 when the trace has no pid prefixes (strace without -f). */
  readonly pid: number
  readonly name: string
  readonly args: readonly string[]
  readonly result: CallResult
}

/** A signal delivery or a process exit line. */
export interface TraceNotice {
  readonly kind: 'signal' | 'exit'
  readonly line: number
  readonly pid: number
  readonly text: string
}

/** What happened, in trace order. */
export type TraceEvent = TraceCall | TraceNotice

/** A line that was skipped under `skipBadLines`, or a call that never completed. */
export interface TraceWarning {
  readonly line: number
  readonly message: string
}

/** A parsed trace. */
export interface Trace {
  readonly events: readonly TraceEvent[]
  readonly warnings: readonly TraceWarning[]
  /** Whether any line had a pid prefix (strace -f). */
  readonly multiProcess: boolean
  readonly lineCount: number
}

/** Options of {@link parseTrace}. */
export interface ParseOptions {
  /** Skip malformed lines with a warning instead of failing on the first one. */
  readonly skipBadLines?: boolean
  /** Ignore lines before this 1-based line number. */
  readonly fromLine?: number
}

/**
 * Parses strace output. The first malformed line is a `Left` with its line
 * number, unless `skipBadLines` is set.
 */
export const parseTrace = (text: string, options: ParseOptions = {}): E.Either<TraceError, Trace> => {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const events: TraceEvent[] = []
  const warnings: TraceWarning[] = []
  const pending = new Map<number, { name: string; args: string; line: number }>()
  let multiProcess = false
  const from = options.fromLine ?? 1

  for (let i = from - 1; i < lines.length; i++) {
    const number = i + 1
    let text = lines[i] ?? ''
    // strace writing to a terminal or stderr can print its own note in the middle of
    // a call line: `munmap(0x7f00, 4096strace: Process 6691 attached` + `) = 0`.
    const note = text.includes('strace: Process') ? embeddedNote.exec(text) : null
    if (note !== null && note.index > 0 && i + 1 < lines.length) {
      text = text.slice(0, note.index) + (lines[i + 1] ?? '')
      i++
    }
    const parsed = parseLine(text, number)
    if (E.isLeft(parsed)) {
      if (options.skipBadLines === true) {
        warnings.push({ line: number, message: `skipped: ${parsed.left.message}` })
        continue
      }
      return parsed
    }
    const l = parsed.right
    if (l.pid !== undefined) multiProcess = true
    const pid = l.pid ?? 0
    switch (l.kind) {
      case 'note':
        break
      case 'signal':
      case 'exit':
        if (l.kind === 'exit') {
          const open = pending.get(pid)
          if (open !== undefined) {
            // The process ended inside this call (exit_group, a killed thread).
            pending.delete(pid)
            events.push(finished(pid, open, number, { kind: 'none', text: 'never resumed' }))
          }
        }
        events.push({ kind: l.kind, line: number, pid, text: l.text })
        break
      case 'call':
        events.push({
          kind: 'call',
          line: number,
          entryLine: number,
          pid,
          name: l.name,
          args: splitArgs(l.args),
          result: l.result,
        })
        break
      case 'unfinished': {
        const open = pending.get(pid)
        if (open !== undefined) warnings.push({ line: open.line, message: `${open.name} was never resumed` })
        pending.set(pid, { name: l.name, args: l.args, line: number })
        break
      }
      case 'resumed': {
        const open = pending.get(pid)
        if (open === undefined || open.name !== l.name) {
          const message = `<... ${l.name} resumed> without its <unfinished ...> line`
          // A trace that starts in the middle of a call (strace -p, --from-line) has these.
          if (options.skipBadLines === true || open === undefined) {
            warnings.push({ line: number, message: `skipped: ${message}` })
            continue
          }
          return E.left(traceError(number, message, lines[i] ?? ''))
        }
        pending.delete(pid)
        // The two halves are one argument list: `mmap(NULL, 4096 <unfinished ...>`
        // + `<... mmap resumed>, PROT_READ, ...) = 0x7f00`.
        const whole = open.args + l.rest
        const close = closingParen(whole, 0)
        const result = close < 0 ? undefined : parseResult(whole.slice(close + 1))
        if (result === undefined) {
          if (options.skipBadLines === true) {
            warnings.push({ line: number, message: `skipped: no result after <... ${l.name} resumed>` })
            continue
          }
          return E.left(traceError(number, `no result after <... ${l.name} resumed>`, lines[i] ?? ''))
        }
        events.push({
          kind: 'call',
          line: number,
          entryLine: open.line,
          pid,
          name: l.name,
          args: splitArgs(whole.slice(0, close)),
          result,
        })
        break
      }
    }
  }
  for (const [pid, open] of pending) {
    warnings.push({ line: open.line, message: `${open.name} was never resumed` })
    events.push(finished(pid, open, lines.length, { kind: 'none', text: 'never resumed' }))
  }
  return E.right({
    events: multiProcess ? ownUnprefixed(events) : events,
    warnings,
    multiProcess,
    lineCount: lines.length,
  })
}

/**
 * strace -f writing to a terminal or stderr prints no pid prefix while it traces
 * a single process (before the first clone, after the others exited). Those
 * lines belong to the only live process: the traced program itself at first.
 */
const ownUnprefixed = (events: readonly TraceEvent[]): readonly TraceEvent[] => {
  const children = new Set(
    events.flatMap((e) =>
      e.kind === 'call' && /^(clone3?|v?fork)$/.test(e.name) && e.result.kind === 'value' ? [e.result.value] : [],
    ),
  )
  const origin = events.find((e) => e.pid !== 0 && !children.has(e.pid))?.pid ?? 0
  const live = new Set([origin])
  return events.map((e) => {
    if (e.pid !== 0) {
      if (e.kind === 'exit') live.delete(e.pid)
      else live.add(e.pid)
      return e
    }
    const only = live.size === 1 ? [...live][0] : undefined
    return { ...e, pid: only ?? origin }
  })
}

const embeddedNote = /strace: Process \d+ (?:attached|detached|resumed)(?: \(.*\))?$/

const finished = (
  pid: number,
  open: { name: string; args: string; line: number },
  line: number,
  result: CallResult,
): TraceCall => ({ kind: 'call', line, entryLine: open.line, pid, name: open.name, args: splitArgs(open.args), result })
