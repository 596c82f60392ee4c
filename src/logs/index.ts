/** The logs room: reading any framework's TensorBoard logs into trainscope's tag contract. */
export { type CanonicalRun, canonicalTag } from './canonical.js';
export {
  type Convention,
  classifyHistogram,
  classifyScalar,
  HISTOGRAM_ROWS,
  SCALAR_ROWS,
  words,
} from './conventions.js';
export type { LogFacts } from './facts.js';
export { type InferredLayer, inferLayers } from './layers.js';
export { groupRuns, joinDir, type LogicalRun, type RunPart, runOf } from './layout.js';
export { looksInitial, movedAtLeast, sameHistogram } from './movement.js';
export { readLog, resolveRun } from './read.js';
export { formatRole, parseRole, parseRoleMap, ROLE_HELP, type Role } from './roles.js';
export {
  factsOf,
  type LayerReading,
  type LogPart,
  type LogReading,
  type TagReading,
  understand,
} from './understand.js';
