export { evaluate, loadModel, type Predictions, predict, predictionsCsv, runModel } from './saved-model.js';
export { train } from './train.js';
export * from './types.js';
