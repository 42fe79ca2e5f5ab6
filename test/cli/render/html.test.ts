import { describe, expect, it } from 'vitest'
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

const PAGE = 4096

/** An strace line mapping `pages` pages at `addr` (MAP_FIXED, so the replay places it there). */
const mmapAt = (
  addr: number,
  pages: number,
  prot = 'PROT_READ',
  flags = 'MAP_PRIVATE|MAP_ANONYMOUS',
  fd = -1,
): string =>
  `mmap(0x${addr.toString(16)}, ${pages * PAGE}, ${prot}, ${flags}|MAP_FIXED, ${fd}, 0) = 0x${addr.toString(16)}`

/** Replays `lines` and renders the page of space 0 after its last step. */
const pageOf = (lines: readonly string[]): { readonly page: string } => {
  const replayed = replayText(lines.join('\n'))
  return { page: htmlPage(replayed, 0, replayed.steps.length, 't') }
}

/** An SVG element of the page: its attributes and its text (for `<text>`, `<rect>` with its `<title>`). */
interface Element {
  readonly attrs: Readonly<Record<string, string>>
  readonly text: string
}

/** The page's `<tag>` elements whose `class` is `cls` (`undefined`: no class), in page order. */
const elements = (page: string, tag: string, cls?: string): Element[] =>
  [...page.matchAll(new RegExp(`<${tag}\\b([^>]*?)/?>(?:(.*?)</${tag}>)?`, 'g'))]
    .map((m) => ({
      attrs: Object.fromEntries([...(m[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
      text: (m[2] ?? '').replace(/<[^>]*>/g, ''),
    }))
    .filter((e) => e.attrs['class'] === cls)

/** The page's lines that start with `prefix` (each SVG element is on a line of its own). */
const linesStarting = (page: string, prefix: string): string[] => page.split('\n').filter((l) => l.startsWith(prefix))

/** A numeric attribute. */
const num = (e: Element | undefined, name: string): number => Number(e?.attrs[name])

/** The text of the page's embedded data (the `<script type="application/json">`). */
const dataText = (page: string): string =>
  /<script id="data" type="application\/json">(.*?)<\/script>/.exec(page)?.[1] ?? 'null'

/** The page's embedded data. */
const dataOf = (page: string): { lives: unknown[]; steps: unknown[]; colW: number; left: number } =>
  JSON.parse(dataText(page))

/**
 * Runs the page's script over a minimal fake DOM: the elements it reads by id, with
 * `textContent`, attributes and the svg's `mousemove` listener. `move(x)` sends a
 * pointer move at client x (the svg's box starts at client x `svgLeft`).
 */
const runScript = (page: string, svgLeft = 0) => {
  const script = /<script>\n([\s\S]*?)<\/script>/.exec(page)?.[1] ?? ''
  const listeners: Record<string, (e: { clientX: number }) => void> = {}
  const element = (textContent = '') => {
    const attrs: Record<string, string> = {}
    return {
      textContent,
      attrs,
      setAttribute: (name: string, value: unknown) => {
        attrs[name] = String(value)
      },
      addEventListener: (type: string, f: (e: { clientX: number }) => void) => {
        listeners[type] = f
      },
      getBoundingClientRect: () => ({ left: svgLeft, top: 0 }),
    }
  }
  const byId: Record<string, ReturnType<typeof element>> = {
    data: element(dataText(page)),
    space: element(),
    cursor: element(),
    step: element('Hover over the picture.'),
    map: element(),
  }
  const document = { getElementById: (id: string) => byId[id] ?? null }
  new Function('document', script)(document)
  return {
    step: () => byId['step']?.textContent,
    map: () => byId['map']?.textContent,
    cursor: () => byId['cursor']?.attrs,
    move: (clientX: number) => listeners['mousemove']?.({ clientX }),
  }
}

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

it('lives: those starting at the same step are in address order, whatever step they end at', () => {
  const split = replayText(
    [
      mmapAt(0x10000, 3, 'PROT_READ|PROT_WRITE'),
      'mprotect(0x11000, 4096, PROT_READ) = 0',
      'munmap(0x12000, 4096) = 0',
    ].join('\n'),
  )
  expect(lives([], split.steps).map((x) => [x.vma.start.toString(16), x.vma.perms, x.from, x.to])).toEqual([
    ['10000', 'rw-p', 1, 2],
    ['10000', 'rw-p', 2, 4],
    ['11000', 'r--p', 2, 4],
    ['12000', 'rw-p', 2, 3],
  ])
})

describe('the page of a forked space', () => {
  const forked = replayText(
    [
      '10  mmap(0x10000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x10000',
      '10  clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 11',
      '11  mmap(0x20000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x20000',
      '10  mmap(0x30000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x30000',
      '11  munmap(0x10000, 4096) = 0',
    ].join('\n'),
  )
  const child = forked.spaces.findIndex((s) => s.kind === 'fork')

  it('starts from the areas the child inherited and shows only the child’s steps, up to the step asked', () => {
    const data = dataOf(htmlPage(forked, child, 4, 't'))
    expect(data).toEqual({
      lives: [
        [0, 2, '00010000-00011000 r--p 00000000 00:00 0', 0x10000],
        [1, 2, '00020000-00021000 r--p 00000000 00:00 0', 0x20000],
      ],
      steps: [
        { line: 0, text: 'start of the address space (fork, pid 11)', outcome: '' },
        {
          line: 3,
          text: 'pid 11: mmap(0x20000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x20000',
          outcome: 'applied',
        },
      ],
      colW: 14,
      left: 120,
    })
    expect(lives(forked.spaces[child]?.initial.vmas() ?? [], []).map((l) => [l.vma.start, l.from, l.to])).toEqual([
      [0x10000, 0, 1],
    ])
  })

  it('a space that does not exist has no areas and a plain start', () => {
    const page = htmlPage(forked, 99, 5, 't')
    expect(dataOf(page)).toEqual({ lives: [], steps: [{ line: 0, text: 'start', outcome: '' }], colW: 14, left: 120 })
    expect(elements(page, 'rect', 'area')).toEqual([])
  })
})

it('the page draws one rectangle per life, coloured by permissions, and labels the large gap', () => {
  const page = htmlPage(r, 0, 4, 'test <page>')
  const rects = [...page.matchAll(/<rect class="area"[^>]*fill="([^"]+)"/g)].map((m) => m[1])
  expect(rects).toEqual([colours['rw-'], colours['rw-'], colours['r-x'], colours['rw-'], colours['rw-']])
  expect(page).toMatch(/>gap 4[0-9] TiB</)
  expect(page).toContain('<title>test &lt;page&gt;</title>')
  expect(page).not.toMatch(/<script src=|<link /)
})

/**
 * Five adjacent small areas at 0x100000 (4, 4, 1, 1 and 1 pages: 11, 11, 6, 6 and 6
 * pixels before scaling), then `huge` areas of 16 GiB (capped at 60) each after a
 * large gap (16): the unscaled picture is 40 + 76 * huge pixels tall.
 */
const stacked = (huge: number): string[] => [
  mmapAt(0x100000, 4),
  mmapAt(0x104000, 4, 'PROT_READ|PROT_WRITE'),
  mmapAt(0x108000, 1),
  mmapAt(0x109000, 1, 'PROT_READ|PROT_WRITE'),
  mmapAt(0x10a000, 1),
  ...Array.from({ length: huge }, (_, k) => mmapAt(0x1000000000 * (k + 1), 0x400000)),
]

describe('the picture', () => {
  it('a small space is stretched to 520 pixels: used bands by log2 of their pages, gaps 3 or 16 pixels', () => {
    // Bands from the bottom: A (1 page, 6 units), a 1-page gap (3 px), B (4 pages, 11 units),
    // a gap of exactly 64 KiB (16 px, labelled), C (16 pages, 16 units). The used 33 units
    // share 520 - 19 pixels: 1 unit = 501 / 33 px, so A is 91.09 px, B 167 and C 242.91.
    // Columns: start and 4 steps, 14 px each, from x = 120; addresses from y = 10 to 530.
    const { page } = pageOf([
      mmapAt(0x10000, 1),
      mmapAt(0x12000, 4, 'PROT_READ|PROT_WRITE', 'MAP_SHARED|MAP_ANONYMOUS'),
      mmapAt(0x26000, 16, 'PROT_READ|PROT_EXEC', 'MAP_PRIVATE', 3),
      'mprotect(0x10000, 4096, PROT_READ|PROT_WRITE) = 0',
    ])
    const svg = page.slice(page.indexOf('<svg'), page.indexOf('</svg>'))
    expect(svg.split('\n')).toEqual([
      '<svg id="space" xmlns="http://www.w3.org/2000/svg" width="200" height="554">',
      '<text class="addr" x="116" y="530" text-anchor="end">10000</text>',
      '<text class="addr" x="116" y="435.9090909090909" text-anchor="end">12000</text>',
      '<text class="addr" x="116" y="252.90909090909088" text-anchor="end">26000</text>',
      '<g class="gap"><line x1="120" x2="190" y1="260.9090909090909" y2="260.9090909090909" stroke="#ccc" stroke-dasharray="4,4"/><text class="gap-label" x="124" y="264.9090909090909">gap 64 KiB</text></g>',
      '<rect class="area" data-i="0" data-perms="r--p" x="134" y="438.91" width="42" height="91.09" fill="#4e79a7" fill-opacity="0.75"><title>00010000-00011000 r--p 00000000 00:00 0</title></rect>',
      '<rect class="area" data-i="1" data-perms="rw-s" x="148" y="268.91" width="42" height="167.00" fill="#59a14f" stroke="#000" stroke-dasharray="2,1" fill-opacity="0.75"><title>00012000-00016000 rw-s 00000000 00:00 0</title></rect>',
      '<rect class="area" data-i="2" data-perms="r-xp" x="162" y="10.00" width="28" height="242.91" fill="#e15759"><title>00026000-00036000 r-xp 00000000 00:00 0                                  fd 3</title></rect>',
      '<rect class="area" data-i="3" data-perms="rw-p" x="176" y="438.91" width="14" height="91.09" fill="#59a14f" fill-opacity="0.75"><title>00010000-00011000 rw-p 00000000 00:00 0</title></rect>',
      '<line id="cursor" x1="0" x2="0" y1="10" y2="530" stroke="#000" stroke-width="1" visibility="hidden"/>',
      '<text class="tick" x="120" y="546">start</text>',
      '<text x="116" y="546" text-anchor="end">step →</text>',
      '',
    ])
  })
  it('is drawn unscaled when 520 to 700 pixels tall; address labels closer than 11 pixels are dropped', () => {
    const { page } = pageOf(stacked(7)) // 40 + 7 * 76 = 572 pixels
    expect(num(elements(page, 'svg')[0], 'height')).toBe(572 + 34)
    const bottom = 10 + 572
    expect(elements(page, 'rect', 'area').map((e) => num(e, 'height'))).toEqual([
      11, 11, 6, 6, 6, 60, 60, 60, 60, 60, 60, 60,
    ])
    // Labels at each used band's bottom: 11 pixels apart is enough, 6 is not (the next one, 12 from the last shown, is).
    expect(elements(page, 'text', 'addr').map((e) => [e.text, num(e, 'y')])).toEqual([
      ['100000', bottom],
      ['104000', bottom - 11],
      ['108000', bottom - 22],
      ['10a000', bottom - 34],
      ...Array.from({ length: 7 }, (_, k) => [(0x1000000000 * (k + 1)).toString(16), bottom - 40 - 16 - 76 * k]),
    ])
    expect(linesStarting(page, '<g class="gap">')).toHaveLength(7)
    // A dropped label leaves nothing behind: the labels are the svg's lines up to the first gap.
    const lines = page.split('\n')
    const first = lines.findIndex((l) => l.includes('<svg '))
    const labels = lines.slice(
      first + 1,
      lines.findIndex((l) => l.startsWith('<g class="gap">')),
    )
    expect(labels).toEqual(linesStarting(page, '<text class="addr"'))
    expect(labels).toHaveLength(11)
  })

  it('is squeezed to 700 pixels when taller, gaps keeping their 16 pixels', () => {
    const { page } = pageOf(stacked(9)) // 40 + 9 * 76 = 724 pixels: the used 580 get 700 - 9 * 16
    const scale = (700 - 9 * 16) / 580
    expect(num(elements(page, 'svg')[0], 'height')).toBe(700 + 34)
    const heights = elements(page, 'rect', 'area').map((e) => num(e, 'height'))
    expect(heights).toEqual([11, 11, 6, 6, 6, ...Array<number>(9).fill(60)].map((h) => Number((h * scale).toFixed(2))))
  })

  it('keeps each used band at least 2 pixels tall when the gaps alone fill the height', () => {
    const { page } = pageOf(Array.from({ length: 50 }, (_, k) => mmapAt(0x100000 * (k + 1), 1))) // 49 gaps: 784 pixels
    expect(num(elements(page, 'svg')[0], 'height')).toBe(49 * 16 + 50 * 2 + 34)
    expect(new Set(elements(page, 'rect', 'area').map((e) => e.attrs['height']))).toEqual(new Set(['2.00']))
  })
  it('narrows the columns to fit 1100 pixels and labels a step about every 80 pixels', () => {
    // 200 steps: 201 columns of 5 pixels; a tick every 16 columns, naming the step's trace line.
    const { page } = pageOf([mmapAt(0x10000, 1), ...Array<string>(199).fill('madvise(0x10000, 4096, MADV_NORMAL) = 0')])
    expect(num(elements(page, 'svg')[0], 'width')).toBe(120 + 201 * 5 + 10)
    expect(elements(page, 'rect', 'area').map((e) => [num(e, 'x'), num(e, 'width')])).toEqual([[125, 1000]])
    expect(elements(page, 'text', 'tick').map((e) => [num(e, 'x'), num(e, 'y'), e.text])).toEqual([
      [120, 546, 'start'],
      ...Array.from({ length: 12 }, (_, k) => [120 + 80 * (k + 1), 546, `${16 * (k + 1)} (line ${16 * (k + 1)})`]),
    ])
    expect(dataOf(page).colW).toBe(5)
    expect(linesStarting(page, '<text class="tick"')).toHaveLength(13)
  })
})

describe('the page’s script', () => {
  // A named file (with a character JSON must not leave raw in a <script>), an anonymous area, a failed call.
  // Built inside each test, not when the describe is collected: Stryker's per-test coverage only
  // credits a test with the code it runs itself.
  const scriptPage = (): string =>
    pageOf([
      'openat(AT_FDCWD, "/tmp/a<b>", O_RDONLY) = 3',
      mmapAt(0x30000, 1, 'PROT_READ', 'MAP_PRIVATE', 3),
      mmapAt(0x10000, 1, 'PROT_READ|PROT_WRITE'),
      'mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)',
    ]).page
  const fileLine = '00030000-00031000 r--p 00000000 00:00 0 /tmp/a<b>'
  const anonLine = '00010000-00011000 rw-p 00000000 00:00 0'
  /** The client x of the middle of column `col`, the svg starting at client x 30. */
  const at = (col: number): number => 30 + 120 + col * 14 + 7

  it('shows the last step at first: its call, outcome and note, the map in address order, the cursor on it', () => {
    const view = runScript(scriptPage(), 30)
    expect(view.step()).toBe(
      'step 4, line 4: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory) [failed: the model would have succeeded]',
    )
    expect(view.map()).toBe(`${anonLine}\n${fileLine}`)
    expect(view.cursor()).toEqual({ x1: String(120 + 4 * 14 + 7), x2: String(120 + 4 * 14 + 7), visibility: 'visible' })
  })

  it('shows the step under the pointer, and ignores the pointer outside the columns', () => {
    const view = runScript(scriptPage(), 30)
    view.move(at(0))
    expect([view.step(), view.map(), view.cursor()?.['x1']]).toEqual([
      'start of the address space (start, pid 0)',
      '',
      '127',
    ])
    view.move(at(1))
    expect([view.step(), view.map()]).toEqual([
      'step 1, line 1: openat(AT_FDCWD, "/tmp/a<b>", O_RDONLY) = 3 [ignored]',
      '',
    ])
    view.move(at(2))
    expect([view.step(), view.map()]).toEqual([
      'step 2, line 2: mmap(0x30000, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED, 3, 0) = 0x30000 [applied]',
      fileLine,
    ])
    view.move(at(-1))
    view.move(at(5))
    expect(view.step()).toMatch(/^step 2, /)
    expect(view.cursor()?.['x1']).toBe(String(at(2) - 30))
  })

  it('keeps < out of the embedded data and escapes titles', () => {
    const page = scriptPage()
    expect(page.slice(page.indexOf('<script id="data"') + 1, page.indexOf('</script>'))).not.toContain('<')
    expect(page).toContain(
      '<title>00030000-00031000 r--p 00000000 00:00 0                                  /tmp/a&lt;b&gt;</title>',
    )
    const titled = htmlPage(r, 0, 0, `a&b<c>"d'e`)
    expect(titled).toContain('<title>a&amp;b&lt;c&gt;&quot;d&#39;e</title>')
    expect(titled).toContain('<h1 style="font-size:16px">a&amp;b&lt;c&gt;&quot;d&#39;e</h1>')
  })
})

it('the legend has a swatch for each permission', () => {
  const page = htmlPage(r, 0, 0, 't')
  expect(/<div id="legend">(.*)<\/div>/.exec(page)?.[1]).toBe(
    [
      '<span class="key"><i style="background:#bab0ac"></i>---</span>',
      '<span class="key"><i style="background:#4e79a7"></i>r--</span>',
      '<span class="key"><i style="background:#59a14f"></i>rw-</span>',
      '<span class="key"><i style="background:#e15759"></i>r-x</span>',
      '<span class="key"><i style="background:#b07aa1"></i>rwx</span>',
      '<span class="key"><i style="background:#edc948"></i>-w-</span>',
      '<span class="key"><i style="background:#f28e2b"></i>--x</span>',
      '<span class="key"><i style="background:#9c755f"></i>-wx</span>',
    ].join(''),
  )
})
