/* global document */
// Renders the --html page of a bundled trace in Chromium and saves docs/replay.png
// (the picture in the README and docs/replay.md), with the pointer over a step.
//
//   npm run build && node scripts/replay-screenshot.mjs [TRACE] [STEP]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const trace = process.argv[2] ?? 'examples/traces/python3/trace'
const dir = mkdtempSync(join(tmpdir(), 'replay-shot-'))
const html = join(dir, 'page.html')
try {
  execFileSync(process.execPath, ['dist/esm/cli/main.js', 'replay', trace, '--html', html], { stdio: 'inherit' })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  const page = await browser.newPage({ viewport: { width: 1500, height: 860 } })
  await page.goto(`file://${html}`)
  const data = await page.evaluate(() => JSON.parse(document.getElementById('data').textContent))
  const step = Number(process.argv[3] ?? Math.floor(data.steps.length * 0.6))
  const box = await page.locator('#space').boundingBox()
  await page.mouse.move(box.x + data.left + step * data.colW + data.colW / 2, box.y + 60)
  await page.screenshot({ path: 'docs/replay.png' })
  await browser.close()
  console.log(`docs/replay.png: ${trace}, pointer at step ${step}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
