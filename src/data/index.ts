/** The data room: loaders, synthetic data, scaling, splits. Talks to nothing else. */

export { type ArffOptions, parseArff } from './arff.js';
export { parseCsv } from './csv.js';
export { DataError, type Dataset, subset } from './dataset.js';
export { fingerprint } from './fingerprint.js';
export { type LabelSpec, parseLabelSpec, resolveLabelSpec } from './labels.js';
export { findMulanXml, parseMulanXml, readMulanXml } from './mulan-xml.js';
export {
  applyScaler,
  fitScaler,
  type LegacyScaler,
  parseScaler,
  type Scaler,
  scalerAffine,
} from './scaler.js';
export {
  dataDirs,
  findNamedDataset,
  type LoadOptions,
  loadDataset,
  type ResolvedSource,
  resolveSource,
} from './source.js';
export { iterativeStratifiedSplit, type SplitResult, trainValTestSplit } from './split.js';
export { type LabelStats, labelStats } from './stats.js';
export {
  generateSynthetic,
  isSyntheticSource,
  PRESETS,
  parseSyntheticSpec,
  type SyntheticKind,
  type SyntheticOptions,
} from './synthetic.js';
