/**
 * Applying one layout call (mmap, munmap, mprotect, mremap, brk) to a space
 * so that it succeeds or fails exactly as the trace says.
 *
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CallResult } from '../strace/line.js'
import { hex } from '../strace/numbers.js'
import type { Syscall } from '../strace/syscall.js'
import {
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MREMAP_DONTUNMAP,
  MREMAP_FIXED,
  MREMAP_MAYMOVE,
  pageUp,
  type ReplayErrno,
  type ReplaySpace,
} from './space.js'
import type { Outcome } from './step.js'

/** The space after a call, how it was reached, and why when it matters. */
export interface Applied {
  readonly space: ReplaySpace
  readonly outcome: Outcome
  readonly note?: string
}

type Layout = Extract<Syscall, { kind: 'mmap' | 'munmap' | 'mprotect' | 'mremap' | 'brk' }>

const describe = (e: ReplayErrno): string => `${e.code}: ${e.message}`

/**
 * Applies `call` (with `fd` already translated to the space's own file) so
 * that its result is `result`.
 */
export const applyLayout = (space: ReplaySpace, call: Layout, fd: number, result: CallResult): Applied => {
  const ok = result.kind === 'value'
  switch (call.kind) {
    case 'mmap': {
      const model = space.mmap(call.addr, call.length, call.prot, call.flags, fd, call.offset)
      if (!ok) {
        return { space, outcome: 'failed', ...(E.isRight(model) ? { note: 'the model would have succeeded' } : {}) }
      }
      if (E.isRight(model) && model.right[1] === result.value) return { space: model.right[0], outcome: 'applied' }
      // The kernel's answer is a fact: map at the address it returned.
      const flags = (call.flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED
      const forced = space.mmap(result.value, call.length, call.prot, flags, fd, call.offset)
      if (E.isLeft(forced)) return { space, outcome: 'disagreed', note: describe(forced.left) }
      const why = E.isRight(model) ? `the model would place it at ${hex(model.right[1])}` : describe(model.left)
      return { space: forced.right[0], outcome: 'placed', note: `MAP_FIXED at ${hex(result.value)}: ${why}` }
    }
    case 'munmap': {
      if (!ok) return { space, outcome: 'failed' }
      const model = space.munmap(call.addr, call.length)
      return E.isRight(model)
        ? { space: model.right, outcome: 'applied' }
        : { space, outcome: 'disagreed', note: describe(model.left) }
    }
    case 'mprotect': {
      const model = space.mprotect(call.addr, call.length, call.prot)
      if (!ok) {
        if (E.isLeft(model) && model.left.kernelState !== undefined) {
          return { space: model.left.kernelState, outcome: 'kernel-state', note: describe(model.left) }
        }
        return { space, outcome: 'failed' }
      }
      if (E.isRight(model)) return { space: model.right, outcome: 'applied' }
      if (model.left.code !== 'ENOMEM') return { space, outcome: 'disagreed', note: describe(model.left) }
      return protectKnownParts(space, call.addr, call.addr + pageUp(call.length), call.prot)
    }
    case 'mremap':
      return applyMremap(space, call, result)
    case 'brk': {
      const [after, brk] = space.brk(call.addr)
      const traced = result.kind === 'value' ? result.value : brk
      if (brk === traced) return { space: after, outcome: 'applied' }
      if (traced === call.addr) {
        // The kernel moved the break where the model would not: the pages in the way
        // were free in reality (mapped before tracing or released out of order).
        const cleared = space.munmap(Math.min(pageUp(brk), pageUp(traced)), Math.abs(pageUp(traced) - pageUp(brk)))
        if (E.isRight(cleared)) {
          const [forced, again] = cleared.right.brk(call.addr)
          if (again === traced) return { space: forced, outcome: 'placed', note: `the model's break was ${hex(brk)}` }
        }
      }
      return {
        space: after,
        outcome: 'disagreed',
        note: `the model's break is ${hex(brk)}, the trace's ${hex(traced)}`,
      }
    }
  }
}

/** mprotect of memory partly mapped before tracing began: change what the model knows. */
const protectKnownParts = (space: ReplaySpace, start: number, end: number, prot: number): Applied => {
  let s = space
  let known = 0
  for (const v of space.vmas()) {
    if (v.end <= start || v.start >= end) continue
    const from = Math.max(v.start, start)
    const to = Math.min(v.end, end)
    const r = s.mprotect(from, to - from, prot)
    if (E.isLeft(r)) return { space, outcome: 'disagreed', note: describe(r.left) }
    s = r.right
    known += to - from
  }
  return {
    space: s,
    outcome: 'partial',
    note: `memory mapped before tracing began: changed the ${known} of ${end - start} bytes the replay knows`,
  }
}

const applyMremap = (space: ReplaySpace, call: Extract<Syscall, { kind: 'mremap' }>, result: CallResult): Applied => {
  const model = space.mremap(call.oldAddr, call.oldLength, call.newLength, call.flags, call.newAddr)
  if (result.kind !== 'value') {
    const kernel = E.isLeft(model) ? model.left.kernelState : undefined
    return kernel !== undefined ? { space: kernel, outcome: 'kernel-state' } : { space, outcome: 'failed' }
  }
  const target = result.value
  if (E.isRight(model) && model.right[1] === target) return { space: model.right[0], outcome: 'applied' }
  if (E.isLeft(model) && model.left.code === 'EFAULT') {
    // The source was mapped before tracing began: its attributes are unknown, so the
    // replay forgets both ranges rather than invent them.
    let s = space
    if ((call.flags & MREMAP_DONTUNMAP) === 0) s = E.getOrElse(() => s)(s.munmap(call.oldAddr, call.oldLength))
    s = E.getOrElse(() => s)(s.munmap(target, call.newLength))
    return { space: s, outcome: 'unmodelled', note: 'the source was mapped before tracing began' }
  }
  const why = E.isRight(model) ? `the model would move it to ${hex(model.right[1])}` : describe(model.left)
  let forced: E.Either<ReplayErrno, readonly [ReplaySpace, number]>
  if (target === call.oldAddr) {
    // Grown in place by the kernel: the pages after it were free in reality.
    const grow = pageUp(call.newLength) - pageUp(call.oldLength)
    const cleared = grow > 0 ? space.munmap(call.oldAddr + pageUp(call.oldLength), grow) : E.right(space)
    forced = E.flatMap(cleared, (s) => s.mremap(call.oldAddr, call.oldLength, call.newLength, 0))
  } else {
    const flags = call.flags | MREMAP_MAYMOVE | MREMAP_FIXED
    forced = space.mremap(call.oldAddr, call.oldLength, call.newLength, flags, target)
  }
  if (E.isLeft(forced) || forced.right[1] !== target) {
    return { space, outcome: 'disagreed', note: E.isLeft(forced) ? describe(forced.left) : why }
  }
  return { space: forced.right[0], outcome: 'placed', note: `moved to ${hex(target)} as traced: ${why}` }
}
