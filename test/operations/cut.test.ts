// The split step, directly: what the facade cannot show (the kept area's identity).
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, noopBackend } from '../../src/index.js'
import { cut } from '../../src/operations/cut.js'

describe('cut', () => {
  const area = new MemoryArea(0x1000, 0x3000, 'rw', noopBackend<string>())

  it('a range covering the whole area gives the area itself as the middle', () => {
    const parts = cut(area, 0x1000, 0x4000)
    expect(parts).toEqual(E.right({ left: undefined, middle: area, right: undefined }))
    expect(E.isRight(parts) && parts.right.middle).toBe(area)
  })

  it('an interior range gives three parts with the flags and backend of the area', () => {
    const parts = cut(area, 0x2000, 0x3000)
    expect(E.isRight(parts)).toBe(true)
    if (E.isLeft(parts)) return
    const { left, middle, right } = parts.right
    expect([left, middle, right].map(String)).toEqual([
      'MemoryArea [0x1000, 0x2000) flags=rw',
      'MemoryArea [0x2000, 0x3000) flags=rw',
      'MemoryArea [0x3000, 0x4000) flags=rw',
    ])
    expect([left?.backend, middle.backend, right?.backend]).toEqual([area.backend, area.backend, area.backend])
  })
})
