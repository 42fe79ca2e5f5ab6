// The documentation's TypeScript snippets are code: the README's run (and
// print what their comments say), and every snippet in README.md and docs/*.md
// type-checks under the project's strict settings, so the docs cannot drift
// from the library.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, expect, it, vi } from 'vitest'
import { entryPaths } from './support/typecheck.js'

const root = join(import.meta.dirname, '..')
const dir = join(import.meta.dirname, '.readme')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A document's ```ts snippets as one module, imports hoisted (and deduplicated) to the top. */
const moduleOf = (markdown: string, exports = ''): string => {
  const lines = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n'))
  const imports = [...new Set(lines.filter((l) => l.startsWith('import ')))]
  return [...imports, ...lines.filter((l) => !l.startsWith('import ')), exports].join('\n')
}

const write = (name: string, source: string): string => {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, name)
  writeFileSync(file, source)
  return file
}

it('the README snippets run and print what their comments say', async () => {
  const file = write(
    'README.ts',
    moduleOf(readFileSync(join(root, 'README.md'), 'utf8'), 'export { history, shown, mapsText }'),
  )
  const logged: unknown[][] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args))
  const mod = (await import(/* @vite-ignore */ file)) as { history: unknown[]; shown: string; mapsText: unknown }
  spy.mockRestore()

  expect(logged).toEqual([
    [['MemoryArea [0x1000, 0x2000) flags=rw', 'MemoryArea [0x4000, 0x5000) flags=rw']],
    [2],
    [true],
    [{ _tag: 'Some', value: 0x2000 }],
  ])
  expect(mod.history).toHaveLength(2)
  // The toolkit snippets: the pipeline's result, and names kept across a split.
  expect(mod.shown).toBe('MemorySet [[0x400000, 0x402000) r, [0x402000, 0x404000) rw]')
  expect(mod.mapsText).toEqual({
    _tag: 'Right',
    right: [
      `00001000-00002000 rw-p 00000000 00:00 0${' '.repeat(34)}[heap]\n`,
      `00002000-00003000 r--p 00000000 00:00 0${' '.repeat(34)}[heap]\n`,
      `00003000-00004000 rw-p 00000000 00:00 0${' '.repeat(34)}[heap]\n`,
    ].join(''),
  })
})

it('every snippet in README.md and docs/*.md type-checks', () => {
  const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'))
  const files = [
    write('README.ts', moduleOf(readFileSync(join(root, 'README.md'), 'utf8'), 'export {}')),
    ...docs.map((name) => write(`${name}.ts`, moduleOf(readFileSync(join(root, 'docs', name), 'utf8'), 'export {}'))),
  ]
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )
  const program = ts.createProgram(files, {
    ...config!.options,
    noUnusedLocals: false,
    paths: entryPaths(),
  })
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(dir + '/', '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : ''
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
  expect(problems).toEqual([])
}, 60_000)
