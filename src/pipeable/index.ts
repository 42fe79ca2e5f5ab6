/**
 * memory-set/pipeable: data-last operations over a `(set, pageTable)` state
 * for fp-ts `pipe`/`flow`, and fp-ts `Eq` and `Show` instances.
 *
 * @packageDocumentation
 */
export { getAreaEq, getAreaShow, getEq, getShow } from './instances.js'
export {
  clear,
  formatError,
  init,
  map,
  protect,
  sequence,
  unmap,
  type MapOptions,
  type State,
  type Step,
} from './steps.js'
