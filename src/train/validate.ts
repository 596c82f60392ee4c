import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { gatherLabels, gatherRows } from '../data/gather.js';
import type { Engine } from '../engine/types.js';
import { computeReport, type MetricsReport } from '../metrics/report.js';
import { type StoryKey, storyMetrics } from '../metrics/story.js';
import { sigmoid32 } from './evaluate-data.js';

/** Rows per gathered chunk of the validation pass. */
const CHUNK = 4096;

export interface Validation {
  /** Inference-mode loss (cross-entropy plus the L2 term). */
  loss: number;
  /** The eight metrics logged every epoch. */
  metrics: Record<StoryKey, number | null>;
  logits: Float32Array;
}

/**
 * One validation pass per epoch: a single forward pass gives the loss and the logits, and only
 * what is logged is computed from them (storyMetrics: exact, a fraction of the full report's
 * cost on many labels). The full report comes at the end of the run and every --report-every
 * epochs (fullValidationReport).
 */
export async function validate(engine: Engine, val: Dataset, threshold: number): Promise<Validation> {
  const { nRows, nFeatures, nLabels } = val;
  const logits = new Float32Array(nRows * nLabels);
  const rows = Math.min(CHUNK, nRows);
  const x = new Float32Array(rows * nFeatures);
  const y = new Float32Array(rows * nLabels);
  const idx = new Uint32Array(rows);
  let sum = 0;
  // Chunks of gathered rows: a sparse validation set is never densified whole.
  for (let start = 0; start < nRows; start += CHUNK) {
    const n = Math.min(CHUNK, nRows - start);
    for (let r = 0; r < n; r++) idx[r] = start + r;
    gatherRows(val, idx.subarray(0, n), x);
    gatherLabels(val, idx.subarray(0, n), y);
    const out = await engine.evaluate(x.subarray(0, n * nFeatures), y.subarray(0, n * nLabels), n);
    sum += out.crossEntropy * n;
    logits.set(out.logits, start * nLabels);
  }
  const metrics = storyMetrics(
    { yTrue: val.y, nRows, nLabels, labelNames: val.labelNames },
    logits,
    threshold,
  );
  return { loss: sum / nRows + engine.penalty(), metrics, logits };
}

/** Where the on-demand full validation reports go, inside the run directory. */
export const VAL_REPORTS_DIR = 'val-reports';

/** The full metrics report of a validation pass, written as val-reports/epoch-<N>.json. */
export function fullValidationReport(
  runDir: string,
  epoch: number,
  val: Dataset,
  v: Validation,
  threshold: number,
): MetricsReport {
  const report = computeReport({
    yTrue: val.y,
    probabilities: sigmoid32(v.logits),
    logits: v.logits,
    nRows: val.nRows,
    nLabels: val.nLabels,
    labelNames: [...val.labelNames],
    threshold,
  });
  const dir = join(runDir, VAL_REPORTS_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `epoch-${epoch}.json`),
    JSON.stringify({ epoch, loss: v.loss, ...report }, null, 2),
  );
  return report;
}
