/**
 * Synthetic runs that follow the tag contract (tests, screenshots, the board benchmark):
 * a healthy Glorot run, or the story's collapse (std-1 init + dropout: frozen broad weights,
 * dead last layer, outputs stuck at 1). Histograms are binned from analytic normal densities,
 * so building 16 runs × 500 epochs takes milliseconds, not a training run.
 */
import type { DoctorReport } from '../doctor/types.js';
import type { Histogram, HistogramPoint, RunData, ScalarPoint } from '../events/types.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import type { MemoryRun } from './memory-provider.js';

export interface SyntheticOptions {
  name: string;
  epochs: number;
  hidden?: number[];
  labels?: string[];
  collapse?: boolean;
  dropout?: number;
  /** Add all probes (pre-activations, gradients, both modes), not just weights and outputs. */
  full?: boolean;
}

/** A normal(mean, std) sample of n values binned into 30 equal buckets over ±3.5σ. */
export function normalHistogram(mean: number, std: number, n: number, buckets = 30): Histogram {
  const s = Math.max(std, 1e-9);
  const min = mean - 3.5 * s;
  const max = mean + 3.5 * s;
  const w = (max - min) / buckets;
  const bucketLimits = new Float64Array(buckets);
  const counts = new Float64Array(buckets);
  for (let i = 0; i < buckets; i++) {
    bucketLimits[i] = min + w * (i + 1);
    const mid = min + w * (i + 0.5);
    counts[i] = Math.round((n * w * Math.exp(-0.5 * ((mid - mean) / s) ** 2)) / (s * Math.sqrt(2 * Math.PI)));
  }
  return { min, max, num: n, sum: mean * n, sumSquares: n * (s * s + mean * mean), bucketLimits, counts };
}

export function syntheticRun(o: SyntheticOptions): MemoryRun {
  const hidden = o.hidden ?? [16, 8];
  const labels = o.labels ?? ['Beach', 'Sunset', 'FallFoliage', 'Field', 'Mountain', 'Urban'];
  const layers = [...hidden.map((_, i) => `layer${i + 1}`), 'output'];
  const scalars = new Map<string, ScalarPoint[]>();
  const histograms = new Map<string, HistogramPoint[]>();
  const t0 = 1_700_000_000;
  const sc = (tag: string, step: number, value: number) => {
    const s = scalars.get(tag) ?? [];
    scalars.set(tag, s);
    s.push({ step, wallTime: t0 + step, value });
  };
  const hi = (tag: string, step: number, h: Histogram) => {
    const s = histograms.get(tag) ?? [];
    histograms.set(tag, s);
    s.push({ step, wallTime: t0 + step, histogram: h });
  };
  for (let e = 1; e <= o.epochs; e++) {
    const p = e / o.epochs;
    const learn = o.collapse ? 0.02 * p : 1 - Math.exp(-4 * p);
    sc(TAGS.trainLoss, e, o.collapse ? 0.64 - 0.02 * p : 0.69 - 0.35 * learn);
    sc(TAGS.valLoss, e, o.collapse ? 0.65 : 0.7 - 0.3 * learn + 0.05 * p * p);
    for (const m of STORY_METRICS) {
      const v = o.collapse
        ? m.startsWith('recall')
          ? 1
          : m.startsWith('roc')
            ? 0.5
            : 0.34
        : 0.5 + 0.4 * learn;
      sc(TAGS.valMetric(m), e, v);
    }
    sc(TAGS.learningRate, e, 1e-4);
    sc(TAGS.epochSeconds, e, 0.2 + 0.01 * Math.sin(e));
    sc(TAGS.meanAbsLogit, e, o.collapse ? 2000 : 1.5 + learn);
    sc(TAGS.exactZeroOne, e, o.collapse ? 0.6 : 0);
    layers.forEach((L, li) => {
      const std = o.collapse ? 1 : 0.3 / Math.sqrt(li + 1);
      const drift = o.collapse ? 0.01 * p : 0.5 * learn * std;
      hi(TAGS.param(L, 'weights'), e, normalHistogram(drift * 0.2, std * (1 + drift), 4096));
      hi(
        TAGS.param(L, 'biases'),
        e,
        normalHistogram(o.collapse && L === 'output' ? 0.8 : 0.02 * learn, 0.01 + 0.05 * learn, 64),
      );
      sc(TAGS.paramStat(L, 'weights', 'std'), e, std * (1 + drift));
      sc(TAGS.changeSinceInit(L, 'weights'), e, o.collapse ? 0.03 * p : 0.6 * learn);
      sc(TAGS.updateRatio(L, 'weights'), e, o.collapse ? 1e-4 : 1e-2 * (1 - p / 2));
      if (L !== 'output') {
        sc(
          TAGS.deadFraction(L, 'inference_mode'),
          e,
          o.collapse && L === layers[layers.length - 2] ? Math.min(1, 0.1 + p) : 0.05,
        );
        hi(
          TAGS.activations(L, 'inference_mode'),
          e,
          normalHistogram(o.collapse ? 20 : 0.5, o.collapse ? 30 : 0.4, 2048),
        );
      }
      if (o.full) {
        for (const mode of ['train_mode', 'inference_mode'] as const) {
          hi(TAGS.preactivations(L, mode), e, normalHistogram(0, o.collapse ? 40 : 1, 2048));
          if (L !== 'output' && mode === 'train_mode')
            hi(TAGS.activations(L, mode), e, normalHistogram(0.4, 0.5, 2048));
        }
        hi(TAGS.gradient(L, 'weights'), e, normalHistogram(0, 1e-3 * (1 - p / 2), 4096));
        hi(TAGS.gradient(L, 'biases'), e, normalHistogram(0, 1e-3, 64));
        sc(TAGS.gradientNorm(L, 'weights'), e, 1e-2 * (1 - p / 2));
      }
    });
    hi(TAGS.logits('inference_mode'), e, normalHistogram(o.collapse ? 40 : 0, o.collapse ? 1 : 2, 3072));
    hi(
      TAGS.probabilities('inference_mode'),
      e,
      o.collapse ? normalHistogram(0.999, 0.0005, 3072) : normalHistogram(0.35, 0.2, 3072),
    );
    labels.forEach((lab, i) => {
      sc(TAGS.prevalence(lab), e, 0.2 + 0.05 * i);
      sc(TAGS.positiveRate(lab), e, o.collapse ? 1 : 0.2 + 0.05 * i + 0.02 * Math.sin(e));
      sc(TAGS.outputSpread(lab), e, o.collapse ? 0.01 : 1 + learn);
    });
  }
  const data: RunData = { name: o.name, scalars, histograms, texts: new Map(), warnings: [] };
  const last = (tag: string) => scalars.get(tag)!.at(-1)!.value;
  const report: Record<string, unknown> = Object.fromEntries(
    STORY_METRICS.map((m) => [m, last(TAGS.valMetric(m))]),
  );
  report.per_label = labels.map((lab, i) => ({
    label: lab,
    prevalence: 0.2 + 0.05 * i,
    predicted_positive_rate: o.collapse ? 1 : 0.22 + 0.05 * i,
    roc_auc: o.collapse ? 0.5 : 0.85 + 0.01 * i,
    precision: o.collapse ? 0.2 + 0.05 * i : 0.7,
    recall: o.collapse ? 1 : 0.6,
  }));
  const doctor: DoctorReport = {
    findings: o.collapse
      ? [
          {
            id: 'frozen-weights',
            severity: 'warning',
            where: { layer: 'layer1' },
            step: Math.ceil(o.epochs / 2),
            evidence: { change_since_init: 0.03, threshold: 0.05 },
            explanation:
              'Weights barely move relative to their scale: they are ~15x too broad for the layer.',
            fix: { text: '--init glorot_uniform', config: { init: 'glorot_uniform' } },
            tag: TAGS.param('layer1', 'weights'),
          },
          {
            id: 'collapsed-outputs',
            severity: 'fatal',
            where: {},
            step: o.epochs,
            evidence: { roc_auc_macro: 0.5, recall_micro: 1 },
            explanation: 'Every output is the same for every sample: the model predicts all labels positive.',
            fix: { text: '--init glorot_uniform', config: { init: 'glorot_uniform' } },
            tag: TAGS.valMetric('roc_auc_macro'),
          },
        ]
      : [],
    checked: [],
    not_checked: [],
  };
  const config = {
    data: 'seed-like',
    hidden: hidden.join(','),
    init: o.collapse ? 'truncnormal:1' : 'glorot_uniform',
    dropout: o.dropout ?? (o.collapse ? 0.5 : 0),
    lr: 1e-4,
    epochs: o.epochs,
    seed: 1,
  };
  return { data, meta: { meta: { config, labelNames: labels, report }, doctor, finished: true } };
}
