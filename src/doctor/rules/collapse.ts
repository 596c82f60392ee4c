import type { RunData } from '../../events/types.js';
import { TAGS } from '../../run/tags.js';
import { beatsConstant, type EvidencePoint, evidenceSeries } from '../evidence.js';
import { finding, lifecycle } from '../finding.js';
import { at, labels, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/**
 * The output no longer depends on the input, shown by either of two recordings: every label's
 * logit is the same for every probe sample (spread below T.spreadCollapse), or the validation
 * rows get one answer per label — every label with both classes there ranks them at exactly
 * 0.5 (ties) and every label is predicted on one side for all of them, while the probe rows
 * rank at chance and the loss is no better than the constant predictor's. No window of steps:
 * a constant output is a fact about the network at that step, however few steps it had (a
 * 4-step run can end tied on its validation rows while a few training rows still reach a unit).
 */
export const collapse: Rule = {
  id: 'output-collapse',
  title: 'constant output for every sample (all labels)',
  // either recording: a run trained with --probes none still has its validation evidence
  needs: [],
  needsAny: ['output/spread/', 'evidence/val/auc/'],
  check(run, ctx) {
    const names = labels(run, ctx).length ? labels(run, ctx) : evidenceLabels(run);
    if (!names.length) return [];
    const worstAt = (step: number) =>
      Math.max(...names.map((l) => at(run, TAGS.outputSpread(l), step) ?? Number.POSITIVE_INFINITY));
    const spreadSteps = new Set(series(run, TAGS.outputSpread(names[0])).map((p) => p.step));
    const val = new Map(evidenceSeries(run, 'val').map((e) => [e.step, e]));
    const probe = evidenceSeries(run, 'probe');
    const steps = [...new Set([...spreadSteps, ...val.keys()])].sort((a, b) => a - b);
    // each recording keeps its state until its next record (probes and epochs may not coincide)
    let spread = false;
    let tied: Tied | undefined;
    const checks = steps.map((step) => {
      if (spreadSteps.has(step)) spread = worstAt(step) < T.spreadCollapse;
      const v = val.get(step);
      if (v) tied = tiedOnValRows(run, names, v, probe.filter((p) => p.step <= step).at(-1));
      return { step, holds: spread || tied !== undefined, spread, tied };
    });
    const life = lifecycle(checks);
    if (!life) return [];
    const end = checks.find((c) => c.step === life.last_step) ?? checks[0];
    const shown = end.spread || !end.tied ? undefined : end.tied;
    const ended = life.status === 'current' ? 'the run ended collapsed' : 'the outputs had collapsed';
    return [
      finding(ctx, {
        id: this.id,
        // fatal when the probe rows show it; from the validation rows alone a warning: some
        // training rows still reach the hidden units, so a recovery is not ruled out
        severity: life.status === 'current' && !shown ? 'fatal' : 'warning',
        life,
        evidence: {
          ...(spreadSteps.size
            ? {
                max_logit_spread: worstAt(spreadSteps.has(end.step) ? end.step : Math.max(...spreadSteps)),
                threshold: T.spreadCollapse,
              }
            : {}),
          labels: names.length,
          ...(shown
            ? {
                val_rows: shown.point.rows,
                val_labels_tied: shown.labels,
                val_loss_gain: shown.point.lossGain,
                val_loss_gain_se: shown.point.lossGainSe,
                probe_auc: shown.probe?.auc,
                probe_auc_se: shown.probe?.aucSe,
              }
            : {}),
        },
        explanation: shown
          ? `At step ${end.step} the network gives every validation row the same output: each of the ${shown.labels} labels with both classes among the ${shown.point.rows} validation rows has a ROC AUC of exactly 0.5 (all scores tied), and every label is predicted ${shown.sides} for every row. It is no better than the constant predictor there (loss gain ${shown.point.lossGain.toFixed(4)} ± ${shown.point.lossGainSe.toFixed(4)})${shown.probe ? `, and on the probe rows (training data) it ranks at chance (ROC AUC ${shown.probe.auc?.toFixed(3)} ± ${shown.probe.aucSe?.toFixed(3)})` : ''}: ${ended}, after ${end.step} optimiser steps. This evidence shows the collapse, not its cause.`
          : `Every label's logit varies by less than ${T.spreadCollapse} across the probe samples: the network outputs the same thing for every input (ROC AUC 0.5). Typically the last hidden layer is dead at inference and only the output bias is left.`,
        cause: 'unknown',
        symptom: true,
        tag: shown ? TAGS.evidenceAuc('val', shown.first) : TAGS.outputSpread(names[0]),
        ...(shown ? { fix: { text: COLLAPSE_FIX }, reads: shown.reads } : {}),
      }),
    ];
  },
};

/** Label names from the validation evidence's per-label AUC tags (runs without output probes). */
function evidenceLabels(run: RunData): string[] {
  const prefix = TAGS.evidenceAuc('val', '');
  return [...run.scalars.keys()].filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

const COLLAPSE_FIX =
  'the cause is not named by this evidence: `trainscope doctor RUN --explain` tests candidate changes in short runs';

interface Tied {
  point: EvidencePoint;
  probe?: EvidencePoint;
  labels: number;
  first: string;
  sides: string;
  reads: string[];
}

/**
 * The validation rows got one answer per label at this epoch: at least T.tiedLabels labels with
 * both classes, each at ROC AUC exactly 0.5, and every label predicted on one side for every row
 * (what a constant logit gives) — with the loss no better than the constant predictor's and the
 * probe rows ranked no better than chance, so that nothing recorded says the model separates rows.
 */
function tiedOnValRows(
  run: RunData,
  names: readonly string[],
  point: EvidencePoint,
  probe: EvidencePoint | undefined,
): Tied | undefined {
  if (beatsConstant(point)) return undefined;
  if (probe?.auc !== undefined && probe.aucSe !== undefined && probe.auc - 0.5 > T.z * probe.aucSe)
    return undefined;
  const withAuc = names.filter((l) => at(run, TAGS.evidenceAuc('val', l), point.step) !== undefined);
  if (withAuc.length < T.tiedLabels) return undefined;
  if (withAuc.some((l) => at(run, TAGS.evidenceAuc('val', l), point.step) !== 0.5)) return undefined;
  const rates = names.map((l) => at(run, TAGS.evidencePositiveRate('val', l), point.step));
  if (rates.some((r) => r !== 0 && r !== 1)) return undefined;
  const positive = rates.filter((r) => r === 1).length;
  const sides =
    positive === 0
      ? 'negative'
      : positive === names.length
        ? 'positive'
        : `on one side (${positive} of ${names.length} labels positive, the others negative)`;
  const reads = [
    ...withAuc.map((l) => TAGS.evidenceAuc('val', l)),
    ...names.map((l) => TAGS.evidencePositiveRate('val', l)),
    TAGS.evidence('val', 'loss_gain'),
    ...(probe ? [TAGS.evidence('probe', 'auc_macro')] : []),
  ];
  return { point, probe, labels: withAuc.length, first: withAuc[0], sides, reads };
}
