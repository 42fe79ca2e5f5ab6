/**
 * The command line of `memory-set replay`, parsed into options or a usage
 * error, and the help text that explains every option.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseNumber } from './strace/numbers.js'

/** A point of the replay: after step N, or after every call completed at or before line N. */
export type Point = { readonly kind: 'step'; readonly n: number } | { readonly kind: 'line'; readonly n: number }

/** The parsed command line. */
export interface Options {
  readonly trace: string
  readonly pids: readonly number[] | undefined
  readonly fromLine: number | undefined
  readonly untilLine: number | undefined
  readonly json: boolean
  readonly at: Point | undefined
  readonly diff: readonly [Point, Point] | undefined
  readonly stats: boolean
  readonly explain: number | undefined
  readonly html: string | undefined
  readonly steps: boolean
  readonly check: string | undefined
  readonly interactive: boolean
  readonly skipBadLines: boolean
}

/** The help text. */
export const usage = `Usage: memory-set replay TRACE [options]

Rebuilds a process's address space from strace output, call by call, and
prints it as /proc/PID/maps does. TRACE is a file written by
  strace -f -e trace=memory[,process] [-y] [-tt] [-T] -o TRACE PROGRAM ...
or - for standard input. Every call becomes a step; every step's address space
is kept, so any point of the trace can be shown at once.

Choosing what to replay:
  --pid PIDS          comma-separated pids whose calls act on the address space
                      shown (threads share one). With process lines (clone, fork,
                      vfork, execve) the spaces are inferred and --pid P selects
                      the one P was using; without --pid: the traced program's.
  --from-line N       ignore lines before line N (an earlier program image).
  --until-line N      apply only the calls that completed before line N.
  --skip-bad-lines    skip malformed lines with a warning instead of stopping
                      at the first one (the error names its line number).

What to print (default: the map after the last step):
  --json              the areas as a JSON array of {start, end, perms,
                      file_backed, offset} (and path when known).
  --at POINT          the map at POINT: a step number N (after the N-th call),
                      or line:N (after every call completed by line N).
  --diff A B          what changed between points A and B: areas removed (-)
                      and added (+).
  --stats             areas, mapped bytes, the peak and where it was reached,
                      calls by kind and how the replay handled them.
  --explain ADDR      the history of the area holding ADDR (hex 0x... or
                      decimal): the lines that created and changed it.
  --steps             one line per step: line, pid, call, result, outcome.
  --check MAPS        compare with the kernel's /proc/PID/maps saved in file
                      MAPS, on every range the trace explains (exit code 3 on a
                      mismatch).
  --html FILE         write one self-contained page to FILE: the address space
                      over time (steps across, addresses up, areas coloured by
                      permissions, large gaps compressed and labelled) with the
                      map at the step under the cursor.
  -i, --interactive   step through the replay on a terminal: n (next),
                      p (previous), g N (go to step N), l N (go to line N),
                      /TEXT (search calls forward), q (quit).
  -h, --help          this text.

Exit codes: 0 done, 1 the trace could not be read, 2 bad command line,
3 --check found differences.`

const point = (text: string | undefined): E.Either<string, Point> => {
  if (text === undefined) return E.left('a point is missing: give a step number or line:N')
  const line = /^line:(.+)$/.exec(text)
  const n = parseNumber(line === null ? text : (line[1] ?? ''))
  if (n === undefined || !Number.isSafeInteger(n) || n < 0)
    return E.left(`not a step or line:N: ${JSON.stringify(text)}`)
  return E.right({ kind: line === null ? 'step' : 'line', n })
}

const positive = (name: string, text: string | undefined): E.Either<string, number> => {
  const n = text === undefined ? undefined : parseNumber(text)
  return n === undefined || !Number.isSafeInteger(n) || n < 1
    ? E.left(`${name} needs a positive line number, got ${JSON.stringify(text ?? '')}`)
    : E.right(n)
}

/** Parses the arguments after `replay`; `Right(undefined)` means help was asked for. */
export const parseOptions = (args: readonly string[]): E.Either<string, Options | undefined> => {
  let trace: string | undefined
  let pids: number[] | undefined
  let fromLine: number | undefined
  let untilLine: number | undefined
  let at: Point | undefined
  let diff: readonly [Point, Point] | undefined
  let explain: number | undefined
  let html: string | undefined
  let check: string | undefined
  let json = false
  let stats = false
  let steps = false
  let interactive = false
  let skipBadLines = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    const value = (): string | undefined => args[++i]
    switch (a) {
      case '-h':
      case '--help':
        return E.right(undefined)
      case '--pid': {
        const v = value() ?? ''
        const list = v.split(',').map((p) => parseNumber(p))
        if (list.some((p) => p === undefined || p < 0))
          return E.left(`--pid needs pids like 101,102, got ${JSON.stringify(v)}`)
        pids = list.map((p) => p ?? 0)
        break
      }
      case '--from-line': {
        const r = positive(a, value())
        if (E.isLeft(r)) return r
        fromLine = r.right
        break
      }
      case '--until-line': {
        const r = positive(a, value())
        if (E.isLeft(r)) return r
        untilLine = r.right
        break
      }
      case '--at': {
        const p = point(value())
        if (E.isLeft(p)) return E.left(`--at: ${p.left}`)
        at = p.right
        break
      }
      case '--diff': {
        const p = point(value())
        const q = point(value())
        if (E.isLeft(p)) return E.left(`--diff: ${p.left}`)
        if (E.isLeft(q)) return E.left(`--diff: ${q.left}`)
        diff = [p.right, q.right]
        break
      }
      case '--explain': {
        const v = value()
        const n = v === undefined ? undefined : parseNumber(v)
        if (n === undefined || n < 0) return E.left(`--explain needs an address, got ${JSON.stringify(v ?? '')}`)
        explain = n
        break
      }
      case '--html':
        html = value()
        if (html === undefined) return E.left('--html needs a file name')
        break
      case '--check':
        check = value()
        if (check === undefined) return E.left('--check needs the file of a saved /proc/PID/maps')
        break
      case '--json':
        json = true
        break
      case '--stats':
        stats = true
        break
      case '--steps':
        steps = true
        break
      case '-i':
      case '--interactive':
        interactive = true
        break
      case '--skip-bad-lines':
        skipBadLines = true
        break
      default:
        if (a.startsWith('-') && a !== '-') return E.left(`unknown option ${a} (see --help)`)
        if (trace !== undefined)
          return E.left(`one trace file only, got ${JSON.stringify(trace)} and ${JSON.stringify(a)}`)
        trace = a
    }
  }
  if (trace === undefined) return E.left('no TRACE file given (see --help)')
  return E.right({
    trace,
    pids,
    fromLine,
    untilLine,
    json,
    at,
    diff,
    stats,
    explain,
    html,
    steps,
    check,
    interactive,
    skipBadLines,
  })
}
