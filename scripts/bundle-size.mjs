// Bundle size of a minimal program (map one area, unmap part of it) with
// esbuild, minified, from the built ESM package (`npm run size`), split by
// package. The ESM build imports fp-ts as "#fp-ts/*" (see scripts/build.mjs):
// a bundler with the "module" condition (esbuild, webpack, rollup's node
// resolver) gets fp-ts's ES modules, others (and Node) its CommonJS build.
import { gzipSync } from 'node:zlib'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const programs = {
  'map + unmap (noop backend)': `
    import { MemoryArea, MemorySet, noopBackend } from 'memory-set'
    const r = MemorySet.empty().map(new MemoryArea(0x1000, 0x4000, 'rw', noopBackend()), null, false)
    if (r._tag === 'Right') console.log(r.right[0].unmap(0x2000, 0x1000, null)._tag)`,
  'map with the reference page table': `
    import { MemoryArea, MemorySet, emptyPageTable, pageTableBackend } from 'memory-set'
    const r = MemorySet.empty().map(new MemoryArea(0x1000, 0x4000, 'rw', pageTableBackend()), emptyPageTable(), false)
    console.log(r._tag === 'Right' && r.right[1].size)`,
}

const dir = mkdtempSync(join(tmpdir(), 'memory-set-size-'))
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
try {
  console.log('| program | fp-ts | minified | gzip | memory-set / fp-ts / immutable (minified) |')
  console.log('| --- | --- | ---: | ---: | --- |')
  for (const [name, source] of Object.entries(programs)) {
    const entry = join(dir, 'entry.mjs')
    writeFileSync(entry, source)
    // esbuild honours the "module" condition by default; custom conditions without it model a bundler that does not.
    for (const [fp, conditions] of [
      ['fp-ts/es6 (bundler with the "module" condition)', undefined],
      ['fp-ts/lib (bundler without it)', ['import', 'default']],
    ]) {
      const out = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        mainFields: ['module', 'main'],
        nodePaths: [resolve('node_modules')],
        alias: { 'memory-set': resolve('dist/esm/index.js') },
        ...(conditions === undefined ? {} : { conditions }),
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
