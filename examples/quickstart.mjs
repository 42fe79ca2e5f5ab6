// The README's quick start, runnable: `npm run example`.
// Maps [0x1000, 0x5000), unmaps [0x2000, 0x4000) (two areas remain), changes
// permissions, then walks back through the kept versions: undo is keeping
// the old (set, pageTable) pair.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { MemoryArea, MemorySet, emptyPageTable, pageTableBackend } from 'memory-set'

const backend = pageTableBackend({ pageSize: 0x1000 })
const show = (label, [set, pageTable]) => {
  console.log(`${label}`)
  for (const area of set) console.log(`  ${area}`)
  const pages = [...pageTable.entries()].sort(([a], [b]) => a - b)
  console.log(
    `  page table: ${pages.map(([page, flags]) => `0x${(page * 0x1000).toString(16)}:${flags}`).join(' ') || '(empty)'}`,
  )
}
const orFail = (result) => {
  if (E.isLeft(result)) throw new Error(`${result.left._tag}: ${result.left.message}`)
  return result.right
}

const history = [[MemorySet.empty(), emptyPageTable()]]
const step = (label, operation) => {
  const [set, pageTable] = history[history.length - 1]
  history.push(orFail(operation(set, pageTable)))
  show(label, history[history.length - 1])
}

step('map [0x1000, 0x5000) rw', (set, pt) => set.map(new MemoryArea(0x1000, 0x4000, 'rw', backend), pt, false))
step('unmap [0x2000, 0x4000)', (set, pt) => set.unmap(0x2000, 0x2000, pt))
step('protect [0x4000, 0x5000) to r', (set, pt) => set.protect(0x4000, 0x1000, () => O.some('r'), pt))

const [latest, latestPt] = history[history.length - 1]
const refused = latest.map(new MemoryArea(0x1000, 0x1000, 'rx', backend), latestPt, false)
console.log(
  `map over [0x1000, 0x2000) again: ${E.isLeft(refused) ? `${refused.left._tag}: ${refused.left.message}` : 'mapped'}`,
)

const free = latest.findFreeArea(0x1000, 0x2000, { start: 0, end: 0x10000 }, 0x1000)
console.log(`first free 8 KiB from 0x1000: ${O.isSome(free) ? `0x${free.value.toString(16)}` : 'none'}`)

console.log('undo, version by version (every old version is intact):')
for (let i = history.length - 1; i >= 0; i--) show(`  version ${i}`, history[i])
