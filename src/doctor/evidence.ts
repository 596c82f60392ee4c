import type { RunData } from '../events/types.js';
import { type EvidenceSplit, TAGS } from '../run/tags.js';
import { at, series } from './history.js';
import { T } from './thresholds.js';

/**
 * The learning evidence the trainer records (src/metrics/evidence.ts), read back per check:
 * every claim that a run is not learning, or is getting worse, rests on these numbers and their
 * standard errors, never on a statistic that merely moved.
 */
export interface EvidencePoint {
  step: number;
  split: EvidenceSplit;
  rows: number;
  /** Constant-predictor loss − model loss (inference mode), and its standard error. */
  lossGain: number;
  lossGainSe: number;
  /** Mean ROC AUC over labels with both classes, its standard error under chance, how many labels. */
  auc?: number;
  aucSe?: number;
  aucLabels: number;
}

export function evidenceSeries(run: RunData, split: EvidenceSplit): EvidencePoint[] {
  return series(run, TAGS.evidence(split, 'loss_gain')).map((p) => ({
    step: p.step,
    split,
    rows: at(run, TAGS.evidence(split, 'rows'), p.step) ?? Number.NaN,
    lossGain: p.value,
    lossGainSe: at(run, TAGS.evidence(split, 'loss_gain_se'), p.step) ?? Number.NaN,
    auc: at(run, TAGS.evidence(split, 'auc_macro'), p.step),
    aucSe: at(run, TAGS.evidence(split, 'auc_macro_se'), p.step),
    aucLabels: at(run, TAGS.evidence(split, 'auc_labels'), p.step) ?? 0,
  }));
}

/** Loss clearly better than the constant predictor's (beyond z standard errors). */
export const beatsConstant = (e: EvidencePoint) => e.lossGain > T.z * e.lossGainSe;

/**
 * Has the model learned something by this point? Yes when, in inference mode, its loss clearly
 * beats the constant predictor's, or its ranking clearly beats the untrained network's on the
 * same rows (`start`, step 0; the same rows are compared, so √2 standard errors bound the
 * difference's). A random network already ranks some labels better than chance by accident
 * (validation ROC AUC 0.53 with z = 2.6 on 600 rows of seed-like), so chance is the baseline
 * only when the start was not recorded.
 */
export function learnedBy(e: EvidencePoint, start?: EvidencePoint): { learned: boolean; how: string } {
  const rows = e.split === 'val' ? 'validation' : 'probe';
  if (beatsConstant(e))
    return { learned: true, how: `${rows} loss ${fmtGain(e)} better than the constant predictor` };
  if (e.auc !== undefined && e.aucSe !== undefined) {
    const base = start && start.step < e.step && start.auc !== undefined ? start : undefined;
    const ref = base?.auc ?? 0.5;
    const margin = T.z * e.aucSe * (base ? Math.SQRT2 : 1);
    if (e.auc - ref > margin)
      return {
        learned: true,
        how: `${rows} ROC AUC ${e.auc.toFixed(3)}, up from ${ref.toFixed(3)} ${base ? `at step ${base.step}` : '(chance)'} by more than ${margin.toFixed(3)}`,
      };
  }
  return { learned: false, how: describe(e) };
}

function fmtGain(e: EvidencePoint): string {
  return `${e.lossGain.toFixed(4)} ± ${e.lossGainSe.toFixed(4)}`;
}

/** The evidence in words, for explanations. */
export function describe(e: EvidencePoint): string {
  const auc =
    e.auc === undefined ? '' : `, ROC AUC ${e.auc.toFixed(3)} (chance: 0.5 ± ${e.aucSe?.toFixed(3)})`;
  return `${e.split === 'val' ? 'validation' : 'probe'} loss gain over the constant predictor ${fmtGain(e)}${auc} on ${e.rows} rows`;
}

/**
 * The learning state at each step where evidence exists: validation evidence when the run has
 * it at that step, else the probe batch's (training rows, inference mode).
 */
export function learningChecks(
  run: RunData,
): { step: number; learned: boolean; how: string; point: EvidencePoint }[] {
  const probe = evidenceSeries(run, 'probe');
  const valSeries = evidenceSeries(run, 'val');
  const val = new Map(valSeries.map((e) => [e.step, e]));
  const byStep = new Map(probe.map((p) => [p.step, p]));
  const steps = [...new Set([...probe.map((p) => p.step), ...val.keys()])].sort((a, b) => a - b);
  return steps.flatMap((step) => {
    const v = val.get(step);
    const p = byStep.get(step);
    const first = v ? learnedBy(v, valSeries[0]) : undefined;
    if (first?.learned) return [{ step, ...first, point: v as EvidencePoint }];
    const second = p ? learnedBy(p, probe[0]) : undefined;
    if (second?.learned) return [{ step, ...second, point: p as EvidencePoint }];
    const point = v ?? p;
    return point ? [{ step, learned: false, how: describe(point), point }] : [];
  });
}

/** Learned by this step: the latest learning check at or before it; undefined before the first. */
export function learnedAt(
  checks: readonly { step: number; learned: boolean }[],
  step: number,
): boolean | undefined {
  let last: boolean | undefined;
  for (const c of checks) if (c.step <= step) last = c.learned;
  return last;
}

/**
 * The loss on the training rows, as the doctor compares it over time: in inference mode on the
 * probe batch when that evidence is recorded (the constant predictor's loss on those fixed rows
 * minus the recorded gain; dropout noise does not enter it), else the recorded training loss
 * (dropout mode, epoch mean: what foreign logs have). `at(step)` is the latest value at or before
 * the step, `se` its standard error (0 without evidence).
 */
export function trainRowsLoss(run: RunData): {
  inferenceMode: boolean;
  at(step: number): { step: number; loss: number; se: number } | undefined;
} {
  const probe = evidenceSeries(run, 'probe').filter((e) => Number.isFinite(e.lossGain));
  const pts = probe.length
    ? probe.map((e) => ({ step: e.step, loss: -e.lossGain, se: e.lossGainSe }))
    : series(run, TAGS.trainLoss)
        .filter((p) => Number.isFinite(p.value))
        .map((p) => ({ step: p.step, loss: p.value, se: 0 }));
  return {
    inferenceMode: probe.length > 0,
    at: (step) => {
      let found: (typeof pts)[number] | undefined;
      for (const p of pts) if (p.step <= step) found = p;
      return found;
    },
  };
}
