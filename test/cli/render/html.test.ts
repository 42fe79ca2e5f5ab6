import { expect, it } from 'vitest'
import { colours, htmlPage, lives } from '../../../src/cli/render/html.js'
import { replayText } from '../../support/replay.js'

const r = replayText(
  [
    'mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000',
    'mprotect(0x7f0000001000, 4096, PROT_READ|PROT_EXEC) = 0',
    'brk(NULL) = 0x555555559000',
    'brk(0x55555557a000) = 0x55555557a000',
  ].join('\n'),
)

it('lives: one per area version, from the step it appeared to the step it changed', () => {
  const l = lives([], r.steps)
  expect(l.map((x) => [x.vma.start.toString(16), x.vma.perms, x.from, x.to])).toEqual([
    ['7f0000000000', 'rw-p', 1, 2],
    ['7f0000000000', 'rw-p', 2, 5],
    ['7f0000001000', 'r-xp', 2, 5],
    ['7f0000002000', 'rw-p', 2, 5],
    ['555555559000', 'rw-p', 4, 5],
  ])
})

it('the page draws one rectangle per life, coloured by permissions, and labels the large gap', () => {
  const page = htmlPage(r, 0, 4, 'test <page>')
  const rects = [...page.matchAll(/<rect class="area"[^>]*fill="([^"]+)"/g)].map((m) => m[1])
  expect(rects).toEqual([colours['rw-'], colours['rw-'], colours['r-x'], colours['rw-'], colours['rw-']])
  expect(page).toMatch(/>gap 4[0-9] TiB</)
  expect(page).toContain('<title>test &lt;page&gt;</title>')
  expect(page).not.toMatch(/<script src=|<link /)
})
