import type { Dataset } from '../data/dataset.js';
import { gatherRange } from '../data/gather.js';
import { loadDataset } from '../data/index.js';
import { createSession, type InferenceSession, Tensor } from '../engine/runtime.js';
import { UserError } from '../errors.js';
import { readSavedRun } from '../export/saved-run.js';
import { reexport, takesRawFeatures } from '../export/standalone.js';
import { computeReport, type MetricsReport } from '../metrics/report.js';
import type { RunMeta } from '../run/meta.js';
import { ignoreList } from './prepare.js';

/** A trained model as saved in a run directory: its standalone model on an ONNX Runtime session, plus its metadata. */
export interface SavedModel {
  runDir: string;
  meta: RunMeta;
  session: InferenceSession;
}

/**
 * The run's model on a session that takes raw features: model.onnx as saved when it is a
 * standalone export, else (runs trained before exports stood alone) rebuilt in memory from its
 * weights and the preprocessing in trainscope.json, so every run predicts the same way.
 */
export async function loadModel(runDir: string): Promise<SavedModel> {
  const { meta, metaPath, modelPath, modelBytes } = readSavedRun(runDir);
  const bytes = takesRawFeatures(modelBytes) ? modelBytes : reexport(meta, modelBytes, modelPath, metaPath);
  let session: InferenceSession;
  try {
    // The engine's session options (threads, no spinning), on the standalone model.
    session = await createSession(bytes);
  } catch (e) {
    throw new UserError(`${modelPath}: ONNX Runtime cannot load it (${(e as Error).message.split('\n')[0]})`);
  }
  return { runDir, meta, session };
}

/** Probabilities and logits for every row of `ds` (raw features; NaN = missing), in chunks. */
export async function runModel(
  m: SavedModel,
  ds: Dataset,
): Promise<{ probabilities: Float32Array; logits: Float32Array }> {
  const rows = ds.nRows;
  const k = m.meta.labelNames.length;
  const probabilities = new Float32Array(rows * k);
  const logits = new Float32Array(rows * k);
  const n = m.meta.spec.inputs;
  const chunk = 8192;
  const x = new Float32Array(Math.min(chunk, rows) * n);
  for (let s = 0; s < rows; s += chunk) {
    const r = Math.min(chunk, rows - s);
    gatherRange(ds, s, r, x);
    const out = await m.session.run({
      features: new Tensor('float32', x.subarray(0, r * n), [r, n]),
    });
    probabilities.set(out.probabilities.data as Float32Array, s * k);
    logits.set(out.logits.data as Float32Array, s * k);
  }
  return { probabilities, logits };
}

/**
 * With --impute mean, missing features stay NaN: the model fills them with the training rows'
 * means. Runs that predate saved means fill with the file's own means, as they always did.
 */
function imputeMode(m: SavedModel): 'none' | 'mean' | 'keep' {
  if (m.meta.config.impute !== 'mean') return 'none';
  return m.meta.imputeMeans ? 'keep' : 'mean';
}

/** Load a data file the way the model was trained (same label columns); the model scales it. */
export async function loadForModel(
  m: SavedModel,
  path: string,
  opts: { labels?: string } = {},
): Promise<Dataset> {
  const labels = opts.labels ?? m.meta.config.labels ?? m.meta.labelNames.join(',');
  // columns are matched to the model's features by name (any order), or by position without a header
  const ds = await loadDataset(path, {
    labels,
    impute: imputeMode(m),
    features: m.meta.featureNames,
    dropIfPresent: ignoreList(m.meta.config.ignore),
  });
  checkColumns(m, ds, path);
  return ds;
}

function checkColumns(m: SavedModel, ds: Dataset, path: string): void {
  if (ds.nFeatures !== m.meta.spec.inputs) {
    throw new UserError(
      `${path}: has ${ds.nFeatures} feature columns, the model in ${m.runDir} expects ${m.meta.spec.inputs}`,
    );
  }
  if (ds.nLabels !== m.meta.labelNames.length) {
    throw new UserError(
      `${path}: has ${ds.nLabels} label columns, the model in ${m.runDir} has ${m.meta.labelNames.length}`,
    );
  }
}

/** The full metrics report of a saved model on a labelled data file. */
export async function evaluate(
  runDir: string,
  dataPath: string,
  opts: { labels?: string; threshold?: number } = {},
): Promise<MetricsReport> {
  const m = await loadModel(runDir);
  try {
    const ds = await loadForModel(m, dataPath, opts);
    const { probabilities, logits } = await runModel(m, ds);
    return computeReport({
      yTrue: ds.y,
      probabilities,
      logits,
      nRows: ds.nRows,
      nLabels: ds.nLabels,
      labelNames: m.meta.labelNames,
      threshold: opts.threshold ?? m.meta.config.threshold,
    });
  } finally {
    await m.session.release();
  }
}

export interface Predictions {
  labelNames: string[];
  rows: number;
  probabilities: Float32Array;
  /** 0/1 decisions at the model's threshold. */
  labels: Uint8Array;
  threshold: number;
}

/**
 * Predictions for a data file: a CSV of features only (columns named as in training, or in the
 * training order), or a file with the training's label columns (ignored).
 */
export async function predict(
  runDir: string,
  dataPath: string,
  opts: { threshold?: number } = {},
): Promise<Predictions> {
  const m = await loadModel(runDir);
  try {
    const ds = await loadFeaturesForModel(m, dataPath);
    const { probabilities } = await runModel(m, ds);
    const threshold = opts.threshold ?? m.meta.config.threshold;
    const labels = new Uint8Array(probabilities.length);
    for (let i = 0; i < labels.length; i++) labels[i] = probabilities[i] >= threshold ? 1 : 0;
    return { labelNames: m.meta.labelNames, rows: ds.nRows, probabilities, labels, threshold };
  } finally {
    await m.session.release();
  }
}

/** Features only: the model's label columns are dropped when the file has them. */
async function loadFeaturesForModel(m: SavedModel, path: string): Promise<Dataset> {
  const ds = await loadDataset(path, {
    labels: 'none',
    dropIfPresent: [...m.meta.labelNames, ...ignoreList(m.meta.config.ignore)],
    features: m.meta.featureNames,
    impute: imputeMode(m),
  });
  if (ds.nFeatures !== m.meta.spec.inputs) {
    throw new UserError(
      `${path}: has ${ds.nFeatures} feature columns, the model in ${m.runDir} expects ${m.meta.spec.inputs}`,
    );
  }
  return ds;
}

/** Predictions as CSV: one row per input row, `p_<label>` probabilities then `<label>` 0/1 decisions. */
export function predictionsCsv(p: Predictions): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const k = p.labelNames.length;
  const lines = [[...p.labelNames.map((l) => quote(`p_${l}`)), ...p.labelNames.map(quote)].join(',')];
  for (let r = 0; r < p.rows; r++) {
    const probs: string[] = [];
    const dec: string[] = [];
    for (let j = 0; j < k; j++) {
      probs.push(String(p.probabilities[r * k + j]));
      dec.push(String(p.labels[r * k + j]));
    }
    lines.push([...probs, ...dec].join(','));
  }
  return `${lines.join('\n')}\n`;
}
