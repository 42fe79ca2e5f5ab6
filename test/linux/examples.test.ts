// Every TSDoc @example in src/linux type-checks (each as its own module), so the API docs of
// memory-set/linux cannot drift from the code.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const dir = join(import.meta.dirname, '.examples')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sources = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  )

/** The ```ts blocks of the @example tags of a source file, without the comment's leading ` * `. */
const examplesOf = (source: string): string[] =>
  [...source.matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((m) =>
    (m[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .join('\n'),
  )

it('every @example in src/linux type-checks', () => {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (const file of sources(join(root, 'src', 'linux'))) {
    for (const [i, example] of examplesOf(readFileSync(file, 'utf8')).entries()) {
      const name = join(dir, `${file.slice(root.length + 1).replaceAll('/', '_')}_${i}.ts`)
      writeFileSync(name, `${example}\nexport {}\n`)
      files.push(name)
    }
  }
  expect(files.length).toBeGreaterThan(30)
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )
  const program = ts.createProgram(files, {
    ...config!.options,
    noUnusedLocals: false,
    paths: { 'memory-set': [join(root, 'src/index.ts')], 'memory-set/linux': [join(root, 'src/linux/index.ts')] },
  })
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? '' : `${d.file.fileName.slice(dir.length + 1)}: `
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
  expect(problems).toEqual([])
})
