/// <reference lib="dom" />
// The --html page in a real browser (Debian's chromium, driven by playwright-core):
// render the page of a bundled trace, then assert on what is drawn: the number of
// areas, their colours (read back from the screenshot's pixels), the gap and address
// labels, and the map shown when the pointer is over a step.
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replay } from '../../../src/cli/replay/engine.js'
import { colours, htmlPage, lives } from '../../../src/cli/render/html.js'
import { mapsText } from '../../../src/cli/render/maps.js'
import { parseTrace } from '../../../src/cli/strace/trace.js'
import { AddressSpace } from '../../../src/linux/index.js'

const executablePath = '/usr/bin/chromium'
const present = existsSync(executablePath)
if (!present) console.warn(`html-browser.test.ts: skipped, ${executablePath} is missing (apt-get install -y chromium)`)

const trace = parseTrace(readFileSync(join(import.meta.dirname, '../../../examples/traces/demo/trace'), 'utf8'))
if (E.isLeft(trace)) throw new Error(trace.left.message)
const replayed = replay(trace.right, { emptySpace: (o) => AddressSpace.empty(o) })
if (E.isLeft(replayed)) throw new Error(replayed.left.message)
const r = replayed.right
const steps = r.steps

describe.skipIf(!present)('the --html page in Chromium', () => {
  let browser: Browser
  let page: Page
  const dir = mkdtempSync(join(tmpdir(), 'replay-html-'))
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const file = join(dir, 'demo.html')
    writeFileSync(file, htmlPage(r, 0, steps.length, 'demo'))
    await page.goto(`file://${file}`)
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('draws one rectangle per area version, each visible', async () => {
    const want = lives([], steps).length
    const rects = page.locator('rect.area')
    expect(await rects.count()).toBe(want)
    const boxes = await rects.evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((b) => b.width * b.height),
    )
    expect(boxes.every((a) => a > 0)).toBe(true)
  })

  it('colours areas by permissions: the screenshot has the colours where the areas are', async () => {
    const png = await page.screenshot()
    // The centre of the first fully opaque (file-backed) r-x and r-- areas.
    const probes = await page.locator('rect.area:not([fill-opacity])').evaluateAll((els) =>
      els.map((e) => {
        const b = e.getBoundingClientRect()
        return { x: Math.round(b.x + b.width / 2), y: Math.round(b.y + b.height / 2), fill: e.getAttribute('fill') }
      }),
    )
    const wanted = [colours['r-x'], colours['r--'], colours['rw-']]
    const chosen = wanted.map((c) => probes.find((p) => p.fill === c))
    expect(chosen.every((p) => p !== undefined)).toBe(true)
    const shot = await browser.newPage()
    await shot.setContent(`<img id="i" src="data:image/png;base64,${png.toString('base64')}">`)
    const pixels = await shot.evaluate(
      async (points) => {
        const img = document.getElementById('i') as HTMLImageElement
        await img.decode()
        const canvas = document.createElement('canvas')
        canvas.width = img.naturalWidth
        canvas.height = img.naturalHeight
        const ctx = canvas.getContext('2d')
        if (ctx === null) return []
        ctx.drawImage(img, 0, 0)
        return points.map(({ x, y }) => {
          const [red, green, blue] = ctx.getImageData(x, y, 1, 1).data
          return `#${[red, green, blue].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`
        })
      },
      chosen.map((p) => ({ x: p?.x ?? 0, y: p?.y ?? 0 })),
    )
    await shot.close()
    expect(pixels).toEqual(wanted)
  })

  it('labels the large gap and the addresses', async () => {
    expect(await page.locator('.gap-label').allTextContents()).toEqual([expect.stringMatching(/^gap \d+(\.\d)? TiB$/)])
    const labels = await page.locator('text.addr').allTextContents()
    expect(labels.length).toBeGreaterThan(5)
    // The lowest address drawn is the heap's start: the first break the trace reports.
    const heap = steps.find((s) => s.call.name === 'brk')?.call.result
    expect(labels[0]).toBe(heap?.kind === 'value' ? heap.value.toString(16) : 'no brk')
  })

  it('shows the map of the step under the pointer', async () => {
    for (const k of [1, 10, steps.length]) {
      const box = await page.locator('#space').boundingBox()
      const { colW, left } = await page.evaluate(() => JSON.parse(document.getElementById('data')?.textContent ?? '{}'))
      if (box === null) throw new Error('no svg')
      await page.mouse.move(box.x + left + k * colW + colW / 2, box.y + 40)
      const step = steps[k - 1]
      if (step === undefined) throw new Error('step')
      expect(await page.locator('#step').textContent()).toContain(`step ${k}, line ${step.call.line}:`)
      expect(await page.locator('#map').textContent()).toBe(mapsText(r, step.space, false))
    }
  })
})
