/**
 * The meaning of a traced call for an address space: a typed layout call
 * (mmap, munmap, mprotect, mremap, brk), a memory event that leaves the layout
 * alone (madvise, mlock, ...), a process call (clone, fork, execve), a file
 * call that names an fd (open, close), or something the replay does not model.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import { hasFlag, mapFlags, mremapFlags, parseFlags, protFlags, type FlagTable } from './flags.js'
import { parseNumber } from './numbers.js'
import { stripComments } from './scan.js'
import type { TraceCall } from './trace.js'

/** A decoded call. Numbers are byte values; flags are Linux x86-64 bits. */
export type Syscall =
  | {
      readonly kind: 'mmap'
      readonly addr: number
      readonly length: number
      readonly prot: number
      readonly flags: number
      readonly fd: number
      readonly path: string | undefined
      readonly offset: number
    }
  | { readonly kind: 'munmap'; readonly addr: number; readonly length: number }
  | { readonly kind: 'mprotect'; readonly addr: number; readonly length: number; readonly prot: number }
  | {
      readonly kind: 'mremap'
      readonly oldAddr: number
      readonly oldLength: number
      readonly newLength: number
      readonly flags: number
      readonly newAddr: number
    }
  | { readonly kind: 'brk'; readonly addr: number }
  /** A memory call that does not change the layout (madvise, mlock, msync, mincore, ...). */
  | { readonly kind: 'event'; readonly name: string }
  /** clone, clone3, fork, vfork: `shareVm` when the child uses the caller's address space. */
  | { readonly kind: 'clone'; readonly shareVm: boolean }
  | { readonly kind: 'execve' }
  /** open, openat, creat: the result is an fd for `path`. close: `fd` is free again. */
  | { readonly kind: 'open'; readonly path: string }
  | { readonly kind: 'close'; readonly fd: number }
  /** A call that may change the layout but is not modelled (shmat, remap_file_pages, unknown numbers). */
  | { readonly kind: 'unmodelled'; readonly name: string }
  /** Any other call: no effect on memory. */
  | { readonly kind: 'other'; readonly name: string }

const events = new Set([
  'madvise',
  'process_madvise',
  'mlock',
  'mlock2',
  'munlock',
  'mlockall',
  'munlockall',
  'msync',
  'mincore',
  'mbind',
  'set_mempolicy',
  'get_mempolicy',
  'set_mempolicy_home_node',
  'migrate_pages',
  'move_pages',
])
const unmodelled = new Set([
  'mmap2',
  'old_mmap',
  'shmat',
  'shmdt',
  'remap_file_pages',
  'map_shadow_stack',
  'mseal',
  'pkey_alloc',
  'pkey_free',
  'io_setup',
  'io_destroy',
])

/** Decodes `call`, or says which argument could not be read. */
export const decodeSyscall = (call: TraceCall): E.Either<string, Syscall> => {
  const a = call.args.map(stripComments)
  // Reads the listed arguments: a number, or flags from a table; the first bad one is the error.
  const read = (
    minArgs: number,
    specs: ReadonlyArray<readonly [what: string, table?: FlagTable]>,
  ): E.Either<string, readonly number[]> => {
    if (a.length < minArgs) return E.left(`${call.name}: expected ${minArgs} arguments, got ${a.length}`)
    const values: number[] = []
    for (const [i, [what, table]] of specs.entries()) {
      const text = a[i] ?? ''
      if (table !== undefined) {
        const f = parseFlags(text, table)
        if (E.isLeft(f)) return E.left(`${call.name}: ${what}: ${f.left}`)
        values.push(f.right)
      } else {
        const v = parseNumber(text)
        if (v === undefined) return E.left(`${call.name}: ${what} ${JSON.stringify(text)} is not a number`)
        values.push(v)
      }
    }
    return E.right(values)
  }
  const at = (values: readonly number[], i: number): number => values[i] ?? 0

  switch (call.name) {
    case 'mmap': {
      // -y prints the fd as `3</usr/lib/libc.so.6>`, its path escaped like a string's.
      const fdText = a[4] ?? ''
      const fdMatch = /^(-?\d+)(?:<(.*)>)?$/.exec(fdText)
      if (a.length >= 6 && fdMatch === null) return E.left(`mmap: fd ${JSON.stringify(fdText)} is not a number`)
      return E.map((v: readonly number[]) => ({
        kind: 'mmap' as const,
        addr: at(v, 0),
        length: at(v, 1),
        prot: at(v, 2),
        flags: at(v, 3),
        fd: Number(fdMatch?.[1]),
        path: fdMatch?.[2] === undefined ? undefined : unescape(fdMatch[2]),
        offset: at(v, 4),
      }))(
        // The fd (argument 4) was read above; `specs` skips it by reading the offset last.
        E.flatMap(read(6, [['address'], ['length'], ['prot', protFlags], ['flags', mapFlags]]), (v) => {
          const offset = parseNumber(a[5] ?? '')
          return offset === undefined
            ? E.left(`mmap: offset ${JSON.stringify(a[5] ?? '')} is not a number`)
            : E.right([...v, offset])
        }),
      )
    }
    case 'munmap':
      return E.map((v: readonly number[]) => ({ kind: 'munmap' as const, addr: at(v, 0), length: at(v, 1) }))(
        read(2, [['address'], ['length']]),
      )
    case 'mprotect':
    case 'pkey_mprotect':
      return E.map((v: readonly number[]) => ({
        kind: 'mprotect' as const,
        addr: at(v, 0),
        length: at(v, 1),
        prot: at(v, 2),
      }))(read(3, [['address'], ['length'], ['prot', protFlags]]))
    case 'mremap':
      return E.map((v: readonly number[]) => ({
        kind: 'mremap' as const,
        oldAddr: at(v, 0),
        oldLength: at(v, 1),
        newLength: at(v, 2),
        flags: at(v, 3),
        newAddr: at(v, 4),
      }))(
        read(4, [
          ['old address'],
          ['old length'],
          ['new length'],
          ['flags', mremapFlags],
          ...(a.length > 4 ? [['new address'] as const] : []),
        ]),
      )
    case 'brk':
      return E.map((v: readonly number[]) => ({ kind: 'brk' as const, addr: at(v, 0) }))(read(1, [['address']]))
    case 'clone':
    case 'clone3': {
      // clone(..., flags=CLONE_VM|...|SIGCHLD, ...); clone3({flags=CLONE_VM|..., ...}, 88)
      const m = /(?:^|[{,\s])flags=([A-Za-z0-9_|]+)/.exec(call.args.join(', '))
      return E.right({ kind: 'clone', shareVm: m !== null && hasFlag(m[1] ?? '', 'CLONE_VM') })
    }
    case 'fork':
      return E.right({ kind: 'clone', shareVm: false })
    case 'vfork':
      // The vfork child runs in its parent's memory until it calls execve or exits.
      return E.right({ kind: 'clone', shareVm: true })
    case 'execve':
    case 'execveat':
      return E.right({ kind: 'execve' })
    case 'open':
    case 'openat':
    case 'creat': {
      const pathArg = a[call.name === 'openat' ? 1 : 0] ?? ''
      const m = /^"((?:[^"\\]|\\.)*)"$/.exec(pathArg)
      return E.right(m === null ? { kind: 'other', name: call.name } : { kind: 'open', path: unescape(m[1] ?? '') })
    }
    case 'close': {
      const fd = parseNumber((a[0] ?? '').replace(/<.*>$/, ''))
      return E.right(fd === undefined ? { kind: 'other', name: call.name } : { kind: 'close', fd })
    }
    default:
      if (events.has(call.name)) return E.right({ kind: 'event', name: call.name })
      if (unmodelled.has(call.name) || call.name.startsWith('syscall_')) {
        return E.right({ kind: 'unmodelled', name: call.name })
      }
      return E.right({ kind: 'other', name: call.name })
  }
}

const controls: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' }
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

/**
 * strace's C escapes in a path (`\"`, `\\`, `\n`, `\t`, `\r`, `\f`, `\v`,
 * `\x41` under -x, `\101`; -y also writes `<` and `>` as `\74` and `\76`).
 * strace escapes each byte outside printable ASCII, so the bytes are read
 * back and decoded as UTF-8: `caf\303\251` is `café`.
 */
const unescape = (s: string): string => {
  const bytes: number[] = []
  for (const [, hex, octal, escaped, plain] of s.matchAll(/\\(?:x([0-9a-fA-F]{2})|([0-7]{1,3})|(.))|([^\\]+)/gs)) {
    if (hex !== undefined) bytes.push(parseInt(hex, 16))
    else if (octal !== undefined) bytes.push(parseInt(octal, 8))
    else bytes.push(...utf8.encode(escaped === undefined ? plain : (controls[escaped] ?? escaped)))
  }
  return fromUtf8.decode(Uint8Array.from(bytes))
}
