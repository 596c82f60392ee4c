import { join } from 'node:path';
import type { RunData } from '../events/types.js';
import { formatInit, recommendedInit } from '../model/initializers.js';
import { parseActivation } from '../model/resolve.js';
import type { Activation, ModelSpec } from '../model/spec.js';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { TAGS } from '../run/tags.js';
import { textTable } from '../text-table.js';
import { diagnose, isCurrentProblem } from './diagnose.js';
import { T } from './thresholds.js';
import type { Cause, DoctorReport, RunContext } from './types.js';

/** A change to a training configuration, as the user would write it. */
export type ConfigPatch = Partial<TrainConfigInput>;

/** One factor changed at a time, relative to the original configuration. */
export interface Counterfactual {
  /** The cause this trial tests. */
  cause: Cause;
  /** Short name shown in the table (`dropout off`, `init → he_uniform`, …). */
  label: string;
  patch: ConfigPatch;
}

export interface TrialOutcome {
  label: string;
  cause: Cause | 'baseline';
  patch: ConfigPatch;
  /**
   * The comparison metric at the end of the short run (see `Comparison`): ROC AUC (logits,
   * inference mode) over the labels that have both classes in the validation rows, or the
   * probe rows without validation; null when no label has both classes.
   */
  auc: number | null;
  /** Where `auc` was measured and over how many labels, e.g. 'validation, 5 of 6 labels'. */
  aucOver: string | null;
  /** Standard error of `auc` (macro over those labels), when recorded. */
  aucSe?: number;
  /** Inference-mode loss gain over the constant predictor at the end (the fallback metric). */
  lossGain: number | null;
  /** Its standard error, when recorded. */
  lossGainSe?: number;
  /** Findings of warning or worse in the short run. */
  serious: string[];
  /** Did the original run's failing symptom come back in this run? */
  symptomPresent: boolean;
}

export interface RankedCause extends TrialOutcome {
  /** Change of the comparison metric against the baseline short run. */
  delta: number | null;
  /** The noise of delta (both runs' standard errors), when both were recorded. */
  deltaSe: number | null;
  score: number;
}

/**
 * What the short runs are compared on: ROC AUC over the labels with both classes when every run
 * has it (defined even when some labels have no positives in the validation rows, where macro
 * AUC is not), else the inference-mode loss gain over the constant predictor.
 */
export type Comparison = 'auc' | 'loss_gain';

export interface ExplainResult {
  symptom: string;
  /** The metric the ranking used, in words (which rows, which labels). */
  metric: string;
  baseline: TrialOutcome;
  ranked: RankedCause[];
  verdict: string;
  /** The cause named by the verdict (absent when nothing helped). */
  cause?: Cause;
}

/** The story's failing symptoms, most telling first: what the short runs are compared on. */
const SYMPTOM_IDS = [
  'output-collapse',
  'constant-label',
  'saturated-outputs',
  'dead-units',
  'hidden-saturation',
  'activation-scale',
  'non-finite',
  'divergence',
  'lr-too-high',
  'frozen-layer',
  'frozen-weights',
  'not-learning',
  'lr-too-low',
  'label-at-chance',
  'pos-weight-too-large',
  'rare-label-never-predicted',
  'overfitting',
];

/** The symptom to compare on: the most telling serious finding, or the primary one. */
export function failingSymptom(report: DoctorReport): string {
  const serious = new Set(report.findings.filter(isCurrentProblem).map((f) => f.id));
  return SYMPTOM_IDS.find((id) => serious.has(id)) ?? report.diagnosis?.finding ?? 'none';
}

function first<T>(v: T | T[] | undefined): T | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function hiddenActivation(config: TrainConfig, spec?: ModelSpec): Activation {
  return spec?.hidden[0]?.activation ?? parseActivation(first(config.activation) ?? 'relu').activation;
}

/** Factors to try, chosen from the findings and the configuration (one change each). */
export function chooseFactors(config: TrainConfig, report: DoctorReport, spec?: ModelSpec): Counterfactual[] {
  const causes = new Set(report.findings.filter(isCurrentProblem).map((f) => f.cause));
  const out: Counterfactual[] = [];
  const dropout = config.dropout;
  const dropoutOn = Array.isArray(dropout) ? dropout.some((d) => d > 0) : dropout > 0;
  if (dropoutOn) out.push({ cause: 'dropout', label: 'dropout off', patch: { dropout: 0 } });
  const act = hiddenActivation(config, spec);
  const good = formatInit(recommendedInit(act));
  const init = first(config.init) ?? '';
  if (causes.has('initialisation') || !/^(glorot|he|lecun|xavier|kaiming)/.test(init)) {
    out.push({
      cause: 'initialisation',
      label: `init → ${good}`,
      patch: { init: good, outputInit: 'glorot_uniform' },
    });
  }
  if (causes.has('bias_initialisation') || config.biasInit !== 'zeros') {
    out.push({
      cause: 'bias_initialisation',
      label: 'bias init → zeros',
      patch: { biasInit: 'zeros', outputBiasInit: 'zeros' },
    });
  }
  if (causes.has('inputs') || config.standardize === false) {
    out.push({ cause: 'inputs', label: 'inputs standardised', patch: { standardize: true } });
  }
  const lr = config.lr;
  out.push({
    cause: 'learning_rate_high',
    label: `lr ×0.1 (${(lr * 0.1).toPrecision(2)})`,
    patch: { lr: Number((lr * 0.1).toPrecision(3)) },
  });
  if (lr * 10 <= 100)
    out.push({
      cause: 'learning_rate_low',
      label: `lr ×10 (${(lr * 10).toPrecision(2)})`,
      patch: { lr: Number((lr * 10).toPrecision(3)) },
    });
  if (causes.has('imbalance') && config.posWeight === undefined) {
    out.push({ cause: 'imbalance', label: 'pos_weight balanced', patch: { posWeight: 'balanced' } });
  }
  if (causes.has('activation') && act === 'relu') {
    out.push({ cause: 'activation', label: 'leaky_relu', patch: { activation: 'leaky_relu' } });
  }
  return out;
}

/** The last value of the evidence for a split, when recorded. */
function lastEvidence(history: RunData, split: 'val' | 'probe') {
  const last = (stat: Parameters<typeof TAGS.evidence>[1]) =>
    history.scalars.get(TAGS.evidence(split, stat))?.at(-1)?.value;
  return {
    auc: last('auc_macro'),
    aucSe: last('auc_macro_se'),
    labels: last('auc_labels'),
    gain: last('loss_gain'),
    gainSe: last('loss_gain_se'),
  };
}

/** Summarise a short run: its final AUC and loss gain, serious findings and whether the symptom is there. */
export function outcomeOf(
  label: string,
  cause: TrialOutcome['cause'],
  patch: ConfigPatch,
  history: RunData,
  ctx: RunContext,
  symptom: string,
): TrialOutcome {
  const val = lastEvidence(history, 'val');
  const split = val.gain !== undefined ? 'val' : 'probe';
  const e = split === 'val' ? val : lastEvidence(history, 'probe');
  const total = ctx.labelNames?.length;
  const report = diagnose(history, ctx);
  const serious = [...new Set(report.findings.filter(isCurrentProblem).map((f) => f.id))];
  return {
    label,
    cause,
    patch,
    auc: e.auc ?? null,
    aucOver:
      e.auc === undefined
        ? null
        : `${split === 'val' ? 'validation' : 'probe (training)'} rows, ${e.labels ?? '?'}${total ? ` of ${total}` : ''} labels with both classes`,
    ...(e.auc !== undefined && e.aucSe !== undefined ? { aucSe: e.aucSe } : {}),
    lossGain: e.gain ?? null,
    ...(e.gain !== undefined && e.gainSe !== undefined ? { lossGainSe: e.gainSe } : {}),
    serious,
    symptomPresent: serious.includes(symptom),
  };
}

/** AUC when every run has it, else the loss gain: the metric that is defined for all. */
export function comparisonOf(baseline: TrialOutcome, trials: TrialOutcome[]): Comparison {
  return [baseline, ...trials].every((t) => t.auc !== null) ? 'auc' : 'loss_gain';
}

const metricOf = (t: TrialOutcome, c: Comparison) => (c === 'auc' ? t.auc : t.lossGain);
const seOf = (t: TrialOutcome, c: Comparison) => (c === 'auc' ? t.aucSe : t.lossGainSe);

/**
 * Rank the factors: a change that removes the failing symptom ranks above one that does not, and
 * one that leaves no current problem at all above one that only moves the symptom (a higher lr can
 * clear saturated outputs on a small set while the run stays far worse than the constant
 * predictor); within that, by the gain in the comparison metric over the baseline short run.
 */
export function rankCauses(baseline: TrialOutcome, trials: TrialOutcome[]): RankedCause[] {
  const c = comparisonOf(baseline, trials);
  const b = metricOf(baseline, c);
  return trials
    .map((t) => {
      const v = metricOf(t, c);
      const delta = v !== null && b !== null ? v - b : null;
      const [sb, st] = [seOf(baseline, c), seOf(t, c)];
      const deltaSe = delta !== null && sb !== undefined && st !== undefined ? Math.hypot(sb, st) : null;
      const resolved = baseline.symptomPresent && !t.symptomPresent;
      const repaired = resolved && t.serious.length === 0;
      const score = (resolved ? 1 : 0) + (repaired ? 0.5 : 0) + (delta ?? 0) - 0.01 * t.serious.length;
      return { ...t, delta, deltaSe, score };
    })
    .sort((a, b2) => b2.score - a.score);
}

/** The comparison metric in words, for the verdict and the table header. */
export function metricName(baseline: TrialOutcome, trials: TrialOutcome[]): string {
  return comparisonOf(baseline, trials) === 'auc'
    ? `ROC AUC (${baseline.aucOver ?? 'n/a'})`
    : 'inference-mode loss gain over the constant predictor (no label has both classes in every run)';
}

const CAUSE_NAME: Record<string, string> = {
  initialisation: 'initialisation',
  bias_initialisation: 'bias initialisation',
  dropout: 'dropout',
  learning_rate_high: 'learning rate too high',
  learning_rate_low: 'learning rate too low',
  inputs: 'input scaling',
  imbalance: 'label imbalance',
  activation: 'dying ReLUs',
};

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
const signed = (v: number | null) => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(3)}`);

/** One sentence naming the cause, with the numbers; "X, not dropout" when dropout was tested and lost. */
export function verdictOf(
  symptom: string,
  baseline: TrialOutcome,
  ranked: RankedCause[],
): { text: string; cause?: Cause } {
  const comparison = comparisonOf(baseline, ranked);
  const metric = comparison === 'auc' ? 'ROC AUC' : 'loss gain';
  const value = (t: TrialOutcome) => metricOf(t, comparison);
  const best = ranked[0];
  const helps = best && (best.score > 0.02 || (baseline.symptomPresent && !best.symptomPresent));
  if (!best || !helps) {
    return {
      text: `Verdict: no single change tested here fixes '${symptom}' (best: ${best?.label ?? 'none'}, Δ${metric} ${signed(best?.delta ?? null)}).`,
    };
  }
  // A change that clears the symptom while the run gets measurably worse repairs nothing; one
  // that clears it while the metric stays within its noise (a short run may not rank better yet)
  // is named with that said, so the verdict claims what the short runs showed and no more.
  const noise = best.delta !== null && best.deltaSe !== null ? T.z * best.deltaSe : null;
  if (noise !== null && best.delta !== null && best.delta < -noise) {
    return {
      text: `Verdict: no cause named — ${best.label} clears '${symptom}' but moves ${metricName(baseline, ranked)} from ${fmt(value(baseline))} to ${fmt(value(best))} (${signed(best.delta)}, beyond the noise ±${noise.toFixed(3)}): the run gets worse.`,
    };
  }
  const withinNoise =
    noise !== null && best.delta !== null && best.delta <= noise
      ? `, within the noise ±${noise.toFixed(3)}: the short run shows the symptom gone, not yet a better ranking`
      : '';
  const name = CAUSE_NAME[best.cause] ?? best.cause;
  const drop = ranked.find((r) => r.cause === 'dropout');
  const notDropout = drop && best.cause !== 'dropout' ? ', not dropout' : '';
  const symptomText = baseline.symptomPresent
    ? best.symptomPresent
      ? ` ('${symptom}' remains)`
      : ` and clears '${symptom}'`
    : '';
  const dropText =
    drop && best.cause !== 'dropout'
      ? `; turning dropout off changes it by ${signed(drop.delta)}${drop.symptomPresent && baseline.symptomPresent ? ` and leaves '${symptom}'` : ''}`
      : '';
  return {
    text: `Verdict: ${name}${notDropout} — ${best.label} moves ${metricName(baseline, ranked)} from ${fmt(value(baseline))} to ${fmt(value(best))} (${signed(best.delta)}${withinNoise})${symptomText}${dropText}.`,
    cause: best.cause as Cause,
  };
}

/** The ranked table as text. */
export function formatExplain(r: ExplainResult): string {
  const rows = [
    ['rank', 'change', 'ROC AUC', 'Δ', `symptom '${r.symptom}'`, 'serious findings'],
    [
      '-',
      'baseline (as configured)',
      fmt(r.baseline.auc),
      '',
      r.baseline.symptomPresent ? 'present' : 'absent',
      String(r.baseline.serious.length),
    ],
    ...r.ranked.map((t, i) => [
      String(i + 1),
      t.label,
      fmt(t.auc),
      signed(t.delta),
      t.symptomPresent ? 'present' : r.baseline.symptomPresent ? 'gone' : 'absent',
      String(t.serious.length),
    ]),
  ];
  const table = textTable(rows).join('\n');
  return `${table}\n(compared on ${r.metric})\n\n${r.verdict}`;
}

/** Train function the explainer needs (train() from src/train, or a fake in tests). */
export type TrainFn = (config: TrainConfigInput) => Promise<{ history: RunData }>;

export interface ExplainOptions {
  /** Directory for the short runs (default `<run>/explain`). */
  dir: string;
  /** Optimiser steps per short run (default 800); epochs derived from the training rows. */
  steps?: number;
  trainRows?: number;
  log?: (line: string) => void;
}

/** Directory name of a short run under the explain directory (`init → he_uniform` → `init-he-uniform`). */
export function trialRunName(label: string): string {
  return label.replace(/[^a-z0-9.]+/gi, '-').replace(/-+$/, '');
}

/** Short runs of the original config with one factor changed at a time, same seed, small budget. */
export async function explain(
  config: TrainConfig,
  report: DoctorReport,
  ctx: RunContext,
  trainFn: TrainFn,
  opts: ExplainOptions,
): Promise<ExplainResult> {
  let symptom = failingSymptom(report);
  const batch = config.batchSize;
  const stepsPerEpoch = Math.max(1, Math.ceil((opts.trainRows ?? 20000) / batch));
  const epochs = Math.max(3, Math.min(config.epochs, 40, Math.ceil((opts.steps ?? 800) / stepsPerEpoch)));
  const { name: _name, resume: _resume, ...original } = config;
  const base: TrainConfigInput = {
    ...original,
    epochs,
    probes: 'light',
    doctor: false,
    logdir: opts.dir,
    earlyStop: 0,
    stopOn: 'never',
  };
  const run = async (label: string, cause: TrialOutcome['cause'], patch: ConfigPatch) => {
    opts.log?.(`explain: ${label} (${epochs} epochs)…`);
    const name = trialRunName(label);
    const cfg: TrainConfigInput = { ...base, ...patch, name };
    const r = await trainFn(cfg);
    return outcomeOf(label, cause, patch, r.history, { ...ctx, config: parseTrainConfig(cfg) }, symptom);
  };
  let baseline = await run('baseline', 'baseline', {});
  if (!baseline.symptomPresent) {
    // A short run may not reach the full run's symptom yet (the collapse takes many epochs):
    // compare on the most telling symptom the short baseline does show, if any.
    const early = SYMPTOM_IDS.find((id) => baseline.serious.includes(id));
    if (early) {
      symptom = early;
      baseline = { ...baseline, symptomPresent: true };
    }
  }
  const trials: TrialOutcome[] = [];
  for (const f of chooseFactors(config, report, ctx.spec)) trials.push(await run(f.label, f.cause, f.patch));
  const ranked = rankCauses(baseline, trials);
  const v = verdictOf(symptom, baseline, ranked);
  return {
    symptom,
    metric: metricName(baseline, trials),
    baseline,
    ranked,
    verdict: v.text,
    ...(v.cause ? { cause: v.cause } : {}),
  };
}

export function explainDir(runDir: string): string {
  return join(runDir, 'explain');
}
