import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseOptions, usage, type Options } from '../../src/cli/options.js'

describe('parseOptions', () => {
  it('reads every option', () => {
    const r = parseOptions(
      ['t.trace', '--pid', '101,102', '--from-line', '3', '--until-line', '0x10', '--json', '--at', 'line:7']
        .concat(['--diff', '1', 'line:9', '--stats', '--explain', '0x7f00', '--html', 'o.html', '--steps'])
        .concat(['--check', 'm.maps', '-i', '--skip-bad-lines']),
    )
    expect(r).toEqual(
      E.right({
        trace: 't.trace',
        pids: [101, 102],
        fromLine: 3,
        untilLine: 16,
        json: true,
        at: { kind: 'line', n: 7 },
        diff: [
          { kind: 'step', n: 1 },
          { kind: 'line', n: 9 },
        ],
        stats: true,
        explain: 0x7f00,
        html: 'o.html',
        steps: true,
        check: 'm.maps',
        interactive: true,
        skipBadLines: true,
      }),
    )
  })
  it.each([['-h'], ['--help'], ['t', '-h'], ['t', '--help', '--frobnicate']])('%j is Right(undefined)', (...args) => {
    expect(parseOptions(args)).toEqual(E.right(undefined))
  })
  const defaults: Options = {
    trace: 't',
    pids: undefined,
    fromLine: undefined,
    untilLine: undefined,
    json: false,
    at: undefined,
    diff: undefined,
    stats: false,
    explain: undefined,
    html: undefined,
    steps: false,
    check: undefined,
    interactive: false,
    skipBadLines: false,
  }
  it.each<[string[], Partial<Options>]>([
    [['t'], {}],
    [['-'], { trace: '-' }],
    [['--json', 'x.trace'], { trace: 'x.trace', json: true }],
    [['t', '--interactive'], { interactive: true }],
    [['t', '-i'], { interactive: true }],
    [['t', '--pid', '0'], { pids: [0] }],
    [['t', '--pid', '7'], { pids: [7] }],
    [['t', '--from-line', '1'], { fromLine: 1 }],
    [['t', '--until-line', '1'], { untilLine: 1 }],
    [['t', '--at', '0'], { at: { kind: 'step', n: 0 } }],
    [['t', '--at', 'line:0'], { at: { kind: 'line', n: 0 } }],
    [['t', '--at', 'line:12'], { at: { kind: 'line', n: 12 } }],
    [['t', '--at', '0x10'], { at: { kind: 'step', n: 16 } }],
    [
      ['t', '--diff', 'line:3', '4'],
      {
        diff: [
          { kind: 'line', n: 3 },
          { kind: 'step', n: 4 },
        ],
      },
    ],
    [['t', '--explain', '0'], { explain: 0 }],
    [['t', '--explain', '123'], { explain: 123 }],
    [['t', '--explain', '0xffffffffff600000'], { explain: 0xffffffffff600000 }],
    [['t', '--html', '-'], { html: '-' }],
    [['t', '--check', '--json'], { check: '--json' }],
    [['t', '--at', '1', '--at', '2'], { at: { kind: 'step', n: 2 } }],
  ])('%j is the defaults with %j', (args, changed) => {
    expect(parseOptions(args)).toStrictEqual(E.right({ ...defaults, ...changed }))
  })
  it.each([
    [[], 'no TRACE file given (see --help)'],
    [['--json'], 'no TRACE file given (see --help)'],
    [['t', '--pid'], '--pid needs pids like 101,102, got ""'],
    [['t', '--pid', ''], '--pid needs pids like 101,102, got ""'],
    [['t', '--pid', '1,x'], '--pid needs pids like 101,102, got "1,x"'],
    [['t', '--pid', '-5'], '--pid needs pids like 101,102, got "-5"'],
    [['t', '--pid', '1,,2'], '--pid needs pids like 101,102, got "1,,2"'],
    [['t', '--from-line'], '--from-line needs a positive line number, got ""'],
    [['t', '--from-line', '0'], '--from-line needs a positive line number, got "0"'],
    [['t', '--until-line', '0'], '--until-line needs a positive line number, got "0"'],
    [['t', '--until-line', '-3'], '--until-line needs a positive line number, got "-3"'],
    [['t', '--until-line', 'ten'], '--until-line needs a positive line number, got "ten"'],
    [['t', '--until-line', '0x20000000000000'], '--until-line needs a positive line number, got "0x20000000000000"'],
    [['t', '--at'], '--at: a point is missing: give a step number or line:N'],
    [['t', '--at', '-1'], '--at: not a step or line:N: "-1"'],
    [['t', '--at', 'line:-1'], '--at: not a step or line:N: "line:-1"'],
    [['t', '--at', 'line:x'], '--at: not a step or line:N: "line:x"'],
    [['t', '--at', 'line:'], '--at: not a step or line:N: "line:"'],
    [['t', '--at', 'xline:5'], '--at: not a step or line:N: "xline:5"'],
    // A word of the command line may hold a newline: line:N must be the whole word.
    [['t', '--at', 'line:5\nx'], '--at: not a step or line:N: "line:5\\nx"'],
    [['t', '--at', '0x20000000000000'], '--at: not a step or line:N: "0x20000000000000"'],
    [['t', '--diff', 'x', '1'], '--diff: not a step or line:N: "x"'],
    [['t', '--diff', '1', 'line:y'], '--diff: not a step or line:N: "line:y"'],
    [['t', '--diff', '1'], '--diff: a point is missing: give a step number or line:N'],
    [['t', '--diff'], '--diff: a point is missing: give a step number or line:N'],
    [['t', '--explain'], '--explain needs an address, got ""'],
    [['t', '--explain', 'here'], '--explain needs an address, got "here"'],
    [['t', '--explain', '-1'], '--explain needs an address, got "-1"'],
    [['t', '--html'], '--html needs a file name'],
    [['t', '--check'], '--check needs the file of a saved /proc/PID/maps'],
    [['t', '--frobnicate'], 'unknown option --frobnicate (see --help)'],
    [['t', '-'], 'one trace file only, got "t" and "-"'],
    [['a', 'b'], 'one trace file only, got "a" and "b"'],
  ])('%j is the usage error %j', (args, message) => {
    expect(parseOptions(args)).toStrictEqual(E.left(message))
  })
})

// Reads the parser's source as text, which a mutation run instruments beyond recognition.
it.skipIf(process.env['MEMORY_SET_MUTATION'] === '1')('the help text explains every option the parser accepts', () => {
  const source = readFileSync(join(import.meta.dirname, '../../src/cli/options.ts'), 'utf8')
  const accepted = [...source.matchAll(/case '(-[-a-z]+)':/g)].map((m) => m[1] ?? '')
  expect(accepted.length).toBeGreaterThan(10)
  for (const option of accepted) expect(usage).toContain(option)
})

it('the help text names the command, every option and the exit codes', () => {
  expect(usage.split('\n')[0]).toBe('Usage: memory-set replay TRACE [options]')
  const options = ['--pid PIDS', '--from-line N', '--until-line N', '--skip-bad-lines', '--json', '--at POINT']
  options.push('--diff A B', '--stats', '--explain ADDR', '--steps', '--check MAPS', '--html FILE')
  options.push('-i, --interactive', '-h, --help')
  for (const option of options) expect(usage).toMatch(new RegExp(`^  ${option}  `, 'm'))
  expect(usage).toMatch(
    /Exit codes: 0 done, 1 the trace could not be read, 2 bad command line,\n3 --check found differences\.$/,
  )
})
