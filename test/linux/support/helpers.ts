// Small helpers for the memory-set/linux example tests.
import * as E from 'fp-ts/lib/Either.js'
import {
  type AddressSpace,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  type Errno,
  type Vma,
} from '../../../src/linux/index.js'

/** The Right of `result`, or a thrown Error with the errno's message (tests only). */
export const ok = <A>(result: E.Either<Errno, A>): A => {
  if (E.isLeft(result)) throw new Error(`unexpected ${result.left.code}: ${result.left.message}`)
  return result.right
}

/** The Left of `result`, or a thrown Error (tests only). */
export const err = <A>(result: E.Either<Errno, A>): Errno => {
  if (E.isRight(result)) throw new Error('expected a failure')
  return result.left
}

export const PAGE = 0x1000
/** An arena far from everything the default layout places (like the kernel fixtures' 0x100000000000). */
export const ARENA = 0x100000000000
export const A = (pages: number): number => ARENA + pages * PAGE

export const anonFixed = (space: AddressSpace, at: number, pages: number, prot: number): AddressSpace =>
  ok(space.mmap(at, pages * PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED))[0]

export const sharedFixed = (space: AddressSpace, at: number, pages: number, prot: number): AddressSpace =>
  ok(space.mmap(at, pages * PAGE, prot, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED))[0]

/** `start-end perms offset path` lines (hex, like /proc/PID/maps without dev and inode). */
export const layout = (space: AddressSpace): string[] =>
  space
    .vmas()
    .map((v: Vma) =>
      `${v.start.toString(16)}-${v.end.toString(16)} ${v.perms} ${v.offset.toString(16)} ${v.path}`.trim(),
    )

export const range = (start: number, end: number, rest: string): string =>
  `${start.toString(16)}-${end.toString(16)} ${rest}`.trim()
