/**
 * The doctor on any run directory, whichever framework wrote it: read the log with the
 * convention table (src/logs), diagnose the canonical run, and hand the report back in the
 * log's own words — its layer names, its tag names in `reads`, fixes phrased for its framework,
 * and for every check that could not run, why that log cannot support it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { factsOf, type LogPart, type LogReading, type Role, readLog, understand } from '../logs/index.js';
import { joinDir } from '../logs/layout.js';
import { resolveRun } from '../logs/read.js';
import { RUN_FILES } from '../run/files.js';
import { type RunMeta, readRunMeta } from '../run/meta.js';
import { diagnose } from './diagnose.js';
import { fixFor } from './fixes.js';
import type { Cause, DoctorReport, Finding, RunContext } from './types.js';

export interface Examined {
  /** The directory of the whole run (a Keras run's parent of train/ and validation/). */
  dir: string;
  /** The directory the run's parts are named relative to. */
  root: string;
  reading: LogReading;
  ctx: RunContext;
  /** trainscope.json, when trainscope wrote the run. */
  meta?: RunMeta;
  report: DoctorReport;
}

/** Read, understand and diagnose the run at `path`. */
export async function examine(
  path: string,
  opts: { overrides?: ReadonlyMap<string, Role> } = {},
): Promise<Examined> {
  const { root, run } = await resolveRun(path);
  const dir = joinDir(root, run.name);
  const reading = await readLog(dir, opts);
  const meta = existsSync(join(dir, RUN_FILES.meta)) ? readRunMeta(dir) : undefined;
  const ctx = contextFor(reading, meta);
  return { dir, root, reading, ctx, ...(meta ? { meta } : {}), report: diagnoseLog(reading, ctx) };
}

/** The report for a run already read into parts (the board reads through its data provider). */
export function examinedReport(
  name: string,
  parts: readonly LogPart[],
  meta?: Pick<RunMeta, 'spec' | 'config' | 'labelNames'>,
  overrides?: ReadonlyMap<string, Role>,
): DoctorReport {
  const reading = understand(name, parts, { ours: meta !== undefined, ...(overrides ? { overrides } : {}) });
  return diagnoseLog(reading, contextFor(reading, meta));
}

function contextFor(reading: LogReading, meta?: Pick<RunMeta, 'spec' | 'config' | 'labelNames'>): RunContext {
  const log = factsOf(reading);
  if (!meta) return { log };
  return { spec: meta.spec, config: meta.config, labelNames: meta.labelNames, log };
}

/** diagnose() on the canonical run, reported in the log's own names. */
export function diagnoseLog(reading: LogReading, ctx: RunContext = { log: factsOf(reading) }): DoctorReport {
  const report = diagnose(reading.run, ctx);
  return inLogTerms(report, reading);
}

/** Canonical tags → the log's tags; canonical layer names → the log's; framework-neutral fixes for foreign runs. */
export function inLogTerms(report: DoctorReport, reading: LogReading): DoctorReport {
  const tagNames = (tags: readonly string[]) => [
    ...new Set(tags.flatMap((t) => reading.provenance.get(t) ?? [t])),
  ];
  const layerName = new Map(
    reading.layers.filter((l) => l.canonical).map((l) => [l.canonical as string, l.name]),
  );
  // canonical tags that stand for a differently named tag of the log, longest first
  const tagSwaps = [...reading.provenance]
    .filter(([c, from]) => from.length === 1 && from[0] !== c)
    .sort((a, b) => b[0].length - a[0].length);
  const rename = (text: string) =>
    reading.ours
      ? text
      : tagSwaps
          .reduce((t, [c, from]) => t.split(c).join(from[0]), text)
          .replace(/\blayer\d+\b/g, (c) => layerName.get(c) ?? c)
          .replace(/\boutput's\b/g, `${layerName.get('output') ?? 'output'}'s`)
          .replace(/ in output\b/g, ` in ${layerName.get('output') ?? 'output'}`);
  const findings = report.findings.map((f): Finding => {
    const out: Finding = {
      ...f,
      where: f.where.layer
        ? {
            ...f.where,
            layer: reading.ours ? f.where.layer : (layerName.get(f.where.layer) ?? f.where.layer),
          }
        : f.where,
      explanation: rename(f.explanation),
      evidence: Object.fromEntries(
        Object.entries(f.evidence).map(([k, v]) => [k, typeof v === 'string' ? rename(v) : v]),
      ),
      reads: tagNames(f.reads ?? []),
      ...(f.tag ? { tag: tagNames([f.tag])[0] } : {}),
    };
    if (!reading.ours) out.fix = foreignFix((f.cause ?? 'unknown') as Cause, reading);
    return out;
  });
  const out: DoctorReport = {
    ...report,
    findings,
    checked: report.checked.map((c) => ({ id: c.id, reads: tagNames(c.reads) })),
    not_checked: report.not_checked.map((n) => ({
      id: n.id,
      reason: reading.ours ? n.reason : whyMissing(n.reason, reading),
    })),
  };
  if (report.diagnosis) {
    const primary = findings.find((f) => f.id === report.diagnosis?.finding);
    out.diagnosis = {
      ...report.diagnosis,
      summary: rename(report.diagnosis.summary).replace(/Fix: .*$/s, `Fix: ${primary?.fix.text ?? ''}`),
    };
  }
  return out;
}

const has = (convs: readonly string[], c: string) => convs.includes(c);

/** The fix for a cause in words any framework's user can act on (trainscope's flags mean nothing there). */
export function foreignFix(cause: Cause, reading: LogReading): Finding['fix'] {
  const c = reading.conventions;
  const pt = has(c, 'pytorch');
  const keras = has(c, 'keras');
  const lr = Number(reading.hparams?.lr ?? reading.hparams?.learning_rate);
  const lrText = (factor: number) =>
    Number.isFinite(lr) && lr > 0 ? ` (from ${lr} to ${Number((lr * factor).toPrecision(3))})` : '';
  switch (cause) {
    case 'initialisation':
      return {
        text: `initialise the weights at Glorot/He scale for each layer's fans${pt ? " (PyTorch: nn.init.kaiming_uniform_(m.weight, nonlinearity='relu') or xavier_uniform_)" : ''}${keras ? " (Keras: kernel_initializer='he_uniform' or 'glorot_uniform')" : ''}`,
      };
    case 'bias_initialisation':
      return {
        text: `initialise the biases at 0${pt ? ' (PyTorch: nn.init.zeros_(m.bias))' : ''}${keras ? " (Keras: bias_initializer='zeros')" : ''}`,
      };
    case 'learning_rate_high':
      return { text: `lower the learning rate 10× or more${lrText(0.1)}, and consider gradient clipping` };
    case 'learning_rate_low':
      return { text: `raise the learning rate 10×${lrText(10)}` };
    case 'inputs':
      return { text: 'standardise the input features (mean 0, std 1 each, fitted on the training rows)' };
    case 'overfitting':
      return {
        text: 'stop at the best validation loss (early stopping), or regularise more (dropout, weight decay)',
      };
    case 'numerics':
      return { text: 'clip the gradients and lower the learning rate' };
    case 'imbalance':
      return {
        text: 'weight the positive class of rare labels (pos_weight) or tune per-label thresholds on validation data',
      };
    case 'activation':
      return { text: 'use a leaky ReLU or ELU, or fix what killed the units (see the other findings)' };
    case 'dropout':
      return { text: 'lower or remove dropout' };
    default:
      return fixFor(cause, {});
  }
}

/** What each kind of missing data means for a log trainscope did not write. */
const MISSING: [RegExp, string][] = [
  [/^\*\/weights$/, 'weight histograms'],
  [/^loss\/train$/, 'a training loss'],
  [/^loss\/val$/, 'a validation loss'],
  [
    /update_ratio|change_since_init/,
    'per-step weight changes, which a histogram cannot give (only lower bounds; see `trainscope inspect`)',
  ],
  [
    /dead_fraction/,
    "per-unit dead shares (trainscope's probes); dead layers are read from activation histograms where logged",
  ],
  [/output\/(spread|positive_rate|prevalence|bias)/, 'per-label output statistics on a fixed probe batch'],
  [/mean_abs_logit|exact_0_or_1|logits/, 'logit statistics'],
  [/preactivations|saturated_fraction/, 'pre-activation statistics per layer'],
  [/gradients\/weights\/norm/, 'per-layer gradient norms'],
  [/^input\//, 'input statistics'],
  [/activations\/logged/, 'activation histograms'],
  [/roc_auc/, 'a logged ROC AUC'],
  [/(probabilities|logits)\/logged/, 'an output histogram'],
];

export function whyMissing(reason: string, reading: LogReading): string {
  const m = /^no data for (.*)$/.exec(reason);
  if (!m) return reason;
  const alternatives = / or /.test(m[1]);
  const needs = new Set<string>();
  const other = new Set<string>();
  for (const n of m[1].split(/, | or /)) {
    if (/std_vs_(glorot|he)/.test(n)) {
      other.add(
        reading.initial.usable
          ? "the layers' fan-in/fan-out could not be inferred from the histogram counts"
          : `the initialisation cannot be judged: ${reading.initial.reason}`,
      );
      continue;
    }
    needs.add(MISSING.find(([re]) => re.test(n))?.[1] ?? n);
  }
  const need = needs.size ? [`needs ${[...needs].join(alternatives ? ' or ' : ', ')}`] : [];
  return [...other, ...need].join('; ');
}
