// Type-checks files that import the package by name (snippets, examples)
// under the project's strict settings, each entry point mapped to its source.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

const root = join(import.meta.dirname, '..', '..')

/** The package's entry points, mapped to their sources, from package.json's exports. */
export const entryPaths = (): Record<string, string[]> => {
  const exports = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, unknown>
  const paths: Record<string, string[]> = {}
  for (const [entry, target] of Object.entries(exports)) {
    if (typeof target === 'string') continue
    const esm = (target as { import: { default: string } }).import.default
    paths[`memory-set${entry.slice(1)}`] = [join(root, esm.replace('./dist/esm/', 'src/').replace(/\.js$/, '.ts'))]
  }
  return paths
}

/** The diagnostics in `files` (and only those files), as `file:line message` lines. */
export const typecheck = (files: readonly string[], under: string): string[] => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )
  const program = ts.createProgram(files, { ...config!.options, noUnusedLocals: false, paths: entryPaths() })
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName.startsWith(under))
    .map((d) => {
      const where = d.file
        ? `${d.file.fileName.replace(under + '/', '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : ''
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
}
