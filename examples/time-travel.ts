// An undo/redo simulator: a process's address space with a timeline, labels,
// a branch that stays reachable, and /proc/PID/maps output. Names ride in the
// flags (an Immutable Record), so a split keeps them.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Record } from 'immutable'
import { MemoryArea, emptyPageTable, formatMaps, pageTableBackend, perms, type PageTable } from 'memory-set'
import { History } from 'memory-set/history'
import { formatError, init, map, protect, unmap, type State, type Step } from 'memory-set/pipeable'

const Flags = Record({ read: true, write: false, execute: false, name: '' })
type Flags = ReturnType<typeof Flags>
type Space = State<Flags, PageTable<Flags>>
const backend = pageTableBackend<Flags>()
const area = (start: number, size: number, flags: Partial<{ write: boolean; execute: boolean; name: string }>) =>
  new MemoryArea(start, size, Flags(flags), backend)

let timeline = History.of<Space>(init(emptyPageTable()), 'boot')
const apply = (label: string, step: Step<Flags, PageTable<Flags>>) =>
  E.match(
    (e: Parameters<typeof formatError>[0]) => console.log(`${label}: ${formatError(e)}`),
    (next: History<Space>) => void (timeline = next),
  )(timeline.apply(step, label))
const show = (title: string) =>
  console.log(`${title}\n${formatMaps(timeline.present[0], (f) => ({ perms: perms(f), path: f.name }))}`)

apply('exec', map(area(0x400000, 0x3000, { execute: true, name: '/bin/app' })))
apply('heap', map(area(0x600000, 0x4000, { write: true, name: '[heap]' })))
apply(
  'relro',
  protect(0x401000, 0x1000, (f) => O.some(f.set('execute', false))),
)
apply('overlap', map(area(0x600000, 0x1000, { name: 'oops' }))) // refused: nothing recorded
show('after relro:')
timeline = timeline.undo().undo()
show('undo twice:')
apply('free', unmap(0x400000, 0x1000)) // a new branch; 'heap' and 'relro' stay reachable
show('new branch:')
timeline = O.getOrElse(() => timeline)(timeline.jump('relro'))
show('jump back to relro:')
console.log(`labels: ${[...timeline.labels().keys()].join(', ')}; states kept: ${timeline.size}`)
