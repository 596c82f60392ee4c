import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { gatherLabels, gatherRows } from '../data/gather.js';
import type { Engine } from '../engine/types.js';
import { computeReport, type MetricsReport } from '../metrics/report.js';
import { type StoryKey, storyMetrics } from '../metrics/story.js';
import { sigmoid32 } from './evaluate-data.js';
import { sparseBatches } from './sparse-batches.js';

/** Rows per gathered chunk of the validation pass. */
const CHUNK = 4096;

export interface Validation {
  /** Inference-mode loss (cross-entropy plus the L2 term). */
  loss: number;
  /** The eight metrics logged every epoch. */
  metrics: Record<StoryKey, number | null>;
  /** [rows, labels]; the next validate() of the same set writes its logits into the same buffer. */
  logits: Float32Array;
}

/** What a validation pass over one set keeps between epochs: its buffers and how it reads rows. */
interface Pass {
  logits: Float32Array;
  y: Float32Array;
  idx: Uint32Array;
  /** Mostly-zero sets go through the engine's sparse first layer, never densified. */
  sparse: ReturnType<typeof sparseBatches>;
  x: Float32Array | null;
}

const passes = new WeakMap<Dataset, Pass>();

function passFor(val: Dataset): Pass {
  let p = passes.get(val);
  if (!p) {
    const rows = Math.min(CHUNK, val.nRows);
    const sparse = sparseBatches(val);
    p = {
      logits: new Float32Array(val.nRows * val.nLabels),
      y: new Float32Array(rows * val.nLabels),
      idx: new Uint32Array(rows),
      sparse,
      x: sparse ? null : new Float32Array(rows * val.nFeatures),
    };
    passes.set(val, p);
  }
  return p;
}

/**
 * One validation pass per epoch: a single forward pass gives the loss and the logits, and only
 * what is logged is computed from them (storyMetrics: exact, a fraction of the full report's
 * cost on many labels). The full report comes at the end of the run and every --report-every
 * epochs (fullValidationReport). Rows go in chunks; a mostly-zero set goes through the sparse
 * first layer as training does, so its rows are never densified.
 */
export async function validate(engine: Engine, val: Dataset, threshold: number): Promise<Validation> {
  const { nRows, nFeatures, nLabels } = val;
  const p = passFor(val);
  const { logits, y, idx } = p;
  let sum = 0;
  for (let start = 0; start < nRows; start += CHUNK) {
    const n = Math.min(CHUNK, nRows - start);
    for (let r = 0; r < n; r++) idx[r] = start + r;
    const rows = idx.subarray(0, n);
    gatherLabels(val, rows, y);
    const yn = y.subarray(0, n * nLabels);
    const into = logits.subarray(start * nLabels, (start + n) * nLabels);
    let out: { crossEntropy: number };
    if (p.sparse) out = await engine.evaluateSparse(p.sparse(rows), yn, n, into);
    else {
      const x = p.x as Float32Array;
      gatherRows(val, rows, x);
      out = await engine.evaluate(x.subarray(0, n * nFeatures), yn, n, into);
    }
    sum += out.crossEntropy * n;
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
