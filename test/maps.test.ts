import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MemoryArea, MemorySet, formatMaps, noopBackend, perms, type MapsColumns } from '../src/index.js'

describe('formatMaps', () => {
  it("reproduces this process's own /proc/self/maps byte for byte", () => {
    // Addresses past Number.MAX_SAFE_INTEGER ([vsyscall]) are not addresses here: leave those lines out.
    const text = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .filter((line) => line !== '' && parseInt(line.split('-')[1] ?? '', 16) <= Number.MAX_SAFE_INTEGER)
      .map((line) => `${line}\n`)
      .join('')
    // Parse each line into an area whose flags are its columns.
    const backend = noopBackend<MapsColumns>()
    const areas = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) (\S+) (\d+) *(.*)$/.exec(line)
        if (m === null) throw new Error(`unexpected line ${line}`)
        const [, start, end, p, offset, device, inode, path] = m as unknown as string[]
        const columns: MapsColumns = {
          perms: p!,
          offset: parseInt(offset!, 16),
          device: device!,
          inode: Number(inode),
          ...(path === '' ? {} : { path: path! }),
        }
        return new MemoryArea(parseInt(start!, 16), parseInt(end!, 16) - parseInt(start!, 16), columns, backend)
      })
    const set = MemorySet.fromAreas(areas)
    if (E.isLeft(set)) throw new Error(set.left.message)
    expect(formatMaps(set.right, (columns) => columns)).toBe(text)
  })

  it('uses defaults for the columns a formatter leaves out', () => {
    const areas = [{ start: 0x10000, end: 0x12000, flags: 'rw' }]
    expect(formatMaps(areas, (f) => ({ perms: perms({ read: true, write: f === 'rw' }) }))).toBe(
      '00010000-00012000 rw-p 00000000 00:00 0 \n',
    )
    expect(formatMaps([], () => ({ perms: '---p' }))).toBe('')
  })

  it('pads the path to the kernel column, and lets long heads push it right', () => {
    const line = formatMaps([{ start: 0x7ffff7fff000, end: 0x7ffffffff000, flags: 0 }], () => ({
      perms: 'rw-p',
      path: '[stack]',
    }))
    expect(line.indexOf('[stack]')).toBe(73)
    const long = formatMaps([{ start: 0, end: 0x1000, flags: 0 }], () => ({
      perms: 'r--p',
      inode: 2 ** 52,
      device: 'fe:00',
      path: 'x',
    }))
    expect(long.endsWith(' x\n') || long.indexOf('x\n') === 73).toBe(true)
  })

  it('perms spells the four permission characters', () => {
    expect(perms({})).toBe('---p')
    expect(perms({ read: true, write: true, execute: true, shared: true })).toBe('rwxs')
    expect(perms({ write: true })).toBe('-w-p')
  })
})
