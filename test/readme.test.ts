// Runs the README's TypeScript snippets (concatenated, in order) so the
// documentation cannot drift from the library.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, expect, it, vi } from 'vitest'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
const dir = join(import.meta.dirname, '.readme')

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('the README snippets run and print what their comments say', async () => {
  expect(snippets.length).toBeGreaterThanOrEqual(2)
  mkdirSync(dir, { recursive: true })
  // Imports must lead the module: hoist them out of later snippets.
  const lines = snippets.join('\n').split('\n')
  const imports = [...new Set(lines.filter((l) => l.startsWith('import ')))]
  const body = lines.filter((l) => !l.startsWith('import '))
  const file = join(dir, 'snippets.ts')
  writeFileSync(file, [...imports, ...body, 'export { history }'].join('\n'))

  const logged: unknown[][] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args))
  const mod = (await import(/* @vite-ignore */ file)) as { history: unknown[] }
  spy.mockRestore()

  expect(logged).toEqual([
    [['MemoryArea [0x1000, 0x2000) flags=rw', 'MemoryArea [0x4000, 0x5000) flags=rw']],
    [2],
    [true],
    [{ _tag: 'Some', value: 0x2000 }],
  ])
  expect(mod.history).toHaveLength(2)

  // And they type-check under the project's strict settings.
  const root = join(import.meta.dirname, '..')
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  )
  const program = ts.createProgram([file], {
    ...config!.options,
    noUnusedLocals: false,
    paths: { 'memory-set': [join(root, 'src/index.ts')] },
  })
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
  expect(problems).toEqual([])
}, 30_000)
