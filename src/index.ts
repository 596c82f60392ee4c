/**
 * trainscope's library API: everything the CLI does, as typed functions (the CLI only parses
 * arguments and prints). One line of import per room of the code (DESIGN.md).
 */

export { buildReport } from './board/report.js';
// board: the dashboard server and the static report
export { createBoardServer, listen } from './board/server.js';
// data: loaders, synthetic data, scaling, splits
export * from './data/index.js';
// doctor: rules, preflight, explain, repair, and train() with the doctor watching
export { diagnose } from './doctor/diagnose.js';
export { explain, formatExplain } from './doctor/explain.js';
export { formatPreflight, preflight } from './doctor/preflight.js';
export { runPreflight } from './doctor/preflight-run.js';
export { RULES } from './doctor/rules/index.js';
export type * from './doctor/types.js';
// training, evaluation, prediction. `train` is the one the CLI runs: the training loop
// (train/train.ts) with the live doctor plugged in as a callback (doctor/watched-train.ts).
export { trainWatched as train, type WatchedHooks, type WatchedResult } from './doctor/watched-train.js';
// engine: the ONNX training-step compiler on onnxruntime-node
export * from './engine/index.js';
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
