export { type BinaryRanking, binaryRanking } from './binary.js';
export { formatReport } from './format.js';
export * from './label-ranking.js';
export * from './ranking.js';
export { computeReport, type LabelRow, type MetricsReport, type ReportInput } from './report.js';
export * from './thresholded.js';
export * from './types.js';
