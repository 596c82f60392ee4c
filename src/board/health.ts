/**
 * A run's health in one card: its state (collapsed, fatal, warning, ok, unchecked), the cause
 * (confirmed by counterfactual runs when `doctor --explain` ran), since when, the few numbers
 * that prove it, each linked to its chart, and the findings grouped by rule. Read through the
 * DataProvider only, so the server and the static report build the same card.
 */
import { CAUSE_TEXT } from '../doctor/diagnose.js';
import { type ExplainResult, trialRunName } from '../doctor/explain.js';
import type { Cause, DoctorReport } from '../doctor/types.js';
import { type STORY_METRICS, TAGS } from '../run/tags.js';
import type { ExplainRow, ExplainView, HealthNumber, HealthResponse, HealthState } from './api-types.js';
import { CONSTANT_LABELS_TAG, DERIVED } from './derived.js';
import { readDoctor } from './doctor-report.js';
import { groupFindings, stillHolds } from './finding-groups.js';
import { percent } from './format.js';
import type { DataProvider, RunMeta } from './provider.js';
import { type EpochClock, sinceText } from './since.js';

const AUC = 'roc_auc_macro' satisfies (typeof STORY_METRICS)[number];
/** |AUC − 0.5| below this is ranking at chance (the collapse's 0.4999). */
const CHANCE_MARGIN = 0.01;

type Scalars = (tag: string) => Promise<{ step: number; value: number }[]>;

const pct = percent;
const fixed3 = (x: number) => x.toFixed(3);

interface ReportLabel {
  name: string;
  predicted_positive_rate: number;
}

function reportOf(meta: RunMeta): { metrics?: Record<string, unknown>; labels?: ReportLabel[] } | null {
  const r = (meta.meta?.report as Record<string, unknown> | undefined) ?? meta.report;
  return r && typeof r === 'object' ? (r as never) : null;
}

/** Layer numbers found in tags like `layer3/dead_fraction/inference_mode`, in order. */
function hiddenLayers(tags: readonly string[], suffix: string): string[] {
  const found = new Set<number>();
  for (const t of tags) {
    const m = /^layer(\d+)\/(.+)$/.exec(t);
    if (m && m[2] === suffix) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b).map((n) => `layer${n}`);
}

function labelsOf(tags: readonly string[], meta: RunMeta): string[] {
  const fromMeta = meta.meta?.labelNames;
  if (Array.isArray(fromMeta) && fromMeta.length) return fromMeta.map(String);
  const prefix = TAGS.positiveRate('');
  return tags.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

/** Labels predicted the same for every row: from the final report, else from the last probe. */
async function constantLabels(
  meta: RunMeta,
  labels: string[],
  tags: ReadonlySet<string>,
  scalars: Scalars,
): Promise<{ constant: number; positive: number; total: number; source: 'test set' | 'probe batch' } | null> {
  const report = reportOf(meta);
  if (report?.labels?.length) {
    const rates = report.labels.map((l) => l.predicted_positive_rate);
    const positive = rates.filter((r) => r === 1).length;
    return {
      constant: rates.filter((r) => r === 0 || r === 1).length,
      positive,
      total: rates.length,
      source: 'test set',
    };
  }
  const rates: number[] = [];
  for (const l of labels) {
    if (!tags.has(TAGS.positiveRate(l))) continue;
    const last = (await scalars(TAGS.positiveRate(l))).at(-1);
    if (last) rates.push(last.value);
  }
  if (!rates.length) return null;
  return {
    constant: rates.filter((r) => r === 0 || r === 1).length,
    positive: rates.filter((r) => r === 1).length,
    total: rates.length,
    source: 'probe batch',
  };
}

/** First probe step from which every label stays predicted all-positive or all-negative to the end. */
async function collapsedSince(labels: string[], tags: ReadonlySet<string>, scalars: Scalars) {
  const series = await Promise.all(
    labels.filter((l) => tags.has(TAGS.positiveRate(l))).map((l) => scalars(TAGS.positiveRate(l))),
  );
  if (!series.length) return undefined;
  const steps = series[0].map((p) => p.step);
  let since: number | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const constant = series.every((s) => s[i] && (s[i].value === 0 || s[i].value === 1));
    if (!constant) break;
    since = steps[i];
  }
  return since;
}

/** Steps per epoch and epochs from trainscope.json (absent for foreign runs). */
function epochClock(meta: RunMeta): EpochClock {
  const m = meta.meta as
    | { config?: { batchSize?: number; epochs?: number }; data?: { rows?: { train?: number } } }
    | undefined;
  const rows = m?.data?.rows?.train;
  const batch = m?.config?.batchSize;
  return {
    ...(rows && batch ? { stepsPerEpoch: Math.max(1, Math.ceil(rows / batch)) } : {}),
    ...(m?.config?.epochs ? { epochs: m.config.epochs } : {}),
  };
}

/** The counterfactual table, each row linked to its short run when that run is in the logdir. */
export function explainView(run: string, ex: ExplainResult, known: ReadonlySet<string>): ExplainView {
  const child = (label: string) => {
    const name = `${run === '.' ? '' : `${run}/`}explain/${trialRunName(label)}`;
    return known.has(name) ? name : undefined;
  };
  const row = (r: ExplainResult['baseline'] & { delta?: number | null }): ExplainRow => ({
    label: r.label,
    cause: r.cause,
    patch: r.patch,
    valAuc: r.auc,
    ...(r.delta !== undefined ? { deltaAuc: r.delta } : {}),
    serious: r.serious,
    symptomPresent: r.symptomPresent,
    ...(child(r.label) ? { run: child(r.label) } : {}),
  });
  return {
    symptom: ex.symptom,
    verdict: ex.verdict.replace(/^Verdict:\s*/, ''),
    ...(ex.cause ? { cause: ex.cause } : {}),
    baseline: row(ex.baseline),
    ranked: ex.ranked.map(row),
  };
}

const CAUSE_SHORT: Partial<Record<Cause, string>> = {
  initialisation: 'initialisation',
  bias_initialisation: 'bias initialisation',
  learning_rate_high: 'learning rate too high',
  learning_rate_low: 'learning rate too low',
  inputs: 'input scaling',
};

/** "initialisation, not dropout": the cause, and that dropout was tested and lost when it was. */
function causeTitle(cause: Cause, ex: ExplainResult | undefined): string {
  const name = CAUSE_SHORT[cause] ?? CAUSE_TEXT[cause].replace(/^(the|a|an) /, '');
  const droppedDropout = ex?.ranked.some((r) => r.cause === 'dropout') && cause !== 'dropout';
  return droppedDropout ? `${name}, not dropout` : name;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return m ? m[1] : s;
}

/** Every label of the final report predicted all-positive or all-negative (the experiment table's COLLAPSED). */
function reportCollapsed(meta: RunMeta): boolean {
  const rates = reportOf(meta)?.labels?.map((l) => l.predicted_positive_rate) ?? [];
  return meta.finished && rates.length > 0 && rates.every((r) => r === 0 || r === 1);
}

/** The run's state from its final report and the doctor's current findings (cheap: no series read). */
export function healthState(meta: RunMeta, report: DoctorReport | null): HealthState {
  const current = (report?.findings ?? []).filter(stillHolds);
  if (reportCollapsed(meta) || current.some((f) => f.id === 'output-collapse')) return 'collapsed';
  if (!report) return 'unchecked';
  if (current.some((f) => f.severity === 'fatal')) return 'fatal';
  if (current.some((f) => f.severity === 'warning')) return 'warning';
  // nothing found means little when too little could be checked (a foreign log without the tags)
  if (report.coverage?.sufficient === false) return 'unchecked';
  return 'ok';
}

/** The cause to show in a runs list: confirmed by counterfactual runs, else the doctor's diagnosis. */
export function healthCause(meta: RunMeta, report: DoctorReport | null): Cause | undefined {
  const cause = meta.explain?.cause ?? report?.diagnosis?.cause;
  // a diagnosis of an unknown cause (a symptom no finding explains) names none: the card says so
  return cause === 'unknown' ? undefined : cause;
}

export async function healthImpl(p: DataProvider, run: string): Promise<HealthResponse> {
  // the runs as last scanned: /api/runs, which the page polls, looks for new ones
  const [meta, tagList, runs] = await Promise.all([p.readRunMeta(run), p.listTags(run), p.listRuns(false)]);
  const known = new Set(runs.map((r) => r.name));
  const entry = runs.find((r) => r.name === run);
  const tags = new Set(tagList.scalars);
  const scalars: Scalars = async (tag) => (tags.has(tag) ? p.readScalars(run, tag, 0) : []);
  const doctor = await readDoctor(p, run, meta);
  const all = doctor.report?.findings ?? [];
  const current = all.filter(stillHolds);
  const groups = groupFindings(current);
  const cleared = groupFindings(all.filter((f) => !stillHolds(f)));
  const labels = labelsOf(tagList.scalars, meta);
  const report = reportOf(meta);

  const constant = await constantLabels(meta, labels, tags, scalars);
  const state = healthState(meta, doctor.report);
  const collapsed = state === 'collapsed';
  const collapseFinding = current.find((f) => f.id === 'output-collapse');
  const worst = groups[0];

  // numbers
  // A number is flagged when a current finding names its rule, or (rules are renamed as the
  // doctor evolves) when a warning or worse points at the number's own chart.
  const flaggedBy = (ids: string[], layer?: string, tag?: (t: string) => boolean) =>
    current.some(
      (f) =>
        (ids.includes(f.id) && (layer === undefined || f.where.layer === layer)) ||
        (tag !== undefined &&
          f.severity !== 'info' &&
          [f.tag, ...(f.reads ?? [])].some((t) => t !== undefined && tag(t))),
    );
  const numbers: HealthNumber[] = [];
  const weightLayers = [...hiddenLayers(tagList.scalars, 'weights/change_since_init')];
  const moved = await Promise.all(
    weightLayers.map(async (L) => (await scalars(TAGS.changeSinceInit(L, 'weights'))).at(-1)?.value),
  );
  const firstMoved = moved[0];
  numbers.push({
    key: 'weights_moved',
    label: 'weights moved',
    value: firstMoved ?? null,
    text: firstMoved === undefined ? '—' : pct(firstMoved),
    detail:
      firstMoved === undefined
        ? 'not recorded (no layer1/weights/change_since_init)'
        : `‖W − W₀‖ / ‖W₀‖ of ${weightLayers[0]}'s weights since step 0` +
          (moved.length > 1
            ? ` (${weightLayers.map((L, i) => `${L} ${moved[i] === undefined ? '—' : pct(moved[i]!)}`).join(', ')})`
            : ''),
    flagged: flaggedBy(['frozen-weights'], undefined, (t) => t.endsWith('/weights/change_since_init')),
    ...(firstMoved !== undefined ? { tag: TAGS.changeSinceInit(weightLayers[0], 'weights') } : {}),
  });

  const exact = await scalars(TAGS.exactZeroOne);
  const outputFlag =
    collapsed ||
    flaggedBy(['constant-label', 'saturated-outputs', 'output-collapse'], undefined, (t) =>
      [TAGS.exactZeroOne, CONSTANT_LABELS_TAG, TAGS.positiveRate('')].some((o) => t.startsWith(o)),
    );
  if (constant && constant.constant > 0) {
    const negative = constant.constant - constant.positive;
    numbers.push({
      key: 'outputs',
      label: 'outputs constant',
      value: constant.constant / constant.total,
      text: `${constant.constant} of ${constant.total} labels`,
      detail: `labels predicted the same for every row of the ${constant.source}: ${constant.positive} all-positive, ${negative} all-negative`,
      flagged: outputFlag,
      tag: DERIVED[CONSTANT_LABELS_TAG].available(tagList.scalars) ? CONSTANT_LABELS_TAG : undefined,
    });
  } else {
    const start = exact[0]?.value;
    const end = exact.at(-1)?.value;
    numbers.push({
      key: 'outputs',
      label: 'outputs saturated',
      value: end ?? null,
      text:
        end === undefined
          ? '—'
          : start !== undefined && start !== end
            ? `${pct(start)} → ${pct(end)}`
            : pct(end),
      detail:
        end === undefined
          ? 'not recorded (no output/exact_0_or_1)'
          : 'share of sigmoid outputs exactly 0.0 or 1.0 in float32 on the probe batch, first probe → last',
      flagged: outputFlag,
      ...(end !== undefined ? { tag: TAGS.exactZeroOne } : {}),
    });
  }

  const deadLayers = hiddenLayers(tagList.scalars, 'dead_fraction/inference_mode');
  const lastHidden = deadLayers.at(-1);
  const dead = lastHidden
    ? (await scalars(TAGS.deadFraction(lastHidden, 'inference_mode'))).at(-1)?.value
    : undefined;
  numbers.push({
    key: 'dead_last_hidden',
    label: lastHidden ? `${lastHidden} dead` : 'last hidden layer dead',
    value: dead ?? null,
    text: dead === undefined ? '—' : pct(dead),
    detail:
      dead === undefined
        ? 'not recorded (no layerN/dead_fraction/inference_mode)'
        : `share of the last hidden layer's units inactive for every probe sample, inference mode (dropout off)`,
    flagged: flaggedBy(
      ['dead-units'],
      lastHidden,
      (t) => lastHidden !== undefined && t.startsWith(`${lastHidden}/dead_fraction/`),
    ),
    ...(lastHidden && dead !== undefined ? { tag: TAGS.deadFraction(lastHidden, 'inference_mode') } : {}),
  });

  const reportAuc = report?.metrics?.[AUC];
  const auc = typeof reportAuc === 'number' ? reportAuc : (await scalars(TAGS.valMetric(AUC))).at(-1)?.value;
  const atChance = auc !== undefined && Math.abs(auc - 0.5) < CHANCE_MARGIN;
  numbers.push({
    key: 'auc',
    label: 'ROC AUC macro',
    value: auc ?? null,
    text: auc === undefined ? '—' : `${fixed3(auc)}${atChance ? ' = chance' : ` (chance 0.5)`}`,
    detail:
      auc === undefined
        ? 'not recorded'
        : `${typeof reportAuc === 'number' ? 'test set, final model' : 'validation, last epoch'}; 0.5 is what a constant or random prediction gets`,
    flagged: collapsed || atChance,
    tag: TAGS.valMetric(AUC),
  });

  // verdict
  const ex = meta.explain;
  const explain = ex ? explainView(run, ex, known) : null;
  const diagnosis = doctor.report?.diagnosis;
  const cause = healthCause(meta, doctor.report);
  let since: number | undefined;
  if (collapsed) {
    since = (await collapsedSince(labels, tags, scalars)) ?? collapseFinding?.step;
  } else if (state === 'fatal' || state === 'warning') {
    since = Math.min(...current.filter((f) => f.severity === state).map((f) => f.step));
  }
  const primary = diagnosis ? current.find((f) => f.id === diagnosis.finding) : undefined;
  const verdictText = explain
    ? explain.verdict
    : diagnosis
      ? diagnosis.summary
      : state === 'unchecked'
        ? 'No doctor report for this run.'
        : 'The doctor found nothing of warning or worse.';
  const aucText = auc === undefined ? '' : ` (ROC AUC macro ${fixed3(auc)}; chance is 0.5)`;
  const headline =
    state === 'collapsed'
      ? `Collapsed: every label gets the same prediction for every input${aucText}.`
      : state === 'fatal'
        ? `Failing: ${firstSentence(worst.explanation)}`
        : state === 'warning'
          ? `Worse than it should be: ${firstSentence(worst.explanation)}`
          : state === 'ok'
            ? `No problem found${doctor.report?.not_checked.length ? ` (${doctor.report.not_checked.length} checks could not run)` : ''}.`
            : doctor.report?.coverage?.sufficient === false
              ? `Not enough could be checked: ${doctor.report.coverage.note}`
              : 'Not checked: no doctor report for this run.';
  const ours = meta.meta !== undefined;
  const clock = epochClock(meta);
  const dir = p.runDir?.(run);
  const isChild = /(^|\/)explain\//.test(run);
  return {
    run,
    state,
    finished: meta.finished,
    lastStep: entry?.lastStep ?? 0,
    clock,
    headline,
    verdict: {
      ...(cause && (state !== 'ok' || ex) ? { cause, title: causeTitle(cause, ex) } : {}),
      text: verdictText,
      confirmed: Boolean(ex?.cause),
      ...(since !== undefined && Number.isFinite(since) ? { since, sinceText: sinceText(since, clock) } : {}),
      ...(primary && state !== 'ok' ? { fix: primary.fix.text } : {}),
    },
    numbers,
    groups,
    cleared,
    explain,
    explainCommand:
      ours && dir && !isChild && state !== 'ok' ? `trainscope doctor ${shellQuote(dir)} --explain` : null,
    doctorSource: doctor.source,
    notChecked: doctor.report?.not_checked ?? [],
    ...(doctor.report?.checked ? { checked: doctor.report.checked } : {}),
    ...(doctor.report?.coverage ? { coverage: doctor.report.coverage } : {}),
  };
}
