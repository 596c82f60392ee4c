/**
 * A training loss logged per batch (PyTorch's tutorial logs `Loss/train` every few iterations,
 * TF1 scripts log `loss` every k global steps) is noisy: one batch above the best batch so far
 * says nothing about the run. The doctor's rules read epoch-level losses (trainscope's and the
 * Keras callback's are epoch means), so a loss logged much more often than the run's records is
 * read as its mean between consecutive records, at each record's step. When the loss counts
 * its steps on another axis than the records (PyTorch's tutorial: the loss by iteration, the
 * rest by epoch), it is cut into as many windows of equal length as there are records. A
 * non-finite batch loss stays visible: it makes its window's mean non-finite.
 */
import type { ScalarPoint } from '../events/types.js';

/** Fewer records than this and there is no epoch-like grid to average over. */
const MIN_RECORDS = 3;
/** The loss must have at least this many points per record to count as logged per batch. */
const PER_RECORD = 2;

/**
 * The loss as means over the windows (g[i-1], g[i]] of the record steps `grid` (plus one window
 * for what comes after the last record), or over equal windows when the records end before half
 * the loss's steps (another axis); undefined when the loss is not logged per batch.
 */
export function meansBetweenRecords(
  loss: readonly ScalarPoint[],
  grid: readonly number[],
): { means: ScalarPoint[]; axis: 'records' | 'own' } | undefined {
  const steps = [...new Set(grid)].sort((a, b) => a - b);
  if (steps.length < MIN_RECORDS || loss.length < PER_RECORD * steps.length) return undefined;
  const lastLoss = loss[loss.length - 1].step;
  if (2 * steps[steps.length - 1] < lastLoss) return { means: equalWindows(loss, steps.length), axis: 'own' };
  return { means: windowsEndingAt(loss, steps), axis: 'records' };
}

function mean(points: readonly ScalarPoint[], step: number): ScalarPoint {
  let sum = 0;
  for (const p of points) sum += p.value;
  return { step, wallTime: points[points.length - 1].wallTime, value: sum / points.length };
}

/** `count` consecutive windows of (nearly) equal numbers of points, each at its last point's step. */
function equalWindows(loss: readonly ScalarPoint[], count: number): ScalarPoint[] {
  const out: ScalarPoint[] = [];
  for (let w = 0; w < count; w++) {
    const part = loss.slice(
      Math.floor((w * loss.length) / count),
      Math.floor(((w + 1) * loss.length) / count),
    );
    if (part.length) out.push(mean(part, part[part.length - 1].step));
  }
  return out;
}

function windowsEndingAt(loss: readonly ScalarPoint[], steps: readonly number[]): ScalarPoint[] {
  const out: ScalarPoint[] = [];
  let i = 0;
  for (let w = 0; w <= steps.length && i < loss.length; w++) {
    const end = w < steps.length ? steps[w] : Number.POSITIVE_INFINITY;
    const from = i;
    while (i < loss.length && loss[i].step <= end) i++;
    const part = loss.slice(from, i);
    if (part.length) out.push(mean(part, w < steps.length ? end : part[part.length - 1].step));
  }
  return out;
}
