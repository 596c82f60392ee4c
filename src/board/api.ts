/**
 * The board's API as pure functions: a DataProvider and parsed parameters in, a JSON-ready
 * object out. server.ts wraps them in thin HTTP handlers; report.ts calls them directly to
 * snapshot a run into the static HTML report.
 */

import type { Finding, Severity } from '../doctor/types.js';
import { compressHistogram } from '../events/histogram-stats.js';
import type { Histogram } from '../events/types.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import type {
  DistributionsResponse,
  DoctorStatus,
  FindingsResponse,
  HistogramStep,
  HistogramsResponse,
  LabelRow,
  RunDetailResponse,
  RunSummary,
  RunsResponse,
  ScalarsResponse,
  TagsResponse,
} from './api-types.js';
import type { DataProvider, RunMeta } from './provider.js';

export const DEFAULT_SCALAR_SAMPLES = 1000;
export const DEFAULT_HISTOGRAM_SAMPLES = 500;

/** Six significant digits are plenty on screen and keep the JSON small. */
export function round6(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(6)) : x;
}

type ConfigValue = string | number | boolean | null;

function flatConfig(meta: RunMeta): Record<string, ConfigValue> {
  const source = (meta.meta?.config as Record<string, unknown> | undefined) ?? meta.hparams ?? {};
  const out: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) continue;
    out[k] =
      v === null || typeof v !== 'object'
        ? (v as ConfigValue)
        : Array.isArray(v)
          ? v.join(',')
          : JSON.stringify(v);
  }
  return out;
}

function finalReport(meta: RunMeta): Record<string, unknown> | null {
  const r = (meta.meta?.report as Record<string, unknown> | undefined) ?? meta.report;
  return r && typeof r === 'object' ? r : null;
}

function doctorStatus(findings: Finding[] | undefined): RunSummary['doctor'] {
  const counts: Record<Severity, number> = { info: 0, warning: 0, fatal: 0 };
  if (!findings) return { status: 'unknown', counts };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const status: DoctorStatus = counts.fatal
    ? 'fatal'
    : counts.warning
      ? 'warning'
      : counts.info
        ? 'info'
        : 'ok';
  return { status, counts };
}

async function finalMetrics(p: DataProvider, run: string, meta: RunMeta): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const report = finalReport(meta);
  if (report) {
    // a MetricsReport nests the metrics under `metrics`; flat reports hold them at the top
    const nested =
      report.metrics && typeof report.metrics === 'object' ? (report.metrics as Record<string, unknown>) : {};
    for (const src of [nested, report])
      for (const [k, v] of Object.entries(src)) if (typeof v === 'number') out[k] = round6(v);
    if (Object.keys(out).length) return out;
  }
  // Foreign or unfinished runs: the last value of each story metric and of the losses.
  const tags = new Set((await p.listTags(run)).scalars);
  const wanted: [string, string][] = [
    ...STORY_METRICS.map((m) => [m, TAGS.valMetric(m)] as [string, string]),
    ['loss_train', TAGS.trainLoss],
    ['loss_val', TAGS.valLoss],
  ];
  for (const [name, tag] of wanted) {
    if (!tags.has(tag)) continue;
    const pts = await p.readScalars(run, tag, 1);
    if (pts.length) out[name] = round6(pts[pts.length - 1].value);
  }
  return out;
}

export async function runsImpl(p: DataProvider): Promise<RunsResponse> {
  const entries = await p.listRuns();
  const runs: RunSummary[] = [];
  for (const e of entries) {
    const meta = await p.readRunMeta(e.name);
    runs.push({
      name: e.name,
      version: e.version,
      lastStep: e.lastStep,
      wallTime: e.wallTime,
      config: flatConfig(meta),
      labelNames: (meta.meta?.labelNames as string[] | undefined) ?? [],
      final: await finalMetrics(p, e.name, meta),
      doctor: doctorStatus(meta.doctor?.findings),
      ours: meta.meta !== undefined,
      finished: meta.finished,
      warnings: e.warnings,
    });
  }
  runs.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return { logdir: p.label, runs, differing: differingKeys(runs.map((r) => r.config)) };
}

/** Bookkeeping settings that differ between runs without making them different experiments. */
const NOT_HYPERPARAMETERS = new Set(['name', 'logdir', 'resume', 'threads']);

/** Keys whose value is not the same in every run (a missing key counts as a value). */
export function differingKeys(configs: Record<string, ConfigValue>[]): string[] {
  if (configs.length < 2) return [];
  const keys = new Set(configs.flatMap((c) => Object.keys(c)));
  return [...keys]
    .filter((k) => !NOT_HYPERPARAMETERS.has(k))
    .filter((k) => new Set(configs.map((c) => JSON.stringify(c[k] ?? null))).size > 1)
    .sort();
}

export async function tagsImpl(p: DataProvider, run: string): Promise<TagsResponse> {
  return { run, ...(await p.listTags(run)) };
}

export async function scalarsImpl(
  p: DataProvider,
  run: string,
  tag: string,
  k = DEFAULT_SCALAR_SAMPLES,
): Promise<ScalarsResponse> {
  const pts = await p.readScalars(run, tag, k);
  const total = (await p.countPoints?.(run, 'scalars', tag)) ?? pts.length;
  return {
    run,
    tag,
    total,
    points: pts.map((x) => [x.step, Math.round(x.wallTime * 1000) / 1000, round6(x.value)]),
  };
}

/** Bucket edges as left/right pairs; unbounded legacy edges (±DBL_MAX) are clamped to min/max. */
export function histogramStep(step: number, wallTime: number, h: Histogram): HistogramStep {
  const left: number[] = [];
  const right: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < h.counts.length; i++) {
    const l = i === 0 ? h.min : Math.max(h.bucketLimits[i - 1], h.min);
    const r = Math.min(h.bucketLimits[i], h.max);
    const c = h.counts[i];
    // legacy (TF1) histograms carry many empty buckets outside [min, max]: drop them
    if (c === 0 && (r < h.min || l > h.max)) continue;
    left.push(round6(l));
    right.push(round6(Math.max(l, r)));
    count.push(round6(c));
  }
  const mean = h.num > 0 ? h.sum / h.num : 0;
  const variance = h.num > 0 ? Math.max(0, h.sumSquares / h.num - mean * mean) : 0;
  return {
    step,
    wallTime: Math.round(wallTime * 1000) / 1000,
    min: round6(h.min),
    max: round6(h.max),
    num: h.num,
    mean: round6(mean),
    std: round6(Math.sqrt(variance)),
    left,
    right,
    count,
  };
}

export async function histogramsImpl(
  p: DataProvider,
  run: string,
  tag: string,
  k = DEFAULT_HISTOGRAM_SAMPLES,
): Promise<HistogramsResponse> {
  const pts = await p.readHistograms(run, tag, k);
  const total = (await p.countPoints?.(run, 'histograms', tag)) ?? pts.length;
  return { run, tag, total, steps: pts.map((x) => histogramStep(x.step, x.wallTime, x.histogram)) };
}

export async function distributionsImpl(
  p: DataProvider,
  run: string,
  tag: string,
  k = DEFAULT_HISTOGRAM_SAMPLES,
): Promise<DistributionsResponse> {
  const pts = await p.readHistograms(run, tag, k);
  return {
    run,
    tag,
    points: pts.map((x) => [x.step, ...compressHistogram(x.histogram).map((c) => round6(c.value))]),
  };
}

export async function findingsImpl(p: DataProvider, run: string): Promise<FindingsResponse> {
  const meta = await p.readRunMeta(run);
  if (!meta.doctor) return { run, source: 'none', findings: [], notChecked: [] };
  return {
    run,
    source: 'doctor.json',
    findings: meta.doctor.findings ?? [],
    notChecked: meta.doctor.not_checked ?? [],
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads a per-label row (MetricsReport.labels) whatever the report calls its columns (auc / roc_auc, predicted_positive_rate / positive_rate). */
function labelRowFrom(row: Record<string, unknown>, fallbackName: string): LabelRow {
  const pick = (...names: string[]) => {
    for (const n of names) if (num(row[n]) !== undefined) return num(row[n]);
    return undefined;
  };
  return {
    label: String(row.name ?? row.label ?? fallbackName),
    prevalence: pick('prevalence', 'support_rate', 'label_density'),
    positiveRate: pick('predicted_positive_rate', 'positive_rate', 'predicted_rate'),
    auc: pick('roc_auc', 'auc', 'roc_auc_logits'),
    precision: pick('precision'),
    recall: pick('recall'),
    f1: pick('f1', 'f1_score'),
  };
}

async function labelRows(
  p: DataProvider,
  run: string,
  report: Record<string, unknown> | null,
  labelNames: string[],
): Promise<{ labels: LabelRow[]; source: RunDetailResponse['labelsSource'] }> {
  const rows = report?.labels ?? report?.per_label;
  if (Array.isArray(rows) && rows.length) {
    return {
      labels: rows.map((r, i) => labelRowFrom(r as Record<string, unknown>, labelNames[i] ?? `label${i}`)),
      source: 'report',
    };
  }
  // No final report: the last probe's per-label scalars.
  const tags = (await p.listTags(run)).scalars;
  const names = new Set<string>(labelNames);
  for (const t of tags) {
    const m = /^output\/(?:prevalence|positive_rate)\/(.+)$/.exec(t);
    if (m) names.add(m[1]);
  }
  if (!names.size) return { labels: [], source: 'none' };
  const last = async (tag: string) => {
    if (!tags.includes(tag)) return undefined;
    const pts = await p.readScalars(run, tag, 1);
    return pts.length ? round6(pts[pts.length - 1].value) : undefined;
  };
  const labels: LabelRow[] = [];
  for (const label of names) {
    labels.push({
      label,
      prevalence: await last(TAGS.prevalence(label)),
      positiveRate: await last(TAGS.positiveRate(label)),
    });
  }
  return { labels, source: 'scalars' };
}

export async function runDetailImpl(p: DataProvider, run: string): Promise<RunDetailResponse> {
  const meta = await p.readRunMeta(run);
  const report = finalReport(meta);
  const labelNames = (meta.meta?.labelNames as string[] | undefined) ?? [];
  const { labels, source } = await labelRows(p, run, report, labelNames);
  const texts: RunDetailResponse['texts'] = [];
  for (const tag of (await p.listTags(run)).texts) {
    for (const t of await p.readTexts(run, tag))
      texts.push({ tag, step: t.step, text: t.text.slice(0, 20_000) });
  }
  return {
    run,
    config: (meta.meta?.config as Record<string, unknown> | undefined) ?? {},
    labelNames,
    report,
    labels,
    labelsSource: source,
    hparams: meta.hparams ?? null,
    texts: texts.slice(-20),
  };
}
