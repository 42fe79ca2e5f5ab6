// Builds dist/esm (ES modules) and dist/cjs (CommonJS), both with declarations.
// Plain `tsc` twice: no bundler needed, and attw/publint stay clean because each
// half gets its own package.json "type" marker.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const tsc = (project) => {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' })
  } catch {
    // tsc already printed the diagnostics; a stack trace of this script would only add noise.
    console.error(`build: tsc -p ${project} failed`)
    process.exit(1)
  }
}

rmSync('dist', { recursive: true, force: true })
tsc('tsconfig.build.json')
// The command line (src/cli) uses Node's APIs; the library must not, so it is built apart.
tsc('tsconfig.cli.json')
tsc('tsconfig.cjs.json')
mkdirSync('dist/cjs', { recursive: true })
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n')
// No dist/esm/package.json: the root one ("type": "module") is the ESM build's
// package scope, so its "imports" field (below) applies to it.

// The ESM build imports fp-ts through the subpath import "#fp-ts/*" of the
// root package.json ("imports"): bundlers, which honour the "module"
// condition, get fp-ts's ES modules (fp-ts/es6, tree-shakable); Node gets
// fp-ts/lib, because it cannot load fp-ts/es6 (extensionless imports, no
// "type": "module"). Declarations keep fp-ts/lib: the types are the same.
const jsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsFiles(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : [],
  )
for (const file of jsFiles('dist/esm')) {
  const code = readFileSync(file, 'utf8')
  // Only import/export statements (at the start of a line), not the examples in doc comments.
  const rewritten = code.replace(/^((?:import|export)\b[^\n]*?\bfrom\s+['"])fp-ts\/lib\//gm, '$1#fp-ts/')
  if (rewritten !== code) writeFileSync(file, rewritten)
}
// The `memory-set` bin (ESM only: the command line needs no CommonJS copy) must be executable.
chmodSync('dist/esm/cli/main.js', 0o755)
