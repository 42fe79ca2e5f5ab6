// Differential test against the real kernel: every recorded call is replayed through AddressSpace, and
// after each one the result (address or errno) and the whole VMA list must be the kernel's.
import { describe, expect, it } from 'vitest'
import { initialSpace, kernelView, loadFixtures, modelView, replay } from './support/fixtures.js'

/**
 * Steps where the model deliberately differs from the kernel, with the reason. A step listed here
 * must still differ (so the list cannot go stale), and every other step must match.
 */
const KNOWN: Readonly<Record<string, Readonly<Record<number, string>>>> = {}

const fixtures = loadFixtures()

describe.each(fixtures.map((f) => [f.file, f] as const))('%s', (_name, fixture) => {
  it('every step gives the kernel result and the kernel VMA list', () => {
    let space = initialSpace(fixture.header)
    const mismatches: string[] = []
    const expectedDifferences = KNOWN[fixture.file] ?? {}
    for (const call of fixture.calls) {
      const [next, outcome] = replay(space, call)
      space = next
      const expected = call.maps.map(kernelView)
      const withFlags = call.maps.some((vma) => vma.vmflags !== undefined)
      const actual = space.vmas().map((vma) => modelView(vma, withFlags))
      const sameResult = JSON.stringify(outcome) === JSON.stringify(call.ret)
      const sameMaps = JSON.stringify(actual) === JSON.stringify(expected)
      if (!sameResult || !sameMaps) {
        const detail = [
          `step ${call.step} ${call.op}(${call.args.join(', ')}): ${call.note}`,
          sameResult ? '' : `  result: kernel ${JSON.stringify(call.ret)}, model ${JSON.stringify(outcome)}`,
          ...(sameMaps
            ? []
            : [
                ...expected.filter((l) => !actual.includes(l)).map((l) => `  kernel only: ${l}`),
                ...actual.filter((l) => !expected.includes(l)).map((l) => `  model only:  ${l}`),
              ]),
        ]
        if (expectedDifferences[call.step] === undefined) mismatches.push(detail.filter((l) => l !== '').join('\n'))
      } else if (expectedDifferences[call.step] !== undefined) {
        mismatches.push(`step ${call.step} is listed as a known difference but now matches the kernel`)
      }
    }
    expect(mismatches.join('\n\n')).toBe('')
  })
})
