/**
 * One self-contained HTML page that draws an address space over time: steps
 * across, addresses up, each area a rectangle coloured by its permissions,
 * large gaps compressed to a labelled band, and the map at the step under the
 * cursor beside it. No external resources: the page is an SVG, a little CSS
 * and a little script.
 *
 * @packageDocumentation
 */
import type { Replay } from '../replay/engine.js'
import type { ReplayVma } from '../replay/space.js'
import type { Step } from '../replay/step.js'
import { mapsLine, pathOf } from './maps.js'
import { bytes } from './stats.js'
import { callText } from './steps.js'

/** An area's life: the same area (start, end, perms, file, offset) from step column `from` to `to`. */
export interface Life {
  readonly vma: ReplayVma
  readonly from: number
  readonly to: number
}

/** The colour of each `perms` (without the shared/private letter). */
export const colours: Readonly<Record<string, string>> = {
  '---': '#bab0ac',
  'r--': '#4e79a7',
  'rw-': '#59a14f',
  'r-x': '#e15759',
  rwx: '#b07aa1',
  '-w-': '#edc948',
  '--x': '#f28e2b',
  '-wx': '#9c755f',
}

const key = (v: ReplayVma): string => `${v.start}:${v.end}:${v.perms}:${v.fd}:${v.offset}`

/** Columns: the initial state, then one per step. Lives end at the column where the area changed. */
export const lives = (initial: readonly ReplayVma[], steps: readonly Step[]): readonly Life[] => {
  const out: Life[] = []
  let open = new Map<string, { vma: ReplayVma; from: number }>(initial.map((v) => [key(v), { vma: v, from: 0 }]))
  let previous: Step['space'] | undefined
  for (const [i, s] of steps.entries()) {
    // A step that changed nothing keeps the very same (persistent) space: skip it.
    if (s.space === previous || (s.touched !== 'all' && s.touched.length === 0)) continue
    previous = s.space
    const vmas = s.space.vmas()
    const next = new Map<string, { vma: ReplayVma; from: number }>()
    for (const v of vmas) {
      const k = key(v)
      next.set(k, open.get(k) ?? { vma: v, from: i + 1 })
    }
    for (const [k, o] of open) if (!next.has(k)) out.push({ vma: o.vma, from: o.from, to: i + 1 })
    open = next
  }
  for (const o of open.values()) out.push({ vma: o.vma, from: o.from, to: steps.length + 1 })
  return out.sort((a, b) => a.from - b.from || a.vma.start - b.vma.start)
}

/** A horizontal band of the picture: addresses [start, end) drawn from y to y + height. */
interface Band {
  readonly start: number
  readonly end: number
  readonly y: number
  readonly height: number
  readonly gap: boolean
}

const PAGE = 4096
/** Gaps this large or larger are drawn as a fixed, labelled band. */
const LARGE_GAP = 16 * PAGE

/** Splits the address range into bands: used ranges scaled by log size, gaps compressed. */
const bands = (all: readonly Life[]): readonly Band[] => {
  const cuts = [...new Set(all.flatMap((l) => [l.vma.start, l.vma.end]))].sort((a, b) => a - b)
  // Coverage of each segment between cuts, by a prefix sum over the lives' edges.
  const index = new Map(cuts.map((c, i) => [c, i]))
  const cover = new Array<number>(cuts.length + 1).fill(0)
  for (const l of all) {
    const a = index.get(l.vma.start) ?? 0
    const b = index.get(l.vma.end) ?? 0
    cover[a] = (cover[a] ?? 0) + 1
    cover[b] = (cover[b] ?? 0) - 1
  }
  let depth = 0
  const out: Band[] = []
  let y = 0
  // Built bottom-up (low addresses first); y is flipped when drawing.
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] ?? 0
    const end = cuts[i + 1] ?? 0
    depth += cover[i] ?? 0
    const gap = depth === 0
    // Heights grow with log2 of the size: a 4 KiB page and a 1 GiB heap both stay visible.
    const height = gap
      ? end - start >= LARGE_GAP
        ? 16
        : 3
      : Math.min(60, 6 + 2.5 * Math.log2(Math.max(1, (end - start) / PAGE)))
    out.push({ start, end, y, height, gap })
    y += height
  }
  const usedHeight = out.filter((b) => !b.gap).reduce((h, b) => h + b.height, 0)
  const fixed = y - usedHeight
  // Small spaces are stretched to a readable height, large ones squeezed to fit a
  // screen while each band stays at least 2 pixels tall; gap bands keep theirs.
  const fit = y < MIN_HEIGHT ? MIN_HEIGHT : y > MAX_HEIGHT ? MAX_HEIGHT : y
  const scale = usedHeight > 0 ? Math.max(0, fit - fixed) / usedHeight : 1
  let at = 0
  return out.map((b) => {
    const height = b.gap ? b.height : Math.max(2, b.height * scale)
    const band = { ...b, y: at, height }
    at += height
    return band
  })
}

/** The picture is at least this tall, and at most this tall unless it has very many bands (pixels). */
const MIN_HEIGHT = 520
const MAX_HEIGHT = 700

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** The page for space `spaceId` up to step `step`. */
export const htmlPage = (r: Replay, spaceId: number, step: number, title: string): string => {
  const origin = r.spaces[spaceId]
  const steps = r.steps.slice(0, step).filter((s) => s.spaceId === spaceId)
  const initial = origin?.initial.vmas() ?? []
  const all = lives(initial, steps)
  const bandList = bands(all)
  const height = bandList.reduce((h, b) => h + b.height, 0)
  const columns = steps.length + 1
  const colW = Math.max(1, Math.min(14, Math.floor(1100 / columns)))
  const width = columns * colW
  const left = 120
  const top = 10
  // The y of address `a` (top of the picture is the highest address).
  const yOf = (a: number): number => {
    for (const b of bandList) {
      if (a <= b.end && a >= b.start) return top + height - (b.y + ((a - b.start) / (b.end - b.start)) * b.height)
    }
    return top + height
  }
  const rects = all.map((l, i) => {
    const y1 = yOf(l.vma.end)
    const y2 = yOf(l.vma.start)
    const perms = l.vma.perms.slice(0, 3)
    const path = pathOf(r, l.vma)
    return `<rect class="area" data-i="${i}" data-perms="${l.vma.perms}" x="${left + l.from * colW}" y="${y1.toFixed(2)}" width="${(l.to - l.from) * colW}" height="${Math.max(0.5, y2 - y1).toFixed(2)}" fill="${colours[perms] ?? '#000'}"${l.vma.perms.endsWith('s') ? ' stroke="#000" stroke-dasharray="2,1"' : ''}${path === undefined ? ' fill-opacity="0.75"' : ''}><title>${escape(mapsLine(l.vma, path))}</title></rect>`
  })
  const gapLabels = bandList
    .filter((b) => b.gap && b.end - b.start >= LARGE_GAP)
    .map((b) => {
      const y = top + height - b.y - b.height / 2
      return `<g class="gap"><line x1="${left}" x2="${left + width}" y1="${y}" y2="${y}" stroke="#ccc" stroke-dasharray="4,4"/><text class="gap-label" x="${left + 4}" y="${y + 4}">gap ${bytes(b.end - b.start)}</text></g>`
    })
  let lastLabel = -Infinity
  const addrLabels = bandList
    .filter((b) => !b.gap)
    .flatMap((b) => {
      const y = top + height - b.y
      if (Math.abs(y - lastLabel) < 11) return []
      lastLabel = y
      return [`<text class="addr" x="${left - 4}" y="${y}" text-anchor="end">${b.start.toString(16)}</text>`]
    })
  // Step numbers along the bottom, about every 80 pixels.
  const every = Math.max(1, Math.ceil(80 / colW))
  const ticks = Array.from({ length: Math.ceil(columns / every) }, (_, k) => k * every).map(
    (c) =>
      `<text class="tick" x="${left + c * colW}" y="${top + height + 16}">${c === 0 ? 'start' : `${c} (line ${steps[c - 1]?.call.line ?? ''})`}</text>`,
  )
  const data = {
    // Compact lines (one space before the path) fit the side panel.
    lives: all.map((l) => [l.from, l.to, mapsLine(l.vma, pathOf(r, l.vma), false), l.vma.start]),
    steps: [
      {
        line: 0,
        text: origin === undefined ? 'start' : `start of the address space (${origin.kind}, pid ${origin.pid})`,
        outcome: '',
      },
      ...steps.map((s) => ({
        line: s.call.line,
        text: `${s.call.pid === 0 ? '' : `pid ${s.call.pid}: `}${callText(s.call)}`,
        outcome: s.outcome + (s.note === undefined ? '' : `: ${s.note}`),
      })),
    ],
    colW,
    left,
  }
  const legend = Object.entries(colours)
    .map(([p, c]) => `<span class="key"><i style="background:${c}"></i>${p}</span>`)
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:13px system-ui,sans-serif;margin:12px;color:#222}
#wrap{display:flex;gap:16px;align-items:flex-start}
#chart{overflow:auto;max-width:62vw;max-height:86vh;border:1px solid #ddd}
svg text{font:10px ui-monospace,monospace;fill:#555}
.gap-label{fill:#888}
#side{flex:1;min-width:520px}
#map{font:11px ui-monospace,monospace;white-space:pre;background:#f7f7f7;padding:6px;max-height:70vh;overflow:auto}
.key{margin-right:10px}.key i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
#cursor{pointer-events:none}
</style></head><body>
<h1 style="font-size:16px">${escape(title)}</h1>
<p>Steps across (${steps.length} calls), addresses up; areas coloured by permissions; dashed outline: shared; lighter: anonymous. Large gaps are compressed. Hover to see the map at a step.</p>
<div id="legend">${legend}</div>
<div id="wrap"><div id="chart"><svg id="space" xmlns="http://www.w3.org/2000/svg" width="${left + width + 10}" height="${height + top + 24}">
${addrLabels.join('\n')}
${gapLabels.join('\n')}
${rects.join('\n')}
<line id="cursor" x1="0" x2="0" y1="${top}" y2="${top + height}" stroke="#000" stroke-width="1" visibility="hidden"/>
${ticks.join('\n')}
<text x="${left - 4}" y="${top + height + 16}" text-anchor="end">step →</text>
</svg></div>
<div id="side"><div id="step">Hover over the picture.</div><pre id="map"></pre></div></div>
<script id="data" type="application/json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>
const D = JSON.parse(document.getElementById('data').textContent)
const svg = document.getElementById('space')
const cursor = document.getElementById('cursor')
function show(col) {
  const s = D.steps[col]
  if (!s) return
  document.getElementById('step').textContent = (col === 0 ? '' : 'step ' + col + ', line ' + s.line + ': ') + s.text + (s.outcome ? ' [' + s.outcome + ']' : '')
  const rows = D.lives.filter((l) => l[0] <= col && col < l[1]).sort((a, b) => a[3] - b[3]).map((l) => l[2])
  document.getElementById('map').textContent = rows.join('\\n')
  const x = D.left + col * D.colW + D.colW / 2
  cursor.setAttribute('x1', x); cursor.setAttribute('x2', x); cursor.setAttribute('visibility', 'visible')
}
svg.addEventListener('mousemove', (e) => {
  const box = svg.getBoundingClientRect()
  const col = Math.floor((e.clientX - box.left - D.left) / D.colW)
  if (col >= 0 && col < D.steps.length) show(col)
})
show(D.steps.length - 1)
</script>
</body></html>
`
}
