// The index law suite against every implementation of IntervalIndex: the
// B+tree at several node sizes (small nodes split and merge often) and the
// Immutable.js reference index.
import { BTree, DEFAULT_MAX_NODE_SIZE } from '../../src/internal/btree/btree.js'
import { ImmutableIndex } from './immutable-index.js'
import { intervalIndexLaws, type Iv } from './interval-index-laws.js'

for (const size of [4, 5, 8, DEFAULT_MAX_NODE_SIZE])
  intervalIndexLaws(`BTree, maxNodeSize ${size}`, () => BTree.empty<Iv>(size))
intervalIndexLaws('Immutable.js List (reference)', () => ImmutableIndex.empty<Iv>())
