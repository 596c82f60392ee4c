/** The events room's public surface: writer, readers, histogram helpers, data model, tag contract. */

export { binValues, DEFAULT_BUCKET_COUNT } from './bins.js';
export { createDecodeContext, type DecodeContext } from './decode.js';
export type { HParamValue } from './encode.js';
export { EventFileError } from './errors.js';
export {
  bucketEdges,
  type CompressedPoint,
  compressHistogram,
  type HistogramStats,
  histogramPercentile,
  histogramStats,
  NORMAL_HISTOGRAM_BPS,
  textHistogram,
} from './histogram-stats.js';
export { HPARAMS_TAGS, nonfiniteTags, PLUGIN } from './plugins.js';
export type { HParamsStatus } from './proto.js';
export {
  type EventItem,
  eventFilesIn,
  findRunDirs,
  isEventFileName,
  type ReadResult,
  readEventFile,
  readLogdir,
  readRun,
} from './reader.js';
export { addEvents, createRunData, finalizeRun } from './run-data.js';
export * from './types.js';
export { createEventWriter, type EventWriter, type EventWriterOptions } from './writer.js';
