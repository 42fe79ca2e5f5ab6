/**
 * A split-aware test backend: a "file" with a page offset, like a Linux
 * file mapping's `vm_pgoff`. Its page table records, for every mapped page,
 * the flags and the (file, offset) the page shows, so a test can check that
 * offsets follow every cut and merge.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Map as ImmutableMap } from 'immutable'
import type { MappingBackend, MappingError } from '../../src/index.js'

export interface PageState<F> {
  readonly flags: F
  readonly file: number
  readonly offset: number
}
export type FilePT<F> = ImmutableMap<number, PageState<F>>

export interface FileBackend<F> extends MappingBackend<F, FilePT<F>> {
  readonly file: number
  /** Offset, in pages, of the first page of the backend's area. */
  readonly offset: number
}

const bad = (message: string): MappingError => ({ _tag: 'BadState', message })

/** The backend of `file` at page `offset`; `pageSize` bytes per page. */
export const fileBackend = <F>(file: number, offset: number, pageSize: number): FileBackend<F> => {
  const backend: FileBackend<F> = {
    file,
    offset,
    map: (start, size, flags) => (pt) => {
      let next = pt
      for (let i = 0; i < size / pageSize; i++) {
        const page = start / pageSize + i
        if (next.has(page)) return E.left(bad(`map: page ${page} is mapped`))
        next = next.set(page, { flags, file, offset: offset + i })
      }
      return E.right(next)
    },
    unmap: (start, size) => (pt) => {
      let next = pt
      for (let i = 0; i < size / pageSize; i++) {
        const page = start / pageSize + i
        const was = next.get(page)
        if (was === undefined || was.file !== file || was.offset !== offset + i) {
          return E.left(bad(`unmap: page ${page} is not (${file}, ${offset + i})`))
        }
        next = next.delete(page)
      }
      return E.right(next)
    },
    protect: (start, size, flags) => (pt) => {
      let next = pt
      for (let i = 0; i < size / pageSize; i++) {
        const page = start / pageSize + i
        const was = next.get(page)
        if (was === undefined || was.file !== file || was.offset !== offset + i) {
          return E.left(bad(`protect: page ${page} is not (${file}, ${offset + i})`))
        }
        next = next.set(page, { flags, file, offset: offset + i })
      }
      return E.right(next)
    },
    split: (bytes) => [backend, fileBackend<F>(file, offset + bytes / pageSize, pageSize)],
    merge: (next, bytes) => {
      const other = next as Partial<FileBackend<F>>
      return other.file === file && other.offset === offset + bytes / pageSize ? backend : undefined
    },
  }
  return Object.freeze(backend)
}

export const emptyFilePT = <F>(): FilePT<F> => ImmutableMap<number, PageState<F>>()
