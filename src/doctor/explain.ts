import { join } from 'node:path';
import type { RunData } from '../events/types.js';
import { formatInit, recommendedInit } from '../model/initializers.js';
import { parseActivation } from '../model/resolve.js';
import type { Activation, ModelSpec } from '../model/spec.js';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { TAGS } from '../run/tags.js';
import { textTable } from '../text-table.js';
import { diagnose, SEVERITY_RANK } from './diagnose.js';
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
  /** Validation ROC AUC macro at the end of the short run (null when not computable). */
  valAuc: number | null;
  /** Findings of warning or worse in the short run. */
  serious: string[];
  /** Did the original run's failing symptom come back in this run? */
  symptomPresent: boolean;
}

export interface RankedCause extends TrialOutcome {
  /** Change of validation AUC against the baseline short run. */
  deltaAuc: number | null;
  score: number;
}

export interface ExplainResult {
  symptom: string;
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
  'loss-plateau',
  'frozen-weights',
  'lr-too-low',
  'rare-label-never-predicted',
  'overfitting',
];

/** The symptom to compare on: the most telling serious finding, or the primary one. */
export function failingSymptom(report: DoctorReport): string {
  const serious = new Set(report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1).map((f) => f.id));
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
  const causes = new Set(report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1).map((f) => f.cause));
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

/** Summarise a short run: its final validation AUC, serious findings and whether the symptom is there. */
export function outcomeOf(
  label: string,
  cause: TrialOutcome['cause'],
  patch: ConfigPatch,
  history: RunData,
  ctx: RunContext,
  symptom: string,
): TrialOutcome {
  const auc = history.scalars.get(TAGS.valMetric('roc_auc_macro'))?.at(-1)?.value;
  const report = diagnose(history, ctx);
  const serious = [
    ...new Set(report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1).map((f) => f.id)),
  ];
  return { label, cause, patch, valAuc: auc ?? null, serious, symptomPresent: serious.includes(symptom) };
}

/**
 * Rank the factors: a change that removes the failing symptom ranks above one that does not;
 * within that, by the gain in validation AUC over the baseline short run.
 */
export function rankCauses(baseline: TrialOutcome, trials: TrialOutcome[]): RankedCause[] {
  return trials
    .map((t) => {
      const deltaAuc = t.valAuc !== null && baseline.valAuc !== null ? t.valAuc - baseline.valAuc : null;
      const resolved = baseline.symptomPresent && !t.symptomPresent;
      const score = (resolved ? 1 : 0) + (deltaAuc ?? 0) - 0.01 * t.serious.length;
      return { ...t, deltaAuc, score };
    })
    .sort((a, b) => b.score - a.score);
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
  const best = ranked[0];
  const helps = best && (best.score > 0.02 || (baseline.symptomPresent && !best.symptomPresent));
  if (!best || !helps) {
    return {
      text: `Verdict: no single change tested here fixes '${symptom}' (best: ${best?.label ?? 'none'}, ΔAUC ${signed(best?.deltaAuc ?? null)}).`,
    };
  }
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
      ? `; turning dropout off changes it by ${signed(drop.deltaAuc)}${drop.symptomPresent && baseline.symptomPresent ? ` and leaves '${symptom}'` : ''}`
      : '';
  return {
    text: `Verdict: ${name}${notDropout} — ${best.label} moves validation ROC AUC macro from ${fmt(baseline.valAuc)} to ${fmt(best.valAuc)} (${signed(best.deltaAuc)})${symptomText}${dropText}.`,
    cause: best.cause as Cause,
  };
}

/** The ranked table as text. */
export function formatExplain(r: ExplainResult): string {
  const rows = [
    ['rank', 'change', 'val AUC macro', 'ΔAUC', `symptom '${r.symptom}'`, 'serious findings'],
    [
      '-',
      'baseline (as configured)',
      fmt(r.baseline.valAuc),
      '',
      r.baseline.symptomPresent ? 'present' : 'absent',
      String(r.baseline.serious.length),
    ],
    ...r.ranked.map((t, i) => [
      String(i + 1),
      t.label,
      fmt(t.valAuc),
      signed(t.deltaAuc),
      t.symptomPresent ? 'present' : r.baseline.symptomPresent ? 'gone' : 'absent',
      String(t.serious.length),
    ]),
  ];
  const table = textTable(rows).join('\n');
  return `${table}\n\n${r.verdict}`;
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
  return { symptom, baseline, ranked, verdict: v.text, ...(v.cause ? { cause: v.cause } : {}) };
}

export function explainDir(runDir: string): string {
  return join(runDir, 'explain');
}
