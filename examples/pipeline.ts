// An fp-ts pipeline: data-last steps over a (set, pageTable) state, a Kleisli
// fold, Show for the result and a one-line error printer.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import { MemoryArea, emptyPageTable, pageTableBackend, type PageTable } from 'memory-set'
import { formatError, getShow, init, map, protect, sequence, unmap, type State } from 'memory-set/pipeable'

type Flags = 'r' | 'rw' | 'rx'
const backend = pageTableBackend<Flags>()
const show = getShow<Flags, PageTable<Flags>>()
const report = E.match(formatError, ([set]: State<Flags, PageTable<Flags>>) => show.show(set))

const loadProgram = sequence<Flags, PageTable<Flags>>([
  map(new MemoryArea(0x400000, 0x4000, 'rw', backend)),
  protect(0x400000, 0x2000, (): O.Option<Flags> => O.some('rx')),
  unmap(0x403000, 0x1000),
])
console.log(pipe(init<Flags, PageTable<Flags>>(emptyPageTable()), loadProgram, report))
console.log(
  pipe(
    init<Flags, PageTable<Flags>>(emptyPageTable()),
    loadProgram,
    E.flatMap(map(new MemoryArea(0x401000, 0x1000, 'r', backend))),
    report,
  ),
)
