// The examples/ programs run (and print what they should) and type-check.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { typecheck } from './support/typecheck.js'

const examples = join(import.meta.dirname, '..', 'examples')

/** Runs an example module, returning what it printed. */
const run = async (name: string): Promise<string> => {
  const lines: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')))
  try {
    await import(/* @vite-ignore */ join(examples, name))
  } finally {
    spy.mockRestore()
  }
  return lines.join('\n')
}

describe('examples', () => {
  it('time-travel.ts: undo, redo, a refused step, a branch, a jump, names kept across a split', async () => {
    const out = await run('time-travel.ts')
    expect(out).toContain('overlap: AlreadyExists: map: [0x600000, 0x601000) overlaps')
    // After relro the executable is split in three, each part keeps its name.
    expect(out).toMatch(
      /after relro:\n00400000-00401000 r-xp .* \/bin\/app\n00401000-00402000 r--p .* \/bin\/app\n00402000-00403000 r-xp .* \/bin\/app\n00600000-00604000 rw-p .* \[heap\]\n/,
    )
    expect(out).toMatch(/undo twice:\n00400000-00403000 r-xp .* \/bin\/app\n\n/)
    expect(out).toMatch(/new branch:\n00401000-00403000 r-xp .* \/bin\/app\n\n/)
    expect(out).toMatch(/jump back to relro:\n00400000-00401000 r-xp/)
    expect(out).toContain('labels: boot, exec, heap, relro, free; states kept: 5')
  })

  it('verify-toy-mmap.ts: the correct toy passes, the buggy one is caught with a short sequence', async () => {
    const out = await run('verify-toy-mmap.ts')
    expect(out).toContain('the toy mmap agrees with memory-set')
    expect(out).toContain('checkImplementation: the system and the reference disagree')
    // Shrunk: one map and one protect of part of it.
    expect(out).toMatch(
      /\(shrunk \d+ times, 2 steps\):\n {4}1\. map\(0x[0-9a-f]+, 0x[0-9a-f]+, \d\)\n {4}2\. protect\(/,
    )
  })

  it('pipeline.ts: a Kleisli fold printed with Show, and a failure printed by formatError', async () => {
    const out = await run('pipeline.ts')
    expect(out.split('\n')).toEqual([
      'MemorySet [[0x400000, 0x402000) rx, [0x402000, 0x403000) rw]',
      'AlreadyExists: map: [0x401000, 0x402000) overlaps the area [0x400000, 0x402000)',
    ])
  })

  it('every example type-checks', () => {
    const files = readdirSync(examples)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(examples, f))
    expect(files.length).toBeGreaterThanOrEqual(4)
    expect(typecheck(files, examples)).toEqual([])
  }, 60_000)
})
