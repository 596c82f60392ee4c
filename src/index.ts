/**
 * trainscope's library API: everything the CLI does, as typed functions (the CLI only parses
 * arguments and prints), grouped by the room of the code that holds it (README, "How the code
 * is laid out").
 */

// board: the dashboard server and the static report
export { buildReport } from './board/report.js';
export { createBoardServer, listen } from './board/server.js';
// data: loaders, synthetic data, scaling, splits
export * from './data/index.js';
// doctor: rules, preflight, explain, and `train` as the CLI runs it: the training loop with the
// live doctor plugged in as a callback (doctor/watched-train.ts)
export { diagnose } from './doctor/diagnose.js';
export { explain, formatExplain } from './doctor/explain.js';
export { formatPreflight, preflight } from './doctor/preflight.js';
export { runPreflight } from './doctor/preflight-run.js';
export { RULES } from './doctor/rules/index.js';
export type * from './doctor/types.js';
export { trainWatched as train, type WatchedHooks, type WatchedResult } from './doctor/watched-train.js';
// engine: the ONNX training-step compiler on onnxruntime-node
export * from './engine/index.js';
// errors: UserError, the one-line errors the CLI prints without a stack
export { UserError } from './errors.js';
// events: TensorBoard event files (writer, reader, histograms)
export * from './events/index.js';
export type * from './events/types.js';
// experiments: grids of configurations and seeds
export * from './experiment/index.js';
// export: a run's model as one ONNX file that takes raw features
export * from './export/index.js';
// metrics: scikit-learn-equal multi-label metrics and the report
export * from './metrics/index.js';
// model: spec, initialisers, seeded RNG, config → spec
export * from './model/initializers.js';
export { INIT_NAMES, parseActivation, parseInit, resolveSpec } from './model/resolve.js';
export * from './model/rng.js';
export * from './model/spec.js';
// run: the contract between rooms (config schema, run files, tag names, layer statistics)
export * from './run/index.js';
// train: the loop and its callbacks, evaluation, prediction
export type * from './train/callback.js';
export {
  evaluate,
  loadModel,
  type Predictions,
  predict,
  predictionsCsv,
  runModel,
} from './train/saved-model.js';
export type * from './train/types.js';
