/**
 * A run at a glance, for `trainscope inspect`: tags by group, step range, the last value of
 * every scalar, and per layer (in the log's own names) the weights at the first and last record,
 * how far they moved and how their scale compares with Glorot. For trainscope's runs the
 * movement is the recorded exact change; for other logs it is a lower bound from the histograms
 * (movement.ts), and "frozen" means identical at every record.
 */
import { histogramStats, textHistogram } from '../events/histogram-stats.js';
import type { HistogramPoint } from '../events/types.js';
import { addScalarsName } from './layout.js';
import { frozenSeries, movedAtLeast } from './movement.js';
import type { LogReading } from './understand.js';

export interface Snapshot {
  step: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  sparkline: string;
}

export interface LayerSummary {
  /** The layer's name in the log (fc1, dense_1, layer1). */
  name: string;
  /** trainscope's name for its place in the chain (layer1 … output), null for normalisation layers. */
  canonical: string | null;
  /** The weight tag as the log names it. */
  tag: string;
  fanIn: number | null;
  fanOut: number | null;
  first: Snapshot;
  last: Snapshot;
  /** Recorded ‖W − W₀‖/‖W₀‖ (trainscope's runs). */
  changeSinceInit: number | null;
  /** Recorded last update ratio (trainscope's runs). */
  updateRatio: number | null;
  /** Weight std / Glorot std at the first record (recorded, or from the inferred fans). */
  stdVsGlorot: number | null;
  /** Lower bound of the relative change from the first to the last record, from the histograms. */
  movedAtLeast: number | null;
  /** Identical histogram at every record (at least 3). */
  frozen: boolean;
}

export interface RunSummaryData {
  run: string;
  eventFiles: number;
  steps: { first: number; last: number } | null;
  tags: {
    scalars: Record<string, string[]>;
    histograms: Record<string, string[]>;
    texts: Record<string, string[]>;
  };
  finalScalars: Record<string, { step: number; value: number }>;
  hparams: Record<string, string | number | boolean> | null;
  hparamsStatus: string | null;
  layers: LayerSummary[];
  warnings: string[];
}

export function groupTags(tags: Iterable<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of [...tags].sort()) {
    const slash = t.indexOf('/');
    const g = slash < 0 ? '(top level)' : t.slice(0, slash);
    if (!out[g]) out[g] = [];
    out[g].push(t);
  }
  return out;
}

function snapshot(p: HistogramPoint, width: number): Snapshot {
  const s = histogramStats(p.histogram);
  return {
    step: p.step,
    min: s.min,
    max: s.max,
    mean: s.mean,
    std: s.std,
    sparkline: textHistogram(p.histogram, width),
  };
}

export function summarize(r: LogReading, name: string, eventFiles: number, width = 32): RunSummaryData {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const byKind = { scalars: [] as string[], histograms: [] as string[], texts: [] as string[] };
  const finalScalars: RunSummaryData['finalScalars'] = {};
  const hists = new Map<string, HistogramPoint[]>();
  for (const t of r.tags) {
    const data = r.parts.find((p) => p.part === t.part)?.data;
    if (!data) continue;
    const series: { step: number }[] =
      (t.kind === 'scalar' ? data.scalars : t.kind === 'histogram' ? data.histograms : data.texts).get(
        t.tag,
      ) ?? [];
    if (series.length) {
      first = Math.min(first, series[0].step);
      last = Math.max(last, series[series.length - 1].step);
    }
    // an add_scalars sub-run's scalar is the parent run's, as the user wrote it (`Loss/train`)
    const shown = t.part.kind === 'scalars' ? addScalarsName(t.part.dir, t.tag) : t.name;
    byKind[t.kind === 'scalar' ? 'scalars' : t.kind === 'histogram' ? 'histograms' : 'texts'].push(shown);
    const s = data.scalars.get(t.tag);
    if (t.kind === 'scalar' && s?.length)
      finalScalars[shown] = { step: s[s.length - 1].step, value: s[s.length - 1].value };
    if (t.kind === 'histogram') hists.set(t.name, data.histograms.get(t.tag) ?? []);
  }
  const lastOf = (tag: string) => r.run.scalars.get(tag)?.at(-1)?.value ?? null;
  const layers: LayerSummary[] = [];
  for (const l of r.layers) {
    const tag = l.tags.weights;
    const hs = tag ? hists.get(tag) : undefined;
    if (!tag || !hs?.length) continue;
    const c = l.canonical;
    layers.push({
      name: l.name,
      canonical: c ?? null,
      tag,
      fanIn: l.fanIn ?? null,
      fanOut: l.fanOut ?? null,
      first: snapshot(hs[0], width),
      last: snapshot(hs[hs.length - 1], width),
      changeSinceInit: c ? lastOf(`${c}/weights/change_since_init`) : null,
      updateRatio: c ? lastOf(`${c}/weights/update_ratio`) : null,
      stdVsGlorot: c ? (r.run.scalars.get(`${c}/weights/std_vs_glorot`)?.[0]?.value ?? null) : null,
      movedAtLeast: hs.length >= 2 ? movedAtLeast(hs[0].histogram, hs[hs.length - 1].histogram) : null,
      frozen: frozenSeries(hs),
    });
  }
  const status = r.parts.map((p) => p.data.hparamsStatus).find((x) => x !== undefined);
  const hp = r.hparams ?? r.run.hparams;
  return {
    run: name,
    eventFiles,
    steps: Number.isFinite(first) ? { first, last } : null,
    tags: {
      scalars: groupTags(byKind.scalars),
      histograms: groupTags(byKind.histograms),
      texts: groupTags(byKind.texts),
    },
    finalScalars: Object.fromEntries(Object.entries(finalScalars).sort(([a], [b]) => (a < b ? -1 : 1))),
    hparams: hp ?? null,
    hparamsStatus: status ?? null,
    layers,
    warnings: r.run.warnings,
  };
}
