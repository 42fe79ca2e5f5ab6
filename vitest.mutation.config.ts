import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

/**
 * The test run Stryker uses for each mutant (`stryker.config.mjs`): the unit
 * suite without the documentation checks, which spend most of their time in
 * the TypeScript compiler type-checking snippets (a mutant of `src/` cannot
 * change a type-check's verdict), and without the fuzz of the built package
 * (it imports `dist/`, which Stryker does not mutate).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
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
