/**
 * Evidence that a run is actually worse, read from what any log holds: ROC AUC at chance or
 * exactly 0.5 (constant outputs), output histograms reduced to a few spikes, losses that are
 * not finite or that ended above where they started. The histogram-only rules claim a fault
 * only with one of these beside them.
 */
import type { HistogramPoint, RunData, ScalarPoint } from '../../events/types.js';
import { fans } from '../history.js';
import { LT } from '../log-thresholds.js';
import type { RunContext } from '../types.js';

/** ROC AUC tags a run may hold, most telling first (macro: each label's ranking; micro mixes in prevalence). */
export const AUC_TAGS = [
  'metrics/val/roc_auc_macro',
  'metrics/val/roc_auc',
  'metrics/val/roc_auc_micro',
  'metrics/train/roc_auc_macro',
  'metrics/train/roc_auc',
  'metrics/train/roc_auc_micro',
] as const;

/** The validation ones, macro first (each label's ranking). */
export const VAL_AUC_TAGS = AUC_TAGS.filter((t) => t.startsWith('metrics/val/'));

export const OUTPUT_HISTOGRAMS = ['output/probabilities/logged', 'output/logits/logged'] as const;

export interface ChanceEvidence {
  tag: string;
  /** First step from which every value to the end stays within the margin. */
  step: number;
  value: number;
  /** The best value before that (how far it fell from). */
  best: number;
}

/**
 * The first AUC tag whose last records all lie within `margin` of 0.5 — widened for micro or
 * unspecified averages (see LT.chanceMarginPooled): pooling labels of different prevalence moves
 * even constant outputs off 0.5.
 */
export function aucNear(run: RunData, margin: number): ChanceEvidence | undefined {
  for (const tag of AUC_TAGS) {
    const pts = (run.scalars.get(tag) ?? []).filter((p) => Number.isFinite(p.value));
    if (pts.length < LT.chanceRecords) continue;
    const m = margin === LT.chanceMargin && !tag.endsWith('_macro') ? LT.chanceMarginPooled : margin;
    const near = (p: ScalarPoint) => Math.abs(p.value - 0.5) <= m;
    if (!pts.slice(-LT.chanceRecords).every(near)) continue;
    let i = pts.length - 1;
    while (i > 0 && near(pts[i - 1])) i--;
    const best = Math.max(...pts.map((p) => p.value));
    return { tag, step: pts[i].step, value: pts[pts.length - 1].value, best };
  }
  return undefined;
}

export interface SpikeEvidence {
  tag: string;
  step: number;
  spikes: number;
  values: number;
}

function spiky(p: HistogramPoint | undefined): number | undefined {
  const h = p?.histogram;
  if (!h || h.num < LT.spikeMinValues) return undefined;
  if (h.min === h.max) return 1;
  let n = 0;
  for (const c of h.counts) if (c > 0) n++;
  return n <= LT.maxSpikes ? n : undefined;
}

/** Output histograms that are a few spikes at each of the last two records: the same outputs for every sample. */
export function outputSpikes(run: RunData): SpikeEvidence | undefined {
  for (const tag of OUTPUT_HISTOGRAMS) {
    const hs = run.histograms.get(tag) ?? [];
    if (hs.length < 2) continue;
    const last = spiky(hs[hs.length - 1]);
    if (last === undefined || spiky(hs[hs.length - 2]) === undefined) continue;
    let i = hs.length - 1;
    while (i > 0 && spiky(hs[i - 1]) !== undefined) i--;
    return { tag, step: hs[i].step, spikes: last, values: hs[hs.length - 1].histogram.num };
  }
  return undefined;
}

/** The run is not learning, by any evidence the log holds; a short phrase for explanations, or undefined. */
export function failingEvidence(run: RunData): { text: string; tag: string } | undefined {
  const collapsed = aucNear(run, LT.collapseMargin) ?? aucNear(run, LT.chanceMargin);
  if (collapsed)
    return {
      text: `${collapsed.tag} is ${collapsed.value.toFixed(3)} (chance) from step ${collapsed.step}`,
      tag: collapsed.tag,
    };
  const spikes = outputSpikes(run);
  if (spikes)
    return {
      text: `the outputs (${spikes.tag}) are ${spikes.spikes} spike(s) from step ${spikes.step}: the same for every sample`,
      tag: spikes.tag,
    };
  for (const tag of ['loss/train', 'loss/val']) {
    const pts = run.scalars.get(tag) ?? [];
    const bad = pts.find((p) => !Number.isFinite(p.value));
    if (bad) return { text: `${tag} is ${bad.value} at step ${bad.step}`, tag };
  }
  return undefined;
}

/** A layer's fans: inferred from the log, or from the spec for trainscope's runs. */
export function fansOf(layer: string, ctx: RunContext): { fanIn: number; fanOut: number } | undefined {
  const l = ctx.log?.layers.find((x) => x.canonical === layer);
  if (l?.fanIn !== undefined && l.fanOut !== undefined) return { fanIn: l.fanIn, fanOut: l.fanOut };
  return ctx.spec ? fans(layer, ctx.spec) : undefined;
}
