// Bundle size of a minimal program (map one area, unmap part of it) with
// esbuild, minified, from the built ESM package (`npm run size`). Reported
// twice: as published (fp-ts imported as `fp-ts/lib/*`, its CommonJS build),
// and with a bundler alias to fp-ts's ES modules (`fp-ts/es6/*`), which a user
// can set up; plain Node cannot load `fp-ts/es6` (its imports lack file
// extensions and it has no "type": "module"), so the package itself cannot.
import { gzipSync } from 'node:zlib'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const programs = {
  'map + unmap (memory-set)': `
    import * as E from 'fp-ts/lib/Either.js'
    import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
    const r = E.flatMap(MemorySet.empty().map(new MemoryArea(0x1000, 0x4000, 'rw', noopBackend()), null, false), ([s, pt]) => s.unmap(0x2000, 0x1000, pt))
    console.log(E.isRight(r) && r.right[0].size)`,
  'the same with the reference page table': `
    import * as E from 'fp-ts/lib/Either.js'
    import { MemoryArea, MemorySet, emptyPageTable, pageTableBackend } from 'memory-set'
    const r = MemorySet.empty().map(new MemoryArea(0x1000, 0x4000, 'rw', pageTableBackend()), emptyPageTable(), false)
    console.log(E.isRight(r) && r.right[1].size)`,
}

const dir = mkdtempSync(join(tmpdir(), 'memory-set-size-'))
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
try {
  console.log('| program | fp-ts | minified | gzip | memory-set / fp-ts / immutable (minified) |')
  console.log('| --- | --- | ---: | ---: | --- |')
  for (const [name, source] of Object.entries(programs)) {
    const entry = join(dir, 'entry.mjs')
    writeFileSync(entry, source)
    for (const [fp, alias] of [
      ['fp-ts/lib (as published)', {}],
      ['fp-ts/es6 (bundler alias)', { 'fp-ts/lib': resolve('node_modules/fp-ts/es6') }],
    ]) {
      const out = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'neutral',
        write: false,
        mainFields: ['module', 'main'],
        nodePaths: [resolve('node_modules')],
        alias: { 'memory-set': resolve('dist/esm/index.js'), ...alias },
        metafile: true,
        logLevel: 'error',
      })
      const code = out.outputFiles[0].contents
      // Bytes in the output by package.
      const parts = { 'memory-set': 0, 'fp-ts': 0, immutable: 0 }
      for (const output of Object.values(out.metafile.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          const pkg = input.includes('node_modules/') ? input.split('node_modules/')[1].split('/')[0] : 'memory-set'
          parts[pkg] = (parts[pkg] ?? 0) + bytesInOutput
        }
      }
      const split = Object.values(parts).map(kib).join(' / ')
      console.log(`| ${name} | ${fp} | ${kib(code.length)} | ${kib(gzipSync(code).length)} | ${split} |`)
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
