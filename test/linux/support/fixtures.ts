// Reading the kernel fixtures (test/fixtures/linux/*.jsonl, format in its README) and
// replaying them through AddressSpace.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { AddressSpace, type Vma } from '../../../src/linux/index.js'

export interface KernelVma {
  readonly start: number
  readonly end: number
  readonly perms: string
  readonly offset: number
  readonly dev: string
  readonly inode: number
  readonly path: string
  readonly vmflags?: string
}

export interface Header {
  readonly kind: 'header'
  readonly name: string
  readonly pageSize: number
  readonly taskSize: number
  readonly mmapBase: number | null
  readonly brk: number
  /** `mm->start_stack`: `/proc` names the anonymous VMA containing it `[stack]`. */
  readonly startStack: number
  readonly description: string
  readonly initial: readonly KernelVma[]
}

export interface Call {
  readonly kind: 'call'
  readonly step: number
  readonly op: 'mmap' | 'munmap' | 'mprotect' | 'mremap' | 'brk' | 'open' | 'close'
  readonly args: readonly (number | string)[]
  readonly ret: number | { readonly errno: string }
  readonly maps: readonly KernelVma[]
  readonly note: string
}

export interface Fixture {
  readonly file: string
  readonly header: Header
  readonly calls: readonly Call[]
}

export const fixtureDir = join(import.meta.dirname, '..', '..', 'fixtures', 'linux')

export const loadFixtures = (): Fixture[] =>
  readdirSync(fixtureDir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(fixtureDir, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Header | Call)
      const [header, ...calls] = lines
      return { file, header: header as Header, calls: calls as Call[] }
    })

/**
 * The machine the fixtures were recorded on (header descriptions): vm.mmap_min_addr 4096 (MAP_FIXED may go
 * down to it; hints are raised to the LSM minimum 0x10000), 24 GiB of RAM and no swap (the overcommit
 * heuristic refuses a single accounted mapping larger than that).
 */
export const MACHINE = { fixedMinAddr: 0x1000, mmapMinAddr: 0x10000, commitLimit: 24 * 2 ** 30 } as const

const O_ACCMODE = 3
const O_WRONLY = 1
const O_RDONLY = 0
const O_DIRECTORY = 0x10000

/**
 * Initial anonymous mappings that were never written to. Everything else a recorded program had
 * mapped before its first call was written to (fixtures README: "what is touched"); the touched
 * theme's description names its one untouched area: U = [A+30, A+34), A = 0x100000000000.
 */
const UNTOUCHED: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  touched: [[0x100000000000 + 30 * 0x1000, 0x100000000000 + 34 * 0x1000]],
}

/** The space the header describes: its layout and its initial mappings. */
export const initialSpace = (header: Header): AddressSpace => {
  const heap = header.initial.find((vma) => vma.path === '[heap]')
  const empty = AddressSpace.empty({
    pageSize: header.pageSize,
    taskSize: header.taskSize,
    ...(header.mmapBase === null ? {} : { mmapBase: header.mmapBase }),
    brk: header.brk,
    startBrk: heap?.start ?? header.brk,
    startStack: header.startStack,
    ...MACHINE,
    undeclaredFds: 'EBADF',
  })
  const untouched = UNTOUCHED[header.name] ?? []
  const seeded = empty.withMappings(
    header.initial.map((vma) =>
      untouched.some(([start, end]) => vma.start === start && vma.end === end) ? { ...vma, touched: false } : vma,
    ),
  )
  if (E.isLeft(seeded)) throw new Error(seeded.left.message)
  return seeded.right
}

export type Outcome = number | { readonly errno: string }

/** Runs one call; the space after it (Linux's, for a failure that carries kernelState) and its result. */
export const replay = (space: AddressSpace, call: Call): readonly [AddressSpace, Outcome] => {
  const n = call.args.map((a) => (typeof a === 'number' ? a : 0))
  switch (call.op) {
    case 'open': {
      const flags = n[1] ?? 0
      const fd = typeof call.ret === 'number' ? call.ret : -1
      if (fd < 0) return [space, call.ret]
      const opened = space.withFile(fd, {
        path: String(call.args[0]),
        writable: (flags & O_ACCMODE) !== O_RDONLY,
        readable: (flags & O_ACCMODE) !== O_WRONLY,
        mappable: (flags & O_DIRECTORY) === 0,
      })
      return [opened, fd]
    }
    case 'close':
      return [space.withoutFile(n[0] ?? -1), 0]
    case 'brk':
      return space.brk(n[0] ?? 0)
    case 'mmap':
      return settle(space, space.mmap(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!))
    case 'mremap':
      return settle(space, space.mremap(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!))
    case 'munmap':
      return settle(space, E.map((s: AddressSpace) => [s, 0] as const)(space.munmap(n[0]!, n[1]!)))
    case 'mprotect':
      return settle(space, E.map((s: AddressSpace) => [s, 0] as const)(space.mprotect(n[0]!, n[1]!, n[2]!)))
  }
}

const settle = (
  space: AddressSpace,
  result: E.Either<{ code: string; kernelState?: AddressSpace }, readonly [AddressSpace, number]>,
): readonly [AddressSpace, Outcome] =>
  E.isRight(result) ? result.right : [result.left.kernelState ?? space, { errno: result.left.code }]

/** The `VmFlags` mnemonics the model keeps (others, like `dd`, are not modelled). */
const MODELLED = new Set([
  'rd',
  'wr',
  'ex',
  'sh',
  'mr',
  'mw',
  'me',
  'ms',
  'gd',
  'pf',
  'lo',
  'io',
  'de',
  'ac',
  'nr',
  'nh',
])

const flagsOf = (text: string | undefined): string =>
  (text ?? '')
    .split(/\s+/)
    .filter((f) => MODELLED.has(f))
    .sort()
    .join(' ')

/**
 * What is compared of a VMA: range, perms, offset, path, the modelled VmFlags and, for shared anonymous
 * memory, which object it is (kernel inode vs model object, matched up consistently over a fixture).
 */
export const kernelView = (vma: KernelVma): string =>
  `${vma.start.toString(16)}-${vma.end.toString(16)} ${vma.perms} ${vma.offset.toString(16)} ${vma.path}` +
  (vma.vmflags === undefined ? '' : ` [${flagsOf(vma.vmflags)}]`)

export const modelView = (vma: Vma, withFlags: boolean): string =>
  `${vma.start.toString(16)}-${vma.end.toString(16)} ${vma.perms} ${vma.offset.toString(16)} ${vma.path}` +
  (withFlags ? ` [${flagsOf(vma.vmflags)}]` : '')
