// The `memory-set` executable: runs the command on the process's arguments, files and streams.
import type * as nodeFs from 'node:fs'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

const fs = vi.hoisted(() => ({
  files: new Map<string | number, string>(),
  written: new Map<string, string>(),
}))
vi.mock('node:fs', async (original) => ({
  ...(await original<typeof nodeFs>()),
  // Like the real one: text only when an encoding is named, bytes otherwise.
  readFileSync: (path: string | number, options?: BufferEncoding | { encoding?: BufferEncoding | null } | null) => {
    const text = fs.files.get(path)
    if (text === undefined) throw new Error(`no file ${String(path)}`)
    const encoding = typeof options === 'string' ? options : options?.encoding
    return encoding ? Buffer.from(text).toString(encoding) : Buffer.from(text)
  },
  writeFileSync: (path: string, text: string) => void fs.written.set(path, text),
}))

const trace = 'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000\n'
const map = '7f0000000000-7f0000001000 r--p 00000000 00:00 0\n'

let out = ''
let err = ''
const argv = process.argv
const isTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY')
beforeEach(() => {
  out = ''
  err = ''
  fs.files.clear()
  fs.written.clear()
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => ((out += String(text)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((text) => ((err += String(text)), true))
})
afterEach(() => {
  vi.restoreAllMocks()
  process.argv = argv
  process.exitCode = undefined
  if (isTTY === undefined) delete (process.stdout as { isTTY?: boolean }).isTTY
  else Object.defineProperty(process.stdout, 'isTTY', isTTY)
})

/** Runs the executable with `args`; resolves to the exit code it set. */
const main = async (...args: string[]): Promise<number | string | null | undefined> => {
  process.argv = ['node', 'memory-set', ...args]
  vi.resetModules()
  await import('../../src/cli/main.js')
  return process.exitCode
}

it('reads the trace file named, and prints the map on stdout', async () => {
  fs.files.set('t.trace', trace)
  expect(await main('replay', 't.trace')).toBe(0)
  expect({ out, err }).toEqual({ out: map, err: '' })
})

it('reads - from standard input (file descriptor 0)', async () => {
  fs.files.set(0, trace)
  expect(await main('replay', '-')).toBe(0)
  expect({ out, err }).toEqual({ out: map, err: '' })
})

it('writes --html files and reports errors on stderr with their exit code', async () => {
  fs.files.set('t', trace)
  expect(await main('replay', 't', '--html', 'page.html')).toBe(0)
  expect([...fs.written.keys()]).toEqual(['page.html'])
  expect(fs.written.get('page.html')).toMatch(/^<!DOCTYPE html>/i)
  expect({ out, err }).toEqual({ out: '', err: 'wrote page.html\n' })
  err = ''
  expect(await main('replay', 'missing')).toBe(1)
  expect({ out, err }).toEqual({ out: '', err: 'memory-set replay: cannot read missing: no file missing\n' })
})

it('is interactive only when stdout is a terminal, on the process streams', async () => {
  fs.files.set('t', trace)
  Object.defineProperty(process.stdout, 'isTTY', { value: undefined, configurable: true })
  expect(await main('replay', 't', '-i')).toBe(2)
  expect(err).toBe('memory-set replay: --interactive needs a terminal\n')

  err = ''
  Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true })
  const input = new PassThrough()
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(input as unknown as typeof process.stdin)
  const done = main('replay', 't', '-i')
  while (!out.includes(' > ')) await new Promise((resolve) => setTimeout(resolve, 5))
  input.write('q\n')
  expect(await done).toBe(0)
  expect(out.split('\n')[0]).toBe(
    '#1 line 1: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000 [applied]',
  )
  expect(err).toBe('')
})
