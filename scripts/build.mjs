// Builds dist/esm (ES modules) and dist/cjs (CommonJS), both with declarations.
// Plain `tsc` twice: no bundler needed, and attw/publint stay clean because each
// half gets its own package.json "type" marker.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'

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
writeFileSync('dist/esm/package.json', '{ "type": "module" }\n')
// The `memory-set` bin (ESM only: the command line needs no CommonJS copy) must be executable.
chmodSync('dist/esm/cli/main.js', 0o755)
