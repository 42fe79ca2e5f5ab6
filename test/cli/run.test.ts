import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { run, type Io } from '../../src/cli/run.js'
import { AddressSpace } from '../../src/linux/index.js'

const traces = join(import.meta.dirname, '../../examples/traces')

/** Runs the command with in-memory files and captured output. */
const cli = async (args: string[], files: Record<string, string> = {}) => {
  let out = ''
  let err = ''
  const written: Record<string, string> = {}
  const io: Io = {
    readFile: (p) => files[p] ?? readFileSync(p, 'utf8'),
    writeFile: (p, t) => void (written[p] = t),
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    emptySpace: (o) => AddressSpace.empty(o),
    tty: false,
  }
  const code = await run(args, io)
  return { code, out, err, written }
}

const small = [
  'brk(NULL) = 0x555555559000',
  'mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3</etc/passwd>, 0) = 0x7f0000000000',
  'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
  'munmap(0x7f0000000000, 4096) = 0',
].join('\n')

describe('memory-set replay', () => {
  it('prints the final map', async () => {
    const r = await cli(['replay', 't'], { t: small })
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(
      r.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 30)),
    ).toEqual(['7f0000001000-7f0000002000 r--p', '7f0000010000-7f0000011000 rw-p'])
    expect(r.out).toContain('00001000 00:00 0                          /etc/passwd')
  })
  it('--json prints the contract objects', async () => {
    const r = await cli(['replay', 't', '--json', '--until-line', '3'], { t: small })
    expect(JSON.parse(r.out)).toEqual([
      { start: 0x7f0000000000, end: 0x7f0000002000, perms: 'r--p', file_backed: true, offset: 0, path: '/etc/passwd' },
    ])
  })
  it('--at, --diff, --stats, --explain and --steps', async () => {
    expect((await cli(['replay', 't', '--at', '2'], { t: small })).out).toMatch(/^7f0000000000-7f0000002000 r--p/)
    expect((await cli(['replay', 't', '--diff', '2', 'line:4'], { t: small })).out.split('\n')[0]).toMatch(
      /^- 7f0000000000-7f0000002000 r--p/,
    )
    expect((await cli(['replay', 't', '--stats'], { t: small })).out).toContain('areas: 2')
    expect((await cli(['replay', 't', '--explain', '0x7f0000001000'], { t: small })).out).toContain('line 4: munmap')
    expect((await cli(['replay', 't', '--steps'], { t: small })).out.split('\n')).toHaveLength(5)
  })
  it('--html writes the page', async () => {
    const r = await cli(['replay', 't', '--html', 'out.html'], { t: small })
    expect(r.code).toBe(0)
    expect(r.written['out.html']).toContain('<svg')
    expect(r.out).toBe('')
  })
  it('a malformed line is an error with the file and line number', async () => {
    const r = await cli(['replay', 't'], { t: 'brk(NULL) = 0x1000\nnonsense\n' })
    expect(r).toMatchObject({ code: 1, out: '' })
    expect(r.err).toBe('t:2: not a system call, signal, exit or resumed line\n  nonsense\n')
    const skipped = await cli(['replay', 't', '--skip-bad-lines'], { t: 'brk(NULL) = 0x1000\nnonsense\n' })
    expect(skipped.code).toBe(0)
    expect(skipped.err).toContain('t:2: warning: skipped')
  })
  it('usage errors exit with 2, help with 0', async () => {
    expect(await cli([])).toMatchObject({ code: 2 })
    expect(await cli(['frob'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command') })
    expect(await cli(['replay', '--bogus', 't'])).toMatchObject({ code: 2 })
    expect(await cli(['replay', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('--explain ADDR') })
    expect(await cli(['replay', 'missing-file'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('cannot read'),
    })
    expect(await cli(['replay', 't', '-i'], { t: small })).toMatchObject({
      code: 2,
      err: expect.stringContaining('terminal'),
    })
  })
  it('--check compares with saved kernel maps: 0 when equal, 3 when not', async () => {
    const dir = join(traces, 'demo')
    const maps = readFileSync(join(dir, '6631.maps'), 'utf8')
    const ok = await cli(['replay', join(dir, 'trace'), '--until-line', '38', '--check', 'k'], { k: maps })
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/^(\d+) of \1 explained bytes match\n$/) })
    const bad = await cli(['replay', join(dir, 'trace'), '--until-line', '30', '--check', 'k'], { k: maps })
    expect(bad.code).toBe(3)
  })
  it('--pid selects a process of a trace with process lines', async () => {
    const r = await cli(['replay', join(traces, 'forks/trace'), '--pid', '6648', '--json'])
    const own = await cli(['replay', join(traces, 'forks/trace'), '--json'])
    expect(JSON.parse(r.out)).not.toEqual(JSON.parse(own.out))
    expect(await cli(['replay', join(traces, 'forks/trace'), '--pid', '999'])).toMatchObject({ code: 1 })
    expect(await cli(['replay', join(traces, 'forks/trace'), '--at', '0'])).toMatchObject({ code: 0, out: '' })
  })
})

describe('on a terminal', () => {
  it('shows progress on stderr for long traces, not on stdout', async () => {
    let out = ''
    let err = ''
    const code = await run(['replay', 't'], {
      readFile: () => small,
      writeFile: () => undefined,
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      emptySpace: (o) => AddressSpace.empty(o),
      tty: true,
      progressAbove: 2,
    })
    expect(code).toBe(0)
    expect(err).toBe('\rreplaying t: 0%\rreplaying t: 100%\n')
    expect(out).toMatch(/^7f0000001000-7f0000002000 r--p/)
  })

  it('--interactive steps through the replay from the keyboard', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    let shown = ''
    output.on('data', (d: Buffer) => void (shown += d.toString()))
    const done = run(['replay', 't', '-i'], {
      readFile: () => small,
      writeFile: () => undefined,
      out: () => undefined,
      err: () => undefined,
      emptySpace: (o) => AddressSpace.empty(o),
      tty: true,
      stdin: input,
      stdout: output,
    })
    // Answer each prompt once it is shown (a line typed before the question is lost).
    const prompts = (): number => shown.split('n/p/g N/l N//text/q > ').length - 1
    for (const [i, line] of ['g 2', '/munmap', 'p', 'q'].entries()) {
      while (prompts() <= i) await new Promise((resolve) => setTimeout(resolve, 5))
      input.write(line + '\n')
    }
    expect(await done).toBe(0)
    const screens = shown.split(/\[\d+\/4\] n\/p\/g N\/l N\/\/text\/q > /)
    expect(screens.map((s) => s.split('\n').find((l) => l.startsWith('#')) ?? '')).toEqual([
      '#4 line 4: munmap(0x7f0000000000, 4096) = 0 [applied]',
      expect.stringMatching(/^#2 line 2: mmap/),
      '#4 line 4: munmap(0x7f0000000000, 4096) = 0 [applied]',
      expect.stringMatching(/^#3 line 3: mmap/),
      '',
    ])
  })
})
