/**
 * A run in trainscope's own tag contract (run/tags.ts), made from whatever the log holds, so
 * one set of doctor rules reads every framework. What is copied and what is derived:
 *
 * - histograms by role: `fc2.weight` → `layer2/weights`, `dense_1/bias_0` → `layer2/biases`,
 *   gradients → `layerK/gradients/…`, activations → `layerK/activations/logged` (the log does
 *   not say in which mode), outputs → `output/probabilities/logged` or `output/logits/logged`;
 * - scalars by role: losses → `loss/train`, `loss/val`; metrics → `metrics/<split>/<name>`
 *   (AUC as `roc_auc`, `roc_auc_macro` or `roc_auc_micro`); the learning rate → `train/learning_rate`;
 * - derived, only where the run lacks them: per record each layer's weight and bias
 *   mean/std/min/max/norm (exact from HistogramProto sums; bucket-centre estimates for TF2
 *   tensors), and at the first record `std_vs_glorot` / `std_vs_he` from the inferred fans —
 *   only when that first record can be read as the initial weights (see `initialRecord`).
 *
 * Nothing is derived that a histogram cannot give: per-step update ratios, change since init
 * and dead-unit shares stay absent, and the rules that need them say so in `not_checked`.
 */
import { createRunData } from '../events/run-data.js';
import type { HistogramPoint, RunData, ScalarPoint } from '../events/types.js';
import { referenceStds } from '../model/initializers.js';
import { meansBetweenRecords } from './batch-loss.js';
import { looksInitial, mean, norm, std } from './movement.js';
import type { Role } from './roles.js';
import type { LayerReading, LogPart, TagReading } from './understand.js';

export interface CanonicalRun {
  /** The run in trainscope's tag contract. */
  run: RunData;
  /** Canonical tag → the log's tags it was read from (display names). */
  provenance: Map<string, string[]>;
  /** Whether the first weight records can be judged as the initialisation, and why (not). */
  initial: { usable: boolean; reason: string };
  notes: string[];
}

/** The canonical tag a role feeds, given the layer's canonical name. */
export function canonicalTag(role: Role, layer: (name: string) => string | undefined): string | undefined {
  switch (role.kind) {
    case 'weights':
    case 'bias': {
      const c = layer(role.layer);
      return c && `${c}/${role.kind === 'weights' ? 'weights' : 'biases'}`;
    }
    case 'gradient': {
      const c = layer(role.layer);
      return c && `${c}/gradients/${role.of === 'weights' ? 'weights' : 'biases'}`;
    }
    case 'activation': {
      const c = layer(role.layer);
      return c && `${c}/activations/logged`;
    }
    case 'outputs':
      return `output/${role.what}/logged`;
    case 'loss':
      return `loss/${role.split}`;
    case 'metric': {
      const name = role.metric === 'auc' ? 'roc_auc' : role.metric;
      return `metrics/${role.split}/${name}${role.average ? `_${role.average}` : ''}`;
    }
    case 'learning_rate':
      return 'train/learning_rate';
    default:
      return undefined;
  }
}

export function canonicalRun(
  name: string,
  parts: readonly LogPart[],
  tags: readonly TagReading[],
  layers: readonly LayerReading[],
  ours: boolean,
): CanonicalRun {
  const run = createRunData(name);
  const provenance = new Map<string, string[]>();
  const notes: string[] = [];
  const dataOf = (t: TagReading) => parts.find((p) => p.part === t.part)?.data;
  const canonOf = new Map(layers.filter((l) => l.canonical).map((l) => [l.name, l.canonical as string]));

  const put = (tag: string, from: TagReading) => {
    const data = dataOf(from);
    if (!data) return;
    const had = provenance.get(tag);
    if (had) {
      if (!had.includes(from.name))
        notes.push(`${from.name} and ${had[0]} both read as ${tag}: used ${had[0]}`);
      return;
    }
    provenance.set(tag, [from.name]);
    if (from.kind === 'histogram') run.histograms.set(tag, data.histograms.get(from.tag) ?? []);
    else if (from.kind === 'scalar') run.scalars.set(tag, data.scalars.get(from.tag) ?? []);
    else run.texts.set(tag, data.texts.get(from.tag) ?? []);
  };
  for (const t of tags) {
    // trainscope's own runs are in the contract already: every tag as it is, whatever the table knows
    if (ours) put(t.tag, t);
    else if (!t.role) continue;
    else if (t.role.kind === 'trainscope') put(t.tag, t);
    else {
      const c = canonicalTag(t.role, (l) => canonOf.get(l));
      if (c) put(c, t);
    }
  }
  for (const p of parts) if (p.data.hparams && !run.hparams) run.hparams = p.data.hparams;
  run.warnings.push(...parts.flatMap((p) => p.data.warnings));
  if (!ours) readBatchLoss(run, notes, provenance);

  const initial = initialRecord(run, layers, ours);
  for (const l of layers) {
    if (!l.canonical) continue;
    for (const kind of ['weights', 'biases'] as const) {
      const hs = run.histograms.get(`${l.canonical}/${kind}`);
      const src = provenance.get(`${l.canonical}/${kind}`) ?? [];
      if (hs?.length) deriveStats(run, provenance, `${l.canonical}/${kind}`, hs, src);
    }
    const first = run.histograms.get(`${l.canonical}/weights`)?.[0];
    if (!initial.usable || !first || l.fanIn === undefined || l.fanOut === undefined) continue;
    const ref = referenceStds(l.fanIn, l.fanOut);
    const s = std(first.histogram);
    const src = [l.tags.weights, l.fansFrom === 'bias' ? l.tags.bias : undefined].filter(
      (x): x is string => x !== undefined,
    );
    addScalar(run, provenance, `${l.canonical}/weights/std_vs_glorot`, [point(first, s / ref.glorot)], src);
    addScalar(run, provenance, `${l.canonical}/weights/std_vs_he`, [point(first, s / ref.he)], src);
  }
  return { run, provenance, initial, notes };
}

/**
 * A training loss logged per batch, read as its means between the run's records: the first
 * layer's weight histograms, else the validation loss or metrics (batch-loss.ts).
 */
function readBatchLoss(run: RunData, notes: string[], provenance: Map<string, string[]>): void {
  const loss = run.scalars.get('loss/train');
  if (!loss) return;
  const records =
    run.histograms.get('layer1/weights') ??
    run.scalars.get('loss/val') ??
    [...run.scalars].find(([t]) => t.startsWith('metrics/val/'))?.[1] ??
    [];
  const read = meansBetweenRecords(
    loss,
    records.map((p) => p.step),
  );
  if (!read) return;
  run.scalars.set('loss/train', read.means);
  const from = provenance.get('loss/train')?.[0] ?? 'loss/train';
  notes.push(
    read.axis === 'records'
      ? `${from} is logged per batch (${loss.length} points): read as its mean between the ${records.length} records, as an epoch's loss`
      : `${from} is logged per batch (${loss.length} points) on its own step axis: read as the means of ${read.means.length} equal windows, one per record of the rest`,
  );
}

const point = (h: HistogramPoint, value: number): ScalarPoint => ({
  step: h.step,
  wallTime: h.wallTime,
  value,
});

/** A derived series, unless the run recorded it itself (trainscope's own, exact). */
function addScalar(
  run: RunData,
  provenance: Map<string, string[]>,
  tag: string,
  pts: ScalarPoint[],
  src: string[],
) {
  if (run.scalars.has(tag) || !pts.length) return;
  run.scalars.set(tag, pts);
  provenance.set(tag, src);
}

/** Per-record statistics of a histogram series, as trainscope records them beside its histograms. */
const STATS: [string, (p: HistogramPoint) => number][] = [
  ['mean', (p) => mean(p.histogram)],
  ['std', (p) => std(p.histogram)],
  ['min', (p) => p.histogram.min],
  ['max', (p) => p.histogram.max],
  ['norm', (p) => norm(p.histogram)],
];

function deriveStats(
  run: RunData,
  provenance: Map<string, string[]>,
  tag: string,
  hs: HistogramPoint[],
  src: string[],
): void {
  const full = hs.filter((p) => p.histogram.num > 0);
  for (const [name, f] of STATS)
    addScalar(
      run,
      provenance,
      `${tag}/${name}`,
      full.map((p) => point(p, f(p))),
      src,
    );
}

/**
 * The first weight records are the initialisation when trainscope wrote them (it records before
 * the first update). In a foreign log they may come after an epoch or more: they are read as
 * the initial weights only if nothing was logged before them and every layer still looks like
 * a fresh draw (zero-centred, movement.ts). A layer already shifted far from 0 means the first
 * record is not an initialisation, and judging it as one would blame the init for what the
 * optimiser did.
 */
export function initialRecord(
  run: RunData,
  layers: readonly LayerReading[],
  ours: boolean,
): CanonicalRun['initial'] {
  if (ours) return { usable: true, reason: 'trainscope records the weights before the first update' };
  const firsts = layers
    .filter((l) => l.canonical)
    .map((l) => ({ l, p: run.histograms.get(`${l.canonical}/weights`)?.[0] }))
    .filter((x): x is { l: LayerReading; p: HistogramPoint } => x.p !== undefined);
  if (!firsts.length) return { usable: false, reason: 'no weight histograms' };
  const firstWeights = Math.min(...firsts.map((x) => x.p.step));
  const scalarStarts = [...run.scalars.entries()]
    .filter(([t]) => t.startsWith('loss/') || t.startsWith('metrics/'))
    .map(([, s]) => s[0]?.step)
    .filter((s): s is number => s !== undefined);
  const firstScalar = scalarStarts.length ? Math.min(...scalarStarts) : firstWeights;
  if (firstWeights > firstScalar)
    return {
      usable: false,
      reason: `the first weight histograms are at step ${firstWeights}, after training was logged from step ${firstScalar}`,
    };
  const moved = firsts.find((x) => !looksInitial(x.p.histogram));
  if (moved) {
    const h = moved.p.histogram;
    return {
      usable: false,
      reason: `the first recorded weights are not an initialisation: ${moved.l.tags.weights} has mean ${mean(h).toPrecision(3)} against std ${std(h).toPrecision(3)} at step ${moved.p.step} (a fresh draw is centred on 0)`,
    };
  }
  return {
    usable: true,
    reason: `the first weight records (step ${firstWeights}) are centred on 0 like a fresh initialisation, and nothing was logged before them`,
  };
}
