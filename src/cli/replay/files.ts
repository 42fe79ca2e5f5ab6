/**
 * Files as the replay declares them to a space: each (traced fd, path) pair
 * becomes a file of its own, under an fd number of the replay's choosing.
 *
 * @packageDocumentation
 */
import type { ReplaySpace } from './space.js'

/** What a traced fd names in one address space's process: its path (when known) and the file declared for it. */
export type FdTable = Map<number, { path: string | undefined; file: number | undefined }>

/** Every declared file: the traced fd it came from and its path. */
export type Files = Map<number, { fd: number; path: string | undefined }>

// First declared file number: far above any real fd, so a declared file is never confused with one.
const firstFile = 1 << 20

/**
 * The space's own fd for the traced `fd`: a new one whenever the traced fd
 * names another file than last time (fds are reused after close), so that
 * areas of different files never merge.
 */
export const declareFile = (
  space: ReplaySpace,
  table: FdTable,
  files: Files,
  fd: number,
  tracedPath: string | undefined,
): [ReplaySpace, number] => {
  const entry = table.get(fd)
  const path = tracedPath ?? entry?.path
  if (entry?.file !== undefined && entry.path === path) return [space, entry.file]
  const file = firstFile + files.size
  files.set(file, { fd, path })
  table.set(fd, { path, file })
  return [space.withFile(file, path === undefined ? {} : { path }), file]
}
