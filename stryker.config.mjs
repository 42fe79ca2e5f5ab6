// Mutation testing (on demand, not in CI): `npm run mutation`. Mutates src/
// (entry files that only re-export are left out), runs the vitest suite per
// mutant on the tests that cover it, and writes reports/mutation/. The score
// and the surviving mutants are discussed in docs/mutation-testing.md.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/**/*.ts', '!src/index.ts', '!src/testing/index.ts', '!src/pipeable/index.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Added to 1.5 x the covering tests' own time: a mutant that loops forever costs
  // this much plus a worker restart, and loop mutants are common in the B+tree.
  timeoutMS: 10_000,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}
