/**
 * A generated strace output, for benchmarks and tests: threads that map,
 * unmap, protect, remap and grow the heap, with interrupted calls, in a trace
 * whose every result is consistent with the calls before it. The generator
 * keeps its own list of areas, which is what a replay must end with.
 *
 * @packageDocumentation
 */

/** Options of {@link syntheticTrace}. */
export interface SyntheticOptions {
  /** Number of calls. */
  readonly calls: number
  /** Number of threads sharing the space (pids 1000, 1001, ...). */
  readonly threads?: number
  readonly seed?: number
  /** Keep about this many areas alive. */
  readonly areas?: number
}

/** A generated trace and the areas the generator says it leaves. */
export interface SyntheticTrace {
  readonly text: string
  /** Final areas, page-granular: start, end, and `prot` (1 = read, 3 = read/write). */
  readonly areas: readonly { readonly start: number; readonly end: number; readonly prot: number }[]
}

const PAGE = 4096

/** mulberry32: a small seeded generator (the trace must be reproducible). */
const random = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const hex = (n: number): string => `0x${n.toString(16)}`
const protText = (p: number): string => (p === 1 ? 'PROT_READ' : 'PROT_READ|PROT_WRITE')

/** Generates a trace (see {@link SyntheticOptions}). */
export const syntheticTrace = (options: SyntheticOptions): SyntheticTrace => {
  const rnd = random(options.seed ?? 1)
  const threads = Math.max(1, options.threads ?? 4)
  const target = options.areas ?? 1000
  const int = (n: number): number => Math.floor(rnd() * n)
  // One area per mapping: [start, end) with one prot per page, so partial mprotects stay exact.
  const live: { start: number; pages: number[] }[] = []
  let top = 0x7f0000000000
  const heapStart = 0x555555560000
  let brk = heapStart
  const lines: string[] = []
  const pid = (): number => 1000 + int(threads)
  // An interrupted munmap or madvise of one thread, waiting for its result line. Only
  // these are interrupted: no other call of the trace can touch their pages meanwhile.
  let pending: { pid: number; name: string; tail: string } | undefined

  const emit = (thread: number, call: string, result: string): void => {
    const name = /^(\w+)\(/.exec(call)?.[1] ?? ''
    // Another thread completes calls while one is interrupted.
    const p = pending !== undefined && pending.pid === thread ? 1000 + ((thread - 1000 + 1) % threads) : thread
    if (pending === undefined && threads > 1 && (name === 'munmap' || name === 'madvise') && rnd() < 0.1) {
      lines.push(`${p}  ${call} <unfinished ...>`)
      pending = { pid: p, name, tail: `) = ${result}` }
      return
    }
    lines.push(`${p}  ${call}) = ${result}`)
    if (pending !== undefined) {
      lines.push(`${pending.pid}  <... ${pending.name} resumed>${pending.tail}`)
      pending = undefined
    }
  }

  lines.push(`1000  brk(NULL) = ${hex(brk)}`)
  for (let i = 1; i < options.calls; i++) {
    const r = rnd()
    const p = pid()
    if (live.length === 0 || (r < 0.4 && live.length < target * 1.2)) {
      const pages = 1 + int(32)
      const len = pages * PAGE
      top -= len + PAGE // a free page between areas keeps them apart
      live.push({ start: top, pages: new Array<number>(pages).fill(3) })
      emit(p, `mmap(NULL, ${len}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0`, hex(top))
    } else if (r < 0.65 || live.length > target * 1.2) {
      const k = int(live.length)
      const a = live[k]
      if (a === undefined) continue
      live.splice(k, 1)
      emit(p, `munmap(${hex(a.start)}, ${a.pages.length * PAGE}`, '0')
    } else if (r < 0.85) {
      const a = live[int(live.length)]
      if (a === undefined) continue
      const from = int(a.pages.length)
      const count = 1 + int(a.pages.length - from)
      const prot = rnd() < 0.5 ? 1 : 3
      for (let j = from; j < from + count; j++) a.pages[j] = prot
      emit(p, `mprotect(${hex(a.start + from * PAGE)}, ${count * PAGE}, ${protText(prot)}`, '0')
    } else if (r < 0.93) {
      const a = live[int(live.length)]
      // Linux moves one area only: a mapping split by mprotect cannot be remapped whole.
      if (a === undefined || a.pages.some((x) => x !== a.pages[0])) continue
      const oldLen = a.pages.length * PAGE
      const grow = 1 + int(16)
      const last = a.pages[a.pages.length - 1] ?? 3
      const pages = [...a.pages, ...new Array<number>(grow).fill(last)]
      top -= pages.length * PAGE + PAGE
      emit(p, `mremap(${hex(a.start)}, ${oldLen}, ${pages.length * PAGE}, MREMAP_MAYMOVE`, hex(top))
      a.start = top
      a.pages = pages
    } else if (r < 0.97) {
      const next = Math.max(heapStart, brk + (int(33) - 12) * PAGE)
      brk = next
      emit(p, `brk(${hex(next)}`, hex(next))
    } else {
      const a = live[int(live.length)]
      if (a === undefined) continue
      emit(p, `madvise(${hex(a.start)}, ${PAGE}, MADV_DONTNEED`, '0')
    }
  }
  if (pending !== undefined) lines.push(`${pending.pid}  <... ${pending.name} resumed>${pending.tail}`)
  const areas = live.flatMap((a) =>
    a.pages.map((prot, j) => ({ start: a.start + j * PAGE, end: a.start + (j + 1) * PAGE, prot })),
  )
  if (brk > heapStart) areas.push({ start: heapStart, end: Math.ceil(brk / PAGE) * PAGE, prot: 3 })
  return { text: lines.join('\n') + '\n', areas: areas.sort((x, y) => x.start - y.start) }
}
