// Every `@example` in src/ is code: each one type-checks, as its own module,
// under the project's strict settings, importing the package by name (each
// entry point mapped to its sources). Like the README and guide snippets in
// readme.test.ts, so the API docs cannot drift from the library.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { typecheck } from './support/typecheck.js'

const root = join(import.meta.dirname, '..')
const dir = join(import.meta.dirname, '.tsdoc')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sources = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(folder, d.name)) : d.name.endsWith('.ts') ? [join(folder, d.name)] : [],
  )

/** The ```ts blocks of the `@example` tags in a source file, with the ` * ` margin removed. */
export const examplesOf = (source: string): string[] =>
  [...source.matchAll(/@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```ts\n((?:\s*\*.*\n)*?)\s*\*\s*```/g)].map((m) =>
    (m[2] ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .join('\n'),
  )

it('finds the examples (every export of the package has at least one)', () => {
  const count = sources(join(root, 'src')).reduce((n, file) => n + examplesOf(readFileSync(file, 'utf8')).length, 0)
  expect(count).toBeGreaterThan(60)
})

it('every @example in src/ type-checks', () => {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (const file of sources(join(root, 'src'))) {
    examplesOf(readFileSync(file, 'utf8')).forEach((example, i) => {
      const name = join(dir, `${relative(join(root, 'src'), file).replace(/[/\\]/g, '__')}.${i + 1}.ts`)
      writeFileSync(name, `${example}\nexport {}\n`)
      files.push(name)
    })
  }
  const problems = typecheck(files, dir)
  expect(problems).toEqual([])
}, 120_000)
