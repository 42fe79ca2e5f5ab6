import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseOptions, usage } from '../../src/cli/options.js'

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
  it('help is Right(undefined)', () => {
    expect(parseOptions(['t', '--help'])).toEqual(E.right(undefined))
  })
  it.each([
    [[], 'no TRACE'],
    [['t', '--pid'], '--pid needs pids'],
    [['t', '--pid', '1,x'], '--pid needs pids'],
    [['t', '--until-line', '0'], 'positive line number'],
    [['t', '--at', 'line:x'], 'not a step or line:N'],
    [['t', '--diff', '1'], 'a point is missing'],
    [['t', '--explain', 'here'], '--explain needs an address'],
    [['t', '--html'], '--html needs a file'],
    [['t', '--frobnicate'], 'unknown option --frobnicate'],
    [['a', 'b'], 'one trace file only'],
  ])('%j is a usage error mentioning %j', (args, message) => {
    const r = parseOptions(args)
    expect(E.isLeft(r) && r.left).toContain(message)
  })
})

// Reads the parser's source as text, which a mutation run instruments beyond recognition.
it.skipIf(process.env['MEMORY_SET_MUTATION'] === '1')('the help text explains every option the parser accepts', () => {
  const source = readFileSync(join(import.meta.dirname, '../../src/cli/options.ts'), 'utf8')
  const accepted = [...source.matchAll(/case '(-[-a-z]+)':/g)].map((m) => m[1] ?? '')
  expect(accepted.length).toBeGreaterThan(10)
  for (const option of accepted) expect(usage).toContain(option)
})
