/**
 * A training loss logged per batch (PyTorch's tutorial logs `Loss/train` every few iterations,
 * TF1 scripts log `loss` every k global steps) is noisy: one batch above the best batch so far
 * says nothing about the run. The doctor's rules read epoch-level losses (trainscope's and the
 * Keras callback's are epoch means), so a loss logged much more often than the run's records is
 * read as its mean between consecutive records, at each record's step. A non-finite batch loss
 * stays visible: it makes its window's mean non-finite.
 */
import type { ScalarPoint } from '../events/types.js';

/** Fewer records than this and there is no epoch-like grid to average over. */
const MIN_RECORDS = 3;
/** The loss must have at least this many points per record to count as logged per batch. */
const PER_RECORD = 2;

/**
 * The loss as means over the windows (g[i-1], g[i]] of the record steps `grid` (plus one window
 * for what comes after the last record), or undefined when it is not logged per batch.
 */
export function meansBetweenRecords(
  loss: readonly ScalarPoint[],
  grid: readonly number[],
): ScalarPoint[] | undefined {
  const steps = [...new Set(grid)].sort((a, b) => a - b);
  if (steps.length < MIN_RECORDS || loss.length < PER_RECORD * steps.length) return undefined;
  const out: ScalarPoint[] = [];
  let i = 0;
  for (let w = 0; w <= steps.length && i < loss.length; w++) {
    const end = w < steps.length ? steps[w] : Number.POSITIVE_INFINITY;
    let sum = 0;
    let n = 0;
    let last: ScalarPoint | undefined;
    while (i < loss.length && loss[i].step <= end) {
      sum += loss[i].value;
      n++;
      last = loss[i++];
    }
    if (last) out.push({ step: w < steps.length ? end : last.step, wallTime: last.wallTime, value: sum / n });
  }
  return out;
}
