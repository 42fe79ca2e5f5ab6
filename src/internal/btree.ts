export { BTree, DEFAULT_MAX_NODE_SIZE } from './btree/btree.js'
