/** The run contract: what a training run is told, writes and records, shared by every room that reads runs. */
export { parseTrainConfig, type TrainConfig, type TrainConfigInput, TrainConfigSchema } from './config.js';
export { RUN_FILES } from './files.js';
export * from './layer-stats.js';
export * from './lock.js';
export {
  type ResumeRecord,
  type RunMeta,
  RunMetaSchema,
  readRunMeta,
  STOP_KINDS,
  type StopKind,
} from './meta.js';
export { readJsonFile } from './read-json.js';
export * from './tags.js';
