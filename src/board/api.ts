/**
 * The board's API as pure functions: a DataProvider and parsed parameters in, a JSON-ready
 * object out. server.ts wraps them in thin HTTP handlers; report.ts calls them directly to
 * snapshot a run into the static HTML report.
 */

import { trialRunName } from '../doctor/explain.js';
import type { DoctorReport, Severity } from '../doctor/types.js';
import { compressHistogram } from '../events/histogram-stats.js';
import type { Histogram, ScalarPoint } from '../events/types.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import type {
  ApiKind,
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
import { assignColors } from './colors.js';
import { DERIVED } from './derived.js';
import { readDoctor } from './doctor-report.js';
import { downsample } from './downsample.js';
import { healthCause, healthImpl, healthState } from './health.js';
import { naturalCompare } from './natural-order.js';
import type { DataProvider, RunMeta } from './provider.js';
import { differingKeys, groupOf, parentOf } from './run-tree.js';

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

/** A report's status; "ok" only when enough could be checked for that to mean something. */
function doctorStatus(report: Pick<DoctorReport, 'findings' | 'coverage'> | null): RunSummary['doctor'] {
  const counts: Record<Severity, number> = { info: 0, warning: 0, fatal: 0 };
  if (!report?.findings) return { status: 'unknown', counts };
  for (const f of report.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const quiet = report.coverage && !report.coverage.sufficient ? 'unknown' : 'ok';
  const status: DoctorStatus = counts.fatal
    ? 'fatal'
    : counts.warning
      ? 'warning'
      : counts.info
        ? 'info'
        : quiet;
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
  const listed = await p.listRuns();
  // a grid's root holds only its hparams experiment record: the runs are below it
  const entries = listed
    .filter(
      (e) =>
        e.version > 0 ||
        !listed.some((x) => x.name !== e.name && (e.name === '.' || x.name.startsWith(`${e.name}/`))),
    )
    .sort((a, b) => naturalCompare(a.name, b.name));
  const known = new Set(entries.map((e) => e.name));
  const metas = await Promise.all(entries.map((e) => p.readRunMeta(e.name)));
  const metaOf = new Map(entries.map((e, i) => [e.name, metas[i]]));
  const parents = entries.map((e) => parentOf(e.name, known));
  const configs = metas.map(flatConfig);
  // counterfactual runs change one setting of their parent: they do not make the grid's columns
  const differing = differingKeys(configs.filter((_, i) => parents[i] === undefined));
  const colors = assignColors([
    ...entries.filter((_, i) => !parents[i]).map((e) => e.name),
    ...entries.filter((_, i) => parents[i]).map((e) => e.name),
  ]);
  const runs: RunSummary[] = [];
  for (const [i, e] of entries.entries()) {
    const meta = metas[i];
    const doctor = await readDoctor(p, e.name, meta);
    const parent = parents[i];
    const label = parent === undefined ? undefined : counterfactualLabel(e.name, metaOf.get(parent));
    const cause = healthCause(meta, doctor.report);
    runs.push({
      name: e.name,
      version: e.version,
      lastStep: e.lastStep,
      wallTime: e.wallTime,
      config: configs[i],
      labelNames: (meta.meta?.labelNames as string[] | undefined) ?? [],
      final: await finalMetrics(p, e.name, meta),
      doctor: doctorStatus(doctor.report),
      state: healthState(meta, doctor.report),
      ...(cause ? { cause } : {}),
      ours: meta.meta !== undefined,
      finished: meta.finished,
      warnings: e.warnings,
      color: colors.get(e.name)!,
      ...(parent !== undefined ? { parent } : {}),
      ...(label ? { counterfactual: label } : {}),
      group: parent !== undefined ? '' : groupOf(configs[i], differing),
    });
  }
  return { logdir: p.label, runs, differing };
}

/** The explain table's row label of a counterfactual run (`init → he_uniform`), from its parent's explain.json. */
function counterfactualLabel(name: string, parentMeta: RunMeta | undefined): string | undefined {
  const ex = parentMeta?.explain;
  if (!ex) return undefined;
  const dir = name.slice(name.lastIndexOf('/') + 1);
  return [ex.baseline, ...ex.ranked].find((r) => trialRunName(r.label) === dir)?.label;
}

export async function tagsImpl(p: DataProvider, run: string): Promise<TagsResponse> {
  const tags = await p.listTags(run);
  const derived = Object.keys(DERIVED).filter(
    (t) => !tags.scalars.includes(t) && DERIVED[t].available(tags.scalars),
  );
  return { run, ...tags, scalars: [...tags.scalars, ...derived] };
}

async function readScalarSeries(
  p: DataProvider,
  run: string,
  tag: string,
  k: number,
): Promise<ScalarPoint[]> {
  const derived = DERIVED[tag];
  if (!derived) return p.readScalars(run, tag, k);
  const recorded = (await p.listTags(run)).scalars;
  if (recorded.includes(tag) || !derived.available(recorded)) return p.readScalars(run, tag, k);
  return downsample(await derived.compute(p, run, recorded), k);
}

export async function scalarsImpl(
  p: DataProvider,
  run: string,
  tag: string,
  k = DEFAULT_SCALAR_SAMPLES,
): Promise<ScalarsResponse> {
  const pts = await readScalarSeries(p, run, tag, k);
  const total = (await p.countPoints?.(run, 'scalars', tag)) || pts.length;
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
    // TF1's default limits (±1e-12 … ±1e20, 1,551 of them) leave up to ~1,000 empty buckets
    // outside [min, max], which clamping makes zero-width: they draw nothing, so drop them
    if (c === 0 && (r <= l || r < h.min || l > h.max)) continue;
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
  const { report, source, readAs } = await readDoctor(p, run, meta);
  return {
    run,
    source,
    ...(readAs && readAs !== run ? { readAs } : {}),
    findings: report?.findings ?? [],
    notChecked: report?.not_checked ?? [],
    ...(report?.checked ? { checked: report.checked } : {}),
    ...(report?.coverage ? { coverage: report.coverage } : {}),
    ...(report?.diagnosis ? { diagnosis: report.diagnosis } : {}),
    live: !meta.finished,
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A row of the final report's per-label table (src/metrics/report.ts LabelRow). */
function labelRowFrom(row: Record<string, unknown>, fallbackName: string): LabelRow {
  return {
    label: String(row.name ?? fallbackName),
    prevalence: num(row.prevalence),
    positiveRate: num(row.predicted_positive_rate),
    auc: num(row.roc_auc),
    precision: num(row.precision),
    recall: num(row.recall),
    f1: num(row.f1),
  };
}

async function labelRows(
  p: DataProvider,
  run: string,
  report: Record<string, unknown> | null,
  labelNames: string[],
): Promise<{ labels: LabelRow[]; source: RunDetailResponse['labelsSource'] }> {
  const rows = report?.labels;
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

/** What each API kind needs besides the provider (parsed by the server, or given by the report). */
export interface ApiQuery {
  run: string;
  tag: string;
  samples?: number;
}

/** Every API kind and its implementation: the server's routes and the report's snapshot both use this table. */
export const API: Record<
  ApiKind,
  { needs: ('run' | 'tag')[]; impl: (p: DataProvider, q: ApiQuery) => Promise<unknown> }
> = {
  runs: { needs: [], impl: (p) => runsImpl(p) },
  tags: { needs: ['run'], impl: (p, q) => tagsImpl(p, q.run) },
  scalars: {
    needs: ['run', 'tag'],
    impl: (p, q) => scalarsImpl(p, q.run, q.tag, q.samples ?? DEFAULT_SCALAR_SAMPLES),
  },
  histograms: {
    needs: ['run', 'tag'],
    impl: (p, q) => histogramsImpl(p, q.run, q.tag, q.samples ?? DEFAULT_HISTOGRAM_SAMPLES),
  },
  distributions: {
    needs: ['run', 'tag'],
    impl: (p, q) => distributionsImpl(p, q.run, q.tag, q.samples ?? DEFAULT_HISTOGRAM_SAMPLES),
  },
  findings: { needs: ['run'], impl: (p, q) => findingsImpl(p, q.run) },
  run: { needs: ['run'], impl: (p, q) => runDetailImpl(p, q.run) },
  health: { needs: ['run'], impl: (p, q) => healthImpl(p, q.run) },
};

export function isApiKind(k: string): k is ApiKind {
  return Object.hasOwn(API, k);
}
