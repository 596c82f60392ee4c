import { STORY_METRICS } from '../run/tags.js';
import { averageOver } from './ranking.js';
import { toOffsets } from './sort.js';
import { classificationMetrics } from './thresholded.js';
import { checkShape, defined, type Metric, type Truth, undefinedMetric } from './types.js';

/** The story's eight validation metrics (scikit-learn names), as the tag contract lists them. */
export const STORY_KEYS = STORY_METRICS;
export type StoryKey = (typeof STORY_KEYS)[number];

/**
 * The eight metrics logged every epoch, from logits, with the values computeReport gives (same
 * thresholding of float32 sigmoids, same tie rule, same undefined cases), at a fraction of the
 * cost: one radix sort of all rows × labels cells on their float32 bits serves micro ROC AUC and,
 * after a stable split by label, every label's ROC AUC. The full report (average precision,
 * sample averages, label ranking, per-label tables) is for the end of a run and on demand.
 */
export function storyMetrics(
  t: Truth,
  logits: Float32Array,
  threshold = 0.5,
): Record<StoryKey, number | null> {
  checkShape(t, logits);
  const yPred = new Uint8Array(logits.length);
  const cut = positiveFrom(threshold);
  for (let i = 0; i < logits.length; i++) yPred[i] = logits[i] >= cut ? 1 : 0;
  const c = classificationMetrics(t, yPred);
  const auc = rocAucs(t, logits);
  const value = (m: Metric) => m.value;
  return {
    roc_auc_micro: value(auc.micro),
    roc_auc_macro: value(averageOver(auc.perLabel, null, 'macro')),
    precision_micro: value(c.precision_micro),
    precision_macro: value(c.precision_macro),
    precision_weighted: value(c.precision_weighted),
    recall_micro: value(c.recall_micro),
    recall_macro: value(c.recall_macro),
    recall_weighted: value(c.recall_weighted),
  };
}

/** The float32 sigmoid of a logit, as the full report's probabilities hold it. */
const sigmoid32 = (z: number) => Math.fround(1 / (1 + Math.exp(-z)));

/**
 * The smallest float32 logit whose float32 sigmoid is ≥ threshold: thresholding the logits at it
 * gives the full report's predictions (the sigmoid is monotone) without an exp per cell.
 * Bisection over the float32 values, ordered by their integer keys.
 */
function positiveFrom(threshold: number): number {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const floatOfKey = (key: number) => {
    u[0] = key >= 0x80000000 ? key - 0x80000000 : ~key >>> 0;
    return f[0];
  };
  // Keys of -Infinity and +Infinity: every finite float32 lies between.
  let lo = 0x007fffff;
  let hi = 0xff800000;
  if (sigmoid32(floatOfKey(lo)) >= threshold) return Number.NEGATIVE_INFINITY;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (sigmoid32(floatOfKey(mid)) >= threshold) hi = mid;
    else lo = mid;
  }
  return floatOfKey(hi);
}

/** Micro and per-label ROC AUC of logits (scikit-learn's values; NaN logits make them undefined). */
export function rocAucs(t: Truth, logits: Float32Array): { micro: Metric; perLabel: Metric[] } {
  const { nRows, nLabels, yTrue } = t;
  const cells = nRows * nLabels;
  const bits = new Uint32Array(logits.buffer, logits.byteOffset, cells);
  // Float32 bits → unsigned keys in the same order (-0 joins +0: they are equal scores).
  const key = new Uint32Array(cells);
  // Payload of a cell: its label and truth, label · 2 + y, carried along so every pass reads in order.
  const payload = new Uint32Array(cells);
  let nan = 0;
  for (let r = 0, i = 0; r < nRows; r++)
    for (let l = 0; l < nLabels; l++, i++) {
      const b = bits[i];
      if ((b & 0x7fffffff) > 0x7f800000) nan++;
      key[i] = b === 0x80000000 ? 0x80000000 : b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
      payload[i] = 2 * l + (yTrue[i] ? 1 : 0);
    }
  if (nan > 0) {
    const u = undefinedMetric(`${nan} logits are NaN`);
    return { micro: u, perLabel: Array.from({ length: nLabels }, () => u) };
  }
  const sorted = sortByKey(key, payload);
  const micro = aucOfSorted(sorted.key, sorted.payload, 0, cells);
  // Per label: a stable split of the sorted cells keeps each label's cells in key order.
  const labelKey = new Uint32Array(cells);
  const labelPayload = new Uint32Array(cells);
  const cursor = new Uint32Array(nLabels);
  for (let l = 0; l < nLabels; l++) cursor[l] = l * nRows;
  for (let k = 0; k < cells; k++) {
    const at = cursor[sorted.payload[k] >>> 1]++;
    labelKey[at] = sorted.key[k];
    labelPayload[at] = sorted.payload[k];
  }
  const names = t.labelNames;
  const perLabel: Metric[] = [];
  for (let l = 0; l < nLabels; l++) {
    const r = aucOfSorted(labelKey, labelPayload, l * nRows, (l + 1) * nRows);
    perLabel.push(
      r.auc === null
        ? undefinedMetric(
            `label '${names?.[l] ?? `label${l}`}' has only ${r.pos === 0 ? 'negative' : 'positive'} samples`,
          )
        : defined(r.auc),
    );
  }
  return {
    micro:
      micro.auc === null
        ? undefinedMetric(`every cell of y_true is ${micro.pos === 0 ? '0' : '1'}`)
        : defined(micro.auc),
    perLabel,
  };
}

/**
 * ROC AUC of the cells [from, to) sorted by key ascending (payload bit 0 = truth): each positive
 * scores the negatives strictly below it plus half of those tied with it (the trapezoid rule, as
 * scikit-learn). Counts stay integers (or halves) far below 2^53, so the sum is exact.
 */
function aucOfSorted(
  key: Uint32Array,
  payload: Uint32Array,
  from: number,
  to: number,
): { auc: number | null; pos: number } {
  let negBelow = 0;
  let pos = 0;
  let sum = 0;
  let k = from;
  while (k < to) {
    const v = key[k];
    let dp = 0;
    let dn = 0;
    for (; k < to && key[k] === v; k++) {
      const y = payload[k] & 1;
      dp += y;
      dn += 1 - y;
    }
    sum += dp * negBelow + 0.5 * dp * dn;
    negBelow += dn;
    pos += dp;
  }
  const neg = negBelow;
  return { auc: pos > 0 && neg > 0 ? sum / (pos * neg) : null, pos };
}

const BITS = 11;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

/** Stable LSD radix sort of (key, payload) pairs by key: 11-bit digits, passes where all digits agree skipped. */
function sortByKey(key: Uint32Array, payload: Uint32Array): { key: Uint32Array; payload: Uint32Array } {
  const n = key.length;
  const counts = new Uint32Array(3 * SIZE);
  for (let i = 0; i < n; i++) {
    const k = key[i];
    counts[k & MASK]++;
    counts[SIZE + ((k >>> BITS) & MASK)]++;
    counts[2 * SIZE + (k >>> (2 * BITS))]++;
  }
  let srcK: Uint32Array = key;
  let srcP: Uint32Array = payload;
  let dstK: Uint32Array = new Uint32Array(n);
  let dstP: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * SIZE;
    if (toOffsets(counts, base, SIZE, n)) continue;
    const shift = pass * BITS;
    for (let j = 0; j < n; j++) {
      const k = srcK[j];
      const at = counts[base + ((k >>> shift) & MASK)]++;
      dstK[at] = k;
      dstP[at] = srcP[j];
    }
    [srcK, dstK] = [dstK, srcK];
    [srcP, dstP] = [dstP, srcP];
  }
  return { key: srcK, payload: srcP };
}
