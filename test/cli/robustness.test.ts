// Bad input never throws and never hangs: corrupted real traces give an error with a
// line number, or (with --skip-bad-lines) a replay with warnings.
import { fc, test } from '@fast-check/vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { parseLine } from '../../src/cli/strace/line.js'
import { run } from '../../src/cli/run.js'
import { AddressSpace } from '../../src/linux/index.js'

const real = readFileSync(join(import.meta.dirname, '../../examples/traces/threads/trace'), 'utf8')
  .split('\n')
  .slice(0, 120)

test.prop([fc.string({ unit: 'binary', maxLength: 200 })])('parseLine never throws', (text) => {
  expect(['Left', 'Right']).toContain(parseLine(text, 1)._tag)
})

test.prop(
  [
    fc.array(fc.record({ line: fc.nat(real.length - 1), cut: fc.nat(200), insert: fc.string({ maxLength: 8 }) }), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.boolean(),
  ],
  { numRuns: 60 },
)('a corrupted trace is an error with a line number or a replay with warnings, never a throw', async (edits, skip) => {
  const lines = [...real]
  for (const e of edits) {
    const l = lines[e.line] ?? ''
    lines[e.line] = l.slice(0, e.cut) + e.insert + l.slice(e.cut + e.insert.length + 1)
  }
  let err = ''
  const code = await run(['replay', 't', ...(skip ? ['--skip-bad-lines'] : [])], {
    readFile: () => lines.join('\n'),
    writeFile: () => undefined,
    out: () => undefined,
    err: (t) => void (err += t),
    emptySpace: (o) => AddressSpace.empty(o),
    tty: false,
  })
  expect([0, 1]).toContain(code)
  if (code === 1) expect(err).toMatch(/^t:\d+: /)
})
