// The index law suite against the Immutable.js reference index: the same laws
// the B+tree keeps (btree.test.ts), met by a plain sorted List.
import { ImmutableIndex } from './immutable-index.js'
import { indexLaws } from './laws.js'
import type { Iv } from './model.js'

indexLaws({
  name: 'Immutable.js sorted List (reference)',
  empty: () => ImmutableIndex.empty<Iv>(),
  fromSorted: (entries) => ImmutableIndex.fromSorted(entries),
  // Every update is O(n): fewer runs keep the suite fast.
  runs: 0.5,
})
