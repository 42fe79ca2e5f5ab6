import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { usage } from '../../src/cli/options.js'
import { replay } from '../../src/cli/replay/engine.js'
import { htmlPage } from '../../src/cli/render/html.js'
import { run, type Io } from '../../src/cli/run.js'
import { parseTrace } from '../../src/cli/strace/trace.js'
import { AddressSpace } from '../../src/linux/index.js'

const traces = join(import.meta.dirname, '../../examples/traces')

/** Runs the command with in-memory files and captured output. */
const cli = async (args: string[], files: Record<string, string> = {}, more: Partial<Io> = {}) => {
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
    ...more,
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

/** Runs `memory-set ARGS` on a terminal, answering each prompt with the next of `answers`. */
const interactively = async (args: string[], text: string, answers: string[]) => {
  const input = new PassThrough()
  const output = new PassThrough()
  let shown = ''
  output.on('data', (d: Buffer) => void (shown += d.toString()))
  const done = run(args, {
    readFile: () => text,
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
  for (const [i, line] of answers.entries()) {
    while (prompts() <= i) await new Promise((resolve) => setTimeout(resolve, 5))
    input.write(line + '\n')
  }
  return { code: await done, shown }
}

/** The step line (`#N ...`) of each screen shown. */
const heads = (shown: string): string[] =>
  shown
    .split(/\[\d+\/\d+\] n\/p\/g N\/l N\/\/text\/q > /)
    .map((s) => s.split('\n').find((l) => l.startsWith('#')) ?? '')

describe('on a terminal', () => {
  const onTerminal = (err: (t: string) => void, more: Partial<Io>): Io => ({
    readFile: () => small,
    writeFile: () => undefined,
    out: () => undefined,
    err,
    emptySpace: (o) => AddressSpace.empty(o),
    tty: true,
    ...more,
  })

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

  it.each<[Partial<Io>, string]>([
    [{ progressAbove: 3 }, '\rreplaying t: 0%\rreplaying t: 100%\n'],
    // The trace has 4 events: progress is for traces with more than progressAbove.
    [{ progressAbove: 4 }, ''],
    [{}, ''],
    [{ tty: false, progressAbove: 2 }, ''],
  ])('progress with %j: %j', async (more, expected) => {
    let err = ''
    expect(
      await run(
        ['replay', 't'],
        onTerminal((t) => void (err += t), more),
      ),
    ).toBe(0)
    expect(err).toBe(expected)
  })

  it.each<Partial<Io>>([
    { stdout: new PassThrough() },
    { stdin: new PassThrough() },
    {},
    // Not a terminal: a closed input would otherwise end the session at once with 0.
    { tty: false, stdin: new PassThrough().end(), stdout: new PassThrough() },
  ])('--interactive needs a terminal: %#', async (more) => {
    let err = ''
    expect(
      await run(
        ['replay', 't', '-i'],
        onTerminal((t) => void (err += t), more),
      ),
    ).toBe(2)
    expect(err).toBe('memory-set replay: --interactive needs a terminal\n')
  })

  it('--interactive steps through the replay from the keyboard', async () => {
    const { code, shown } = await interactively(['replay', 't', '-i'], small, ['g 2', '/munmap', 'p', 'q'])
    expect(code).toBe(0)
    expect(heads(shown)).toEqual([
      '#4 line 4: munmap(0x7f0000000000, 4096) = 0 [applied]',
      expect.stringMatching(/^#2 line 2: mmap/),
      '#4 line 4: munmap(0x7f0000000000, 4096) = 0 [applied]',
      expect.stringMatching(/^#3 line 3: mmap/),
      '',
    ])
  })

  it('--interactive starts at --at, among the steps of the space shown', async () => {
    const forked = [
      '100  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
      '100  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00000a10) = 101',
      '101  munmap(0x7f0000000000, 4096) = 0',
      '100  mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    ].join('\n')
    const { code, shown } = await interactively(['replay', 't', '-i', '--at', '3'], forked, ['n', 'q'])
    expect(code).toBe(0)
    expect(shown.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '#2 line 2 pid 100: clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00000a10) = 101 [process]',
      '#4 line 4 pid 100: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000 [placed: MAP_FIXED at 0x7f0000010000: the model would place it at 0x7efffffff000]',
    ])
    expect([...shown.matchAll(/\[(\d+\/\d+)\] n\/p/g)].map((m) => m[1])).toEqual(['2/3', '3/3'])
  })
})

const passwd = '/etc/passwd'
const maps = {
  first: `7f0000001000-7f0000002000 r--p 00001000 00:00 0                          ${passwd}`,
  second: '7f0000010000-7f0000011000 rw-p 00000000 00:00 0',
}

describe('whole outputs', () => {
  it.each<[string[], { code: number; out: string; err: string }]>([
    [[], { code: 2, out: usage + '\n', err: '' }],
    [['-h'], { code: 0, out: usage + '\n', err: '' }],
    [['--help'], { code: 0, out: usage + '\n', err: '' }],
    [['replay', '-h'], { code: 0, out: usage + '\n', err: '' }],
    [['replay', 't', '--help'], { code: 0, out: usage + '\n', err: '' }],
    [
      ['frob', 't'],
      { code: 2, out: '', err: 'memory-set: unknown command "frob"; the command is "replay" (see --help)\n' },
    ],
    [['replay', '--bogus', 't'], { code: 2, out: '', err: 'memory-set replay: unknown option --bogus (see --help)\n' }],
    [['replay'], { code: 2, out: '', err: 'memory-set replay: no TRACE file given (see --help)\n' }],
    [['replay', 't'], { code: 0, out: `${maps.first}\n${maps.second}\n`, err: '' }],
    [['replay', 't', '--at', '99'], { code: 0, out: `${maps.first}\n${maps.second}\n`, err: '' }],
    [
      ['replay', 't', '--at', '2'],
      { code: 0, out: `7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}\n`, err: '' },
    ],
    [
      ['replay', 't', '--at', 'line:3'],
      {
        code: 0,
        out: `7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}\n${maps.second}\n`,
        err: '',
      },
    ],
    [['replay', 't', '--at', '0'], { code: 0, out: '', err: '' }],
    [['replay', 't', '--at', 'line:1'], { code: 0, out: '', err: '' }],
    [
      ['replay', 't', '--json', '--at', '3'],
      {
        code: 0,
        out:
          JSON.stringify([
            { start: 0x7f0000000000, end: 0x7f0000002000, perms: 'r--p', file_backed: true, offset: 0, path: passwd },
            { start: 0x7f0000010000, end: 0x7f0000011000, perms: 'rw-p', file_backed: false, offset: 0 },
          ]) + '\n',
        err: '',
      },
    ],
    [
      ['replay', 't', '--diff', '2', 'line:4'],
      {
        code: 0,
        out: [
          `- 7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}`,
          `+ ${maps.first}`,
          `+ ${maps.second}`,
          '',
        ].join('\n'),
        err: '',
      },
    ],
    [['replay', 't', '--diff', '4', '4'], { code: 0, out: '\n', err: '' }],
    [
      ['replay', 't', '--stats'],
      {
        code: 0,
        out: [
          'areas: 2',
          'mapped: 8192 bytes (8.0 KiB)',
          'peak: 12288 bytes (12 KiB) after line 3',
          'calls: mmap 2, brk 1, munmap 1',
          'outcomes: applied 3, placed 1',
          'address spaces in the trace: 1',
          'warnings: 0',
          '',
        ].join('\n'),
        err: '',
      },
    ],
    [
      ['replay', 't', '--stats', '--at', '2'],
      {
        code: 0,
        out: [
          'areas: 1',
          'mapped: 8192 bytes (8.0 KiB)',
          'peak: 8192 bytes (8.0 KiB) after line 2',
          'calls: brk 1, mmap 1',
          'outcomes: applied 2',
          'address spaces in the trace: 1',
          'warnings: 0',
          '',
        ].join('\n'),
        err: '',
      },
    ],
    [
      ['replay', 't', '--explain', '0x7f0000001000'],
      {
        code: 0,
        out: [
          `0x7f0000001000: in ${maps.first}`,
          'line 2: mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3</etc/passwd>, 0) = 0x7f0000000000 [applied]',
          `    7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}`,
          'line 4: munmap(0x7f0000000000, 4096) = 0 [applied]',
          `    ${maps.first}`,
          '',
        ].join('\n'),
        err: '',
      },
    ],
    [
      ['replay', 't', '--explain', '0x7f0000001000', '--at', '2'],
      {
        code: 0,
        out: [
          `0x7f0000001000: in 7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}`,
          'line 2: mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3</etc/passwd>, 0) = 0x7f0000000000 [applied]',
          `    7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}`,
          '',
        ].join('\n'),
        err: '',
      },
    ],
    [
      ['replay', 't', '--steps', '--at', 'line:3'],
      {
        code: 0,
        out: [
          '#1 line 1: brk(NULL) = 0x555555559000 [applied]',
          '#2 line 2: mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3</etc/passwd>, 0) = 0x7f0000000000 [applied]',
          '#3 line 3: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000' +
            ' [placed: MAP_FIXED at 0x7f0000010000: the model would place it at 0x7efffffff000]',
          '',
        ].join('\n'),
        err: '',
      },
    ],
  ])('%j', async (args, expected) => {
    const r = await cli(args, { t: small })
    expect({ code: r.code, out: r.out, err: r.err }).toEqual(expected)
    expect(r.written).toEqual({})
  })

  it('errors name the file and line; --skip-bad-lines turns them into warnings', async () => {
    const bad = 'mmap(NULL, 4096) = 0x7f0000000000\nbrk(NULL) = 0x1000\nnonsense\n'
    expect(await cli(['replay', 't', '--until-line', '3'], { t: bad.replace('nonsense', '') })).toEqual({
      code: 1,
      out: '',
      err: 't:1: mmap: expected 6 arguments, got 2\n  mmap(NULL, 4096)\n',
      written: {},
    })
    expect(await cli(['replay', 't', '--skip-bad-lines'], { t: bad })).toEqual({
      code: 0,
      out: '',
      err: [
        't:3: warning: skipped: not a system call, signal, exit or resumed line',
        't:1: warning: skipped: mmap: expected 6 arguments, got 2',
        '',
      ].join('\n'),
      written: {},
    })
    expect(await cli(['replay', 't', '--from-line', '2'], { t: 'nonsense\n' + small })).toMatchObject({
      code: 0,
      out: `${maps.first}\n${maps.second}\n`,
      err: '',
    })
    // Line numbers stay those of the file: line 3 is the second call here.
    expect(await cli(['replay', 't', '--from-line', '2', '--at', 'line:3'], { t: 'nonsense\n' + small })).toMatchObject(
      {
        code: 0,
        out: `7f0000000000-7f0000002000 r--p 00000000 00:00 0                          ${passwd}\n`,
        err: '',
      },
    )
  })

  it('a file that cannot be read is an error', async () => {
    const io = {
      readFile: (p: string) => {
        if (p === 't') return small
        throw new Error(`no ${p} here`)
      },
    }
    expect(await cli(['replay', 'u'], {}, io)).toEqual({
      code: 1,
      out: '',
      err: 'memory-set replay: cannot read u: no u here\n',
      written: {},
    })
    expect(await cli(['replay', 't', '--check', 'k'], {}, io)).toEqual({
      code: 1,
      out: '',
      err: 'memory-set replay: cannot read k: no k here\n',
      written: {},
    })
  })

  it('a step number counts calls, line:N counts lines: a signal line is no step', async () => {
    const t = [
      'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
      '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4242, si_uid=1000, si_status=0, si_utime=0, si_stime=0} ---',
      'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    ].join('\n')
    const ro = '7f0000000000-7f0000001000 r--p 00000000 00:00 0\n'
    const rw = '7f0000010000-7f0000011000 rw-p 00000000 00:00 0\n'
    const shown = async (...args: string[]) => await cli(['replay', 't', ...args], { t })
    expect(await shown('--at', '2')).toEqual({ code: 0, out: ro + rw, err: '', written: {} })
    expect(await shown('--at', 'line:2')).toEqual({ code: 0, out: ro, err: '', written: {} })
    expect(await shown('--diff', '1', '2')).toEqual({ code: 0, out: `+ ${rw}`, err: '', written: {} })
    expect(await shown('--diff', '1', 'line:2')).toEqual({ code: 0, out: '\n', err: '', written: {} })
  })

  it('an empty trace has no calls', async () => {
    for (const args of [
      ['replay', 't'],
      ['replay', 't', '--at', '0'],
    ]) {
      expect(await cli(args, { t: '' })).toEqual({
        code: 1,
        out: '',
        err: 'memory-set replay: no calls in t\n',
        written: {},
      })
    }
  })

  it('--check prints the comparison; the exit code is 3 when any span differs', async () => {
    const t = 'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000'
    const same = '7f0000000000-7f0000002000 rw-p 00000000 00:00 0\n'
    const one = '7f0000000000-7f0000002000 r--p 00000000 00:00 0\n'
    expect(await cli(['replay', 't', '--check', 'k'], { t, k: same })).toEqual({
      code: 0,
      out: '8192 of 8192 explained bytes match\n',
      err: '',
      written: {},
    })
    // One span on each side: the counts are equal but not zero.
    expect(await cli(['replay', 't', '--check', 'k'], { t, k: one })).toEqual({
      code: 3,
      out: [
        '0 of 8192 explained bytes match (2 differing spans)',
        '  kernel only: 0x7f0000000000-0x7f0000002000 r--p',
        '  replay only: 0x7f0000000000-0x7f0000002000 rw-p',
        '',
      ].join('\n'),
      err: '',
      written: {},
    })
    // Before the first call the trace explains nothing.
    expect(await cli(['replay', 't', '--check', 'k', '--at', '0'], { t, k: one })).toEqual({
      code: 0,
      out: '0 of 0 explained bytes match\n',
      err: '',
      written: {},
    })
  })

  it('--html writes the page of the chosen point, and prints only what else is asked', async () => {
    const parsed = parseTrace(small)
    if (E.isLeft(parsed)) throw new Error('the trace parses')
    const r = replay(parsed.right, { emptySpace: (o) => AddressSpace.empty(o) })
    if (E.isLeft(r)) throw new Error('the trace replays')
    expect(await cli(['replay', 't', '--html', 'o.html', '--at', '2', '--json'], { t: small })).toEqual({
      code: 0,
      out: '',
      err: 'wrote o.html\n',
      written: { 'o.html': htmlPage(r.right, 0, 2, 'memory-set replay t') },
    })
    const both = await cli(['replay', 't', '--html', 'o.html', '--steps', '--at', '1'], { t: small })
    expect(both).toEqual({
      code: 0,
      out: '#1 line 1: brk(NULL) = 0x555555559000 [applied]\n',
      err: 'wrote o.html\n',
      written: { 'o.html': htmlPage(r.right, 0, 1, 'memory-set replay t') },
    })
  })
})

describe('with several address spaces', () => {
  const forked = [
    '100  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    '100  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00000a10) = 101',
    '101  munmap(0x7f0000000000, 4096) = 0',
    '100  mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
  ].join('\n')
  const parent = '7f0000000000-7f0000001000 r--p 00000000 00:00 0\n7f0000010000-7f0000011000 rw-p 00000000 00:00 0\n'
  it.each<[string[], { code: number; out: string; err: string }]>([
    [[], { code: 0, out: parent, err: '' }],
    [['--pid', '100,101'], { code: 0, out: parent, err: '' }],
    // The child unmapped its only area: an empty map prints nothing.
    [['--pid', '101'], { code: 0, out: '', err: '' }],
    [['--pid', '101,100'], { code: 0, out: '', err: '' }],
    [['--pid', '101', '--at', '1'], { code: 1, out: '', err: 'memory-set replay: no calls of pid 101 in t\n' }],
    [['--pid', '101', '--at', '0'], { code: 0, out: '', err: '' }],
    [['--pid', '999'], { code: 1, out: '', err: 'memory-set replay: no calls of pid 999 in t\n' }],
    [['--pid', '999,998'], { code: 1, out: '', err: 'memory-set replay: no calls of pid 999,998 in t\n' }],
    [
      ['--steps'],
      {
        code: 0,
        out: [
          '#1 line 1 pid 100: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000 [applied]',
          '#2 line 2 pid 100: clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, ' +
            'child_tidptr=0x7f00000a10) = 101 [process]',
          '#4 line 4 pid 100: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000' +
            ' [placed: MAP_FIXED at 0x7f0000010000: the model would place it at 0x7efffffff000]',
          '',
        ].join('\n'),
        err: '',
      },
    ],
    [
      ['--steps', '--pid', '101'],
      { code: 0, out: '#3 line 3 pid 101: munmap(0x7f0000000000, 4096) = 0 [applied]\n', err: '' },
    ],
    [
      ['--diff', '0', '4', '--pid', '101'],
      { code: 0, out: '- 7f0000000000-7f0000001000 r--p 00000000 00:00 0\n', err: '' },
    ],
  ])('%j', async (args, expected) => {
    const r = await cli(['replay', 't', ...args], { t: forked })
    expect({ code: r.code, out: r.out, err: r.err }).toEqual(expected)
  })

  it('the program shown is the one running at the point: before and after execve', async () => {
    const t = [
      '100  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
      '100  execve("/bin/true", ["true"], 0x7ffd5a0c8f08 /* 1 var */) = 0',
      '100  mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    ].join('\n')
    const shown = async (...args: string[]) => (await cli(['replay', 't', ...args], { t })).out
    expect(await shown()).toBe('7f0000010000-7f0000011000 rw-p 00000000 00:00 0\n')
    expect(await shown('--at', '1')).toBe('7f0000000000-7f0000001000 r--p 00000000 00:00 0\n')
    expect(await shown('--at', '2')).toBe('')
    expect(await shown('--at', '1', '--pid', '100')).toBe('7f0000000000-7f0000001000 r--p 00000000 00:00 0\n')
  })

  it('without process lines --pid chooses whose calls are replayed', async () => {
    const t = [
      '101 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
      '102 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000010000',
    ].join('\n')
    const first = '7f0000000000-7f0000001000 r--p 00000000 00:00 0\n'
    const second = '7f0000010000-7f0000011000 r--p 00000000 00:00 0\n'
    expect(await cli(['replay', 't'], { t })).toMatchObject({ code: 0, out: first + second })
    expect(await cli(['replay', 't', '--pid', '101'], { t })).toMatchObject({ code: 0, out: first })
    expect(await cli(['replay', 't', '--pid', '102'], { t })).toMatchObject({ code: 0, out: second })
    // Without process lines every selected call acts on one space, whoever's pid comes first.
    expect(await cli(['replay', 't', '--pid', '103,101'], { t })).toMatchObject({ code: 0, out: first })
    expect(await cli(['replay', 't', '--pid', '103'], { t })).toMatchObject({
      code: 1,
      err: 'memory-set replay: no calls of pid 103 in t\n',
    })
  })
})
