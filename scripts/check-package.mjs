// Packs the library as npm would publish it and checks the tarball:
// publint (package.json correctness), attw (types resolve under every module
// mode), and that plain Node can import it as ESM and require it as CJS.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts })
const dir = mkdtempSync(join(tmpdir(), 'memory-set-pack-'))
try {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { encoding: 'utf8' })
  const tarball = join(dir, out.trim().split('\n').pop())
  run(process.execPath, ['node_modules/publint/src/cli.js', '--strict', tarball])
  run(process.execPath, ['node_modules/@arethetypeswrong/cli/dist/index.js', '--pack', '.', '--profile', 'node16'])

  // A consumer project that installs the tarball; its node_modules gets our
  // dependencies from this project's node_modules via NODE_PATH-free linking.
  const consumer = join(dir, 'consumer')
  mkdirSync(join(consumer, 'node_modules'), { recursive: true })
  run('tar', ['-xzf', tarball, '-C', join(consumer, 'node_modules')])
  run('mv', [join(consumer, 'node_modules', 'package'), join(consumer, 'node_modules', 'memory-set')])
  for (const dep of ['fp-ts', 'immutable', 'fast-check']) {
    run('ln', ['-s', resolve('node_modules', dep), join(consumer, 'node_modules', dep)])
  }
  const probe = `
    const E = FPTS_E
    const backend = m.pageTableBackend()
    const r = m.MemorySet.empty().map(new m.MemoryArea(0x1000, 0x4000, 'rw', backend), m.emptyPageTable(), false)
    if (!E.isRight(r) || r.right[0].size !== 1 || r.right[1].size !== 4) throw new Error('unexpected result')
    console.log(KIND + ': ok')
  `
  // The dual package hazard: an area made by the CommonJS copy must be usable
  // by a set of the ESM copy (both can be loaded in one application).
  const dualPackage = `
    const cjs = createRequire(import.meta.url)('memory-set')
    const foreign = new cjs.MemoryArea(0x8000, 0x1000, 'r', backend)
    const mixed = m.MemorySet.empty().map(foreign, m.emptyPageTable(), false)
    if (!E.isRight(mixed) || !(foreign instanceof m.MemoryArea)) throw new Error('CJS area rejected by the ESM copy')
    console.log('CJS area in an ESM set: ok')
  `
  writeFileSync(
    join(consumer, 'esm.mjs'),
    `import * as m from 'memory-set'\nimport * as FPTS_E from 'fp-ts/lib/Either.js'\nimport { createRequire } from 'node:module'\nconst KIND = 'ESM import'\n${probe}\n${dualPackage}`,
  )
  writeFileSync(
    join(consumer, 'cjs.cjs'),
    `const m = require('memory-set')\nconst FPTS_E = require('fp-ts/lib/Either.js')\nconst KIND = 'CJS require'\n${probe}`,
  )
  // The "./linux" entry, from both module systems.
  const linuxProbe = `
    const r = linux.AddressSpace.empty().mmap(0, 0x2000, linux.PROT_READ, linux.MAP_PRIVATE | linux.MAP_ANONYMOUS)
    if (!E.isRight(r) || r.right[0].vmas().length !== 1 || r.right[0].vmas()[0].perms !== 'r--p') throw new Error('memory-set/linux: unexpected mmap result')
    console.log(KIND + ' memory-set/linux: ok')
  `
  writeFileSync(
    join(consumer, 'linux-esm.mjs'),
    `import * as linux from 'memory-set/linux'\nimport * as E from 'fp-ts/lib/Either.js'\nconst KIND = 'ESM import'\n${linuxProbe}`,
  )
  writeFileSync(
    join(consumer, 'linux-cjs.cjs'),
    `const linux = require('memory-set/linux')\nconst E = require('fp-ts/lib/Either.js')\nconst KIND = 'CJS require'\n${linuxProbe}`,
  )
  run(process.execPath, ['esm.mjs'], { cwd: consumer })
  run(process.execPath, ['cjs.cjs'], { cwd: consumer })

  // Every other entry point loads from both builds and does one thing.
  const entries = {
    'memory-set/testing': `if (typeof m.checkBackend !== 'function' || typeof m.invariantProblem !== 'function') throw new Error('testing')`,
    'memory-set/pipeable': `if (m.sequence([])(m.init(null))._tag !== 'Right') throw new Error('pipeable')`,
    'memory-set/history': `if (m.History.of(1).push(2).undo().present !== 1) throw new Error('history')`,
    'memory-set/snapshot': `if (m.parseSnapshot('{', { backends: {} })._tag !== 'Left') throw new Error('snapshot')`,
    'memory-set/linux': `if (m.AddressSpace.empty().munmap(0x10000, 0x1000)._tag !== 'Right') throw new Error('linux')`,
  }
  const exported = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).exports)
  for (const name of exported.filter((e) => e !== '.' && e !== './package.json')) {
    if (entries[`memory-set${name.slice(1)}`] === undefined)
      throw new Error(`check-package: no probe for the entry ${name}`)
  }
  for (const [entry, check] of Object.entries(entries)) {
    const file = entry.replace('memory-set/', '')
    writeFileSync(
      join(consumer, `${file}.mjs`),
      `import * as m from '${entry}'\n${check}\nconsole.log('ESM ${entry}: ok')\n`,
    )
    writeFileSync(
      join(consumer, `${file}.cjs`),
      `const m = require('${entry}')\n${check}\nconsole.log('CJS ${entry}: ok')\n`,
    )
    run(process.execPath, [`${file}.mjs`], { cwd: consumer })
    run(process.execPath, [`${file}.cjs`], { cwd: consumer })
  }

  // Source maps (of code and of declarations) point at sources that ship.
  const shipped = join(consumer, 'node_modules', 'memory-set')
  const maps = (folder) =>
    readdirSync(folder, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? maps(join(folder, d.name)) : d.name.endsWith('.map') ? [join(folder, d.name)] : [],
    )
  let checked = 0
  for (const map of maps(join(shipped, 'dist'))) {
    for (const source of JSON.parse(readFileSync(map, 'utf8')).sources) {
      const target = resolve(dirname(map), source)
      if (!target.startsWith(shipped) || !existsSync(target))
        throw new Error(`${map} points at ${source}, which is not shipped`)
      checked++
    }
  }
  console.log(`source maps: ${checked} sources, all shipped`)
  run(process.execPath, ['linux-esm.mjs'], { cwd: consumer })
  run(process.execPath, ['linux-cjs.cjs'], { cwd: consumer })

  // The "memory-set" bin: declared, executable in the tarball, and it replays a trace.
  const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules', 'memory-set', 'package.json'), 'utf8'))
  const bin = join(consumer, 'node_modules', 'memory-set', pkg.bin?.['memory-set'] ?? 'missing-bin')
  if ((statSync(bin).mode & 0o111) === 0) throw new Error(`bin ${bin} is not executable`)
  const trace = join(consumer, 'tiny.trace')
  writeFileSync(trace, 'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000\n')
  const replayed = execFileSync(bin, ['replay', trace, '--json'], { cwd: consumer, encoding: 'utf8' })
  const areas = JSON.parse(replayed)
  if (areas.length !== 1 || areas[0].start !== 0x7f0000000000 || areas[0].perms !== 'r--p') {
    throw new Error(`memory-set replay: unexpected output ${replayed}`)
  }
  console.log('bin memory-set replay: ok')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
