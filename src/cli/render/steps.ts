/**
 * Steps as text: one line per call with its line number, pid, outcome and
 * what the replay did differently.
 *
 * @packageDocumentation
 */
import type { TraceCall } from '../strace/trace.js'
import type { Step } from '../replay/step.js'

/** `mmap(NULL, 4096, ...) = 0x7f00`, as the trace printed it. */
export const callText = (c: TraceCall): string => `${c.name}(${c.args.join(', ')}) = ${c.result.text}`

/** One line for `step`. */
export const stepLine = (s: Step): string =>
  `#${s.number} line ${s.call.line}${s.call.entryLine !== s.call.line ? ` (entered ${s.call.entryLine})` : ''}${s.call.pid === 0 ? '' : ` pid ${s.call.pid}`}: ${callText(s.call)} [${s.outcome}${s.note === undefined ? '' : `: ${s.note}`}]`
