import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { formatVma, permsOf } from '../../src/linux/index.js'

it('permsOf renders rwx and the shared bit', () => {
  expect(permsOf(0, false)).toBe('---p')
  expect(permsOf(1, true)).toBe('r--s')
  expect(permsOf(7, false)).toBe('rwxp')
  expect(permsOf(5, false)).toBe('r-xp')
})

// The real kernel's text for this very process: every line, re-formatted from its fields, must
// come out byte for byte (column of the path, zero padding, the trailing space of anonymous lines).
it('formatVma reproduces /proc/self/maps lines of this process', () => {
  const lines = readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((l) => l !== '')
  expect(lines.length).toBeGreaterThan(5)
  for (const line of lines) {
    const match = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) (\S+) (\d+) *(.*)$/.exec(line)
    expect(match).not.toBeNull()
    const [, start, end, perms, offset, dev, inode, path] = match!
    const prot = (perms![0] === 'r' ? 1 : 0) | (perms![1] === 'w' ? 2 : 0) | (perms![2] === 'x' ? 4 : 0)
    const formatted = formatVma({
      start: parseInt(start!, 16),
      end: parseInt(end!, 16),
      prot,
      shared: perms![3] === 's',
      fd: -1,
      offset: parseInt(offset!, 16),
      perms: permsOf(prot, perms![3] === 's'),
      path: path!,
      dev: dev!,
      inode: Number(inode),
      vmflags: '',
    })
    expect(formatted).toBe(line)
  }
})
