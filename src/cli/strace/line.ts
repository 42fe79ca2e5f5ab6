/**
 * One line of strace output, split into its prefix (pid, timestamp) and its
 * body: a finished call, the first or second half of an interrupted call, a
 * signal, an exit, or one of strace's own notes.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { hexValue } from './numbers.js'
import { closingParen } from './scan.js'

/** What a call returned: a value, an error (`-1 ENOMEM (...)`), or nothing (`?`). */
export type CallResult =
  | { readonly kind: 'value'; readonly value: number; readonly text: string }
  | { readonly kind: 'error'; readonly errno: string; readonly text: string }
  | { readonly kind: 'none'; readonly text: string }

/** The parts every line shares. */
interface Common {
  /** 1-based line number in the trace. */
  readonly line: number
  /** The pid prefix (`[pid  123] ` or `123  `), or undefined without `-f`. */
  readonly pid: number | undefined
}

/** One parsed line. */
export type TraceLine = Common &
  (
    | { readonly kind: 'call'; readonly name: string; readonly args: string; readonly result: CallResult }
    | { readonly kind: 'unfinished'; readonly name: string; readonly args: string }
    | { readonly kind: 'resumed'; readonly name: string; readonly rest: string }
    | { readonly kind: 'signal'; readonly text: string }
    | { readonly kind: 'exit'; readonly text: string }
    | { readonly kind: 'note'; readonly text: string }
  )

/** A line that is not strace output, with its number and what was wrong. */
export interface TraceError {
  readonly _tag: 'TraceError'
  readonly line: number
  readonly message: string
  readonly text: string
}

export const traceError = (line: number, message: string, text: string): TraceError => ({
  _tag: 'TraceError',
  line,
  message,
  text,
})

// `[pid  123] ` (strace to a terminal or stderr) or `123  ` (with -o and -f).
const pidPrefix = /^(?:\[pid\s+(\d+)\]|(\d+))\s+/
// -t `12:34:56 `, -tt `12:34:56.123456 `, -ttt / -r `1700000000.123456 `.
const timePrefix = /^(?:\d\d:\d\d:\d\d(?:\.\d+)?|\d+\.\d+)\s+/
const callStart = /^([A-Za-z_][A-Za-z0-9_]*)\(/
const resumedStart = /^<\.\.\. ([A-Za-z_][A-Za-z0-9_]*) resumed>\s?/
const unfinishedEnd = /\s*<unfinished \.\.\.>\s*$/

/** Parses the line numbered `line` (1-based). */
export const parseLine = (text: string, line: number): E.Either<TraceError, TraceLine> => {
  let rest = text.trimEnd()
  let pid: number | undefined
  const p = pidPrefix.exec(rest)
  // A lone number followed by a space is a pid; a timestamp (`12:34:56`,
  // `1700000000.123456`) is not, as its digits go on with `:` or `.`.
  if (p !== null) {
    pid = Number(p[1] ?? p[2])
    rest = rest.slice(p[0].length)
  }
  const t = timePrefix.exec(rest)
  if (t !== null) rest = rest.slice(t[0].length)
  const common = { line, pid }
  const fail = (message: string): E.Either<TraceError, TraceLine> => E.left(traceError(line, message, text))

  if (rest === '' || rest.startsWith('strace: ') || rest.startsWith('[ Process PID=')) {
    return E.right({ ...common, kind: 'note', text: rest })
  }
  if (rest.startsWith('--- ')) {
    return rest.endsWith(' ---')
      ? E.right({ ...common, kind: 'signal', text: rest.slice(4, -4) })
      : fail('signal line without its closing ---')
  }
  if (rest.startsWith('+++ ')) {
    return rest.endsWith(' +++')
      ? E.right({ ...common, kind: 'exit', text: rest.slice(4, -4) })
      : fail('exit line without its closing +++')
  }
  const resumed = resumedStart.exec(rest)
  if (resumed !== null) {
    return E.right({ ...common, kind: 'resumed', name: resumed[1] ?? '', rest: rest.slice(resumed[0].length) })
  }
  const call = callStart.exec(rest)
  if (call === null) return fail('not a system call, signal, exit or resumed line')
  const name = call[1] ?? ''
  const argsFrom = call[0].length
  const close = closingParen(rest, argsFrom)
  if (close < 0) {
    const u = unfinishedEnd.exec(rest)
    if (u !== null) return E.right({ ...common, kind: 'unfinished', name, args: rest.slice(argsFrom, u.index) })
    // `exit(0) <detached ...>` style and cut-off lines end up here.
    if (/<detached \.\.\.>$/.test(rest)) return E.right({ ...common, kind: 'note', text: rest })
    return fail(`the argument list of ${name} is not closed`)
  }
  const tail = rest.slice(close + 1)
  const result = parseResult(tail)
  if (result === undefined) return fail(`no result after ${name}(...): expected " = VALUE"`)
  return E.right({ ...common, kind: 'call', name, args: rest.slice(argsFrom, close), result })
}

/** The result after a call's `)`: `= 0x7f00 <0.000009>`, `= -1 ENOMEM (...)`, `= ?`. */
export const parseResult = (tail: string): CallResult | undefined => {
  const m = /^\s*=\s*(.*)$/.exec(tail)
  if (m === null) return undefined
  // -T appends the time spent, `<0.000009>`; -y may append a path to an fd.
  const text = (m[1] ?? '').replace(/\s*<\d+\.\d+>$/, '')
  const err = /^(?:-1|\?) (E[A-Z0-9]+)\b/.exec(text)
  if (err !== null) return { kind: 'error', errno: err[1] ?? '', text }
  if (text.startsWith('?')) return { kind: 'none', text }
  const v = /^(-?0x[0-9a-fA-F]+|-?\d+)/.exec(text)
  if (v === null) return undefined
  const token = v[1] ?? ''
  const value = token.includes('x') ? hexValue(token) : Number(token)
  return { kind: 'value', value, text }
}
