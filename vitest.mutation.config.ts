import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

/**
 * The test run Stryker uses for each mutant (`stryker.config.mjs`): the unit
 * suite without the documentation checks, which spend most of their time in
 * the TypeScript compiler type-checking snippets (a mutant of `src/` cannot
 * change a type-check's verdict), and without the fuzz of the built package
 * (it imports `dist/`, which Stryker does not mutate).
 *
 * `MUTATION_TESTS` (comma-separated globs) narrows the run to some test files,
 * e.g. the test files under `test/internal/index/` for the B+tree: a score measured on fewer
 * tests is a lower bound of the whole suite's (a mutant that survives them
 * may still die elsewhere) and costs a fraction of the time.
 */
const only = process.env['MUTATION_TESTS']?.split(',').filter((glob) => glob !== '')
const config = mergeConfig(
  base,
  defineConfig({
    test: {
      // Tests that read sources as text skip themselves under Stryker's instrumented copies.
      env: { MEMORY_SET_MUTATION: '1' },
      exclude: [
        'test/tsdoc-examples.test.ts',
        'test/readme.test.ts',
        'test/examples.test.ts',
        'test/hostile-built.test.ts',
        '**/node_modules/**',
      ],
    },
  }),
)
// Set, not merged: mergeConfig would append the globs to the base's `test/**`.
if (only !== undefined && only.length > 0 && config.test !== undefined) config.test.include = only

export default config
