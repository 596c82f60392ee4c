export { buildStandaloneGraph } from './graph.js';
export { exportMetadata, META_KEYS, RAW_INPUT, readMetadata } from './metadata.js';
export { describePreprocessing, type Preprocessing, preprocessingOf } from './preprocess.js';
export { type ExportResult, exportRun } from './run.js';
export { readSavedRun, type SavedRun } from './saved-run.js';
export { reexport, standaloneModel, takesRawFeatures } from './standalone.js';
export { readWeights } from './weights.js';
