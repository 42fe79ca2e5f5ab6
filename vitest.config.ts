import { fileURLToPath } from 'node:url'
import type { Reporter, TestModule } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/**
 * Ends the run with one plain line, `Tests: N passed, N failed`, which CI log
 * readers recognise whatever runner produced it.
 */
const summaryLine: Reporter = {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0
    let failed = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
      }
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed`)
  },
}

export default defineConfig({
  resolve: {
    // Tests that run documentation snippets import the package by name; point
    // that at the sources so they need no build.
    // The most specific entries first: `memory-set` would also match `memory-set/testing`.
    alias: [
      { find: /^memory-set\/linux$/, replacement: fileURLToPath(new URL('./src/linux/index.ts', import.meta.url)) },
      { find: /^memory-set\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
      {
        find: /^memory-set\/pipeable$/,
        replacement: fileURLToPath(new URL('./src/pipeable/index.ts', import.meta.url)),
      },
      { find: /^memory-set\/history$/, replacement: fileURLToPath(new URL('./src/history.ts', import.meta.url)) },
      { find: /^memory-set\/snapshot$/, replacement: fileURLToPath(new URL('./src/snapshot.ts', import.meta.url)) },
      { find: /^memory-set$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    reporters: ['default', summaryLine],
    include: ['test/**/*.test.ts'],
    // The machines are shared and noisy: a property test that takes 2 s alone
    // can take 10 s under load. Timing goals live in `npm run bench`, not here.
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
    },
  },
})
