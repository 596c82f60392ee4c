import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SEVERITY_RANK } from './diagnose.js';
import { examine } from './examine.js';
import { type Style, tfDefaultLimits, writeConvention } from './testing/convention-logs.js';
import { flipTrainingLabels, type SmallRunConfig, smallData, trainSmall } from './testing/small-runs.js';
import type { Cause } from './types.js';

/**
 * The doctor on logs unlike the fixtures it was checked on: real trainings on ONNX Runtime of
 * other architectures (2 and 5 hidden layers, ReLU and tanh), other data (seeded Gaussian
 * multi-label sets of 24 and 40 features, 5 and 3 labels), other optimisers and faults, written
 * as TF1 summaries (HistogramProto with TF's default bucket limits, global-step axis, a record
 * before training), Keras 3's callback (train/ + validation/, `dense/kernel/histogram`, pooled
 * AUC), a hand-logged PyTorch nn.Sequential (`net.0.weight`, grads, `predictions`) and a
 * slim-style log with weights only (`fc1/W`, no biases, no metric).
 */
const STYLES: Style[] = ['tf1', 'keras3', 'pytorch-sequential', 'weights-only'];
const adam = (lr: number) => ({ kind: 'adam' as const, lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
const sgd = (lr: number) => ({ kind: 'sgd' as const, lr, momentum: 0.9, nesterov: false });
const WIDE = [48, 24];
const DEEP = [64, 48, 32, 24, 16];
const BROAD = [256, 128];

interface Case {
  name: string;
  data: 'small' | 'deep' | 'noisy' | 'few';
  config: SmallRunConfig;
  /** Expected primary cause per style (undefined = healthy: no warning); a style missing from the map is not asserted. */
  cause: Partial<Record<Style, Cause | undefined>> | 'healthy';
  frozen?: Record<Style, string>;
  /** Finding ids that must be there in every asserted style. */
  has?: string[];
}

const CASES: Case[] = [
  {
    name: 'he-adam',
    data: 'small',
    config: { hidden: WIDE, kernelInit: { kind: 'he_uniform' }, optimizer: adam(3e-3), epochs: 10 },
    cause: 'healthy',
  },
  {
    name: 'glorot-sgd-deep',
    data: 'deep',
    config: { hidden: DEEP, kernelInit: { kind: 'glorot_uniform' }, optimizer: sgd(0.05), epochs: 12 },
    cause: 'healthy',
  },
  {
    name: 'tanh-deep',
    data: 'deep',
    config: {
      hidden: DEEP,
      activation: 'tanh',
      kernelInit: { kind: 'glorot_uniform' },
      optimizer: adam(1e-3),
      epochs: 10,
    },
    cause: 'healthy',
  },
  {
    name: 'normal-std1',
    data: 'small',
    config: { hidden: WIDE, kernelInit: { kind: 'normal', std: 1 }, optimizer: adam(1e-3), epochs: 10 },
    cause: {
      tf1: 'initialisation',
      keras3: 'initialisation',
      'pytorch-sequential': 'initialisation',
      'weights-only': 'initialisation',
    },
    has: ['init-too-broad'],
  },
  {
    name: 'adam-lr1',
    data: 'small',
    config: { hidden: WIDE, kernelInit: { kind: 'he_uniform' }, optimizer: adam(1), epochs: 10 },
    cause: {
      tf1: 'learning_rate_high',
      keras3: 'learning_rate_high',
      'pytorch-sequential': 'learning_rate_high',
      'weights-only': 'learning_rate_high',
    },
    has: ['weights-blown-up'],
  },
  {
    name: 'sgd-lr3-deep',
    data: 'deep',
    config: { hidden: DEEP, kernelInit: { kind: 'he_uniform' }, optimizer: sgd(3), epochs: 10 },
    cause: {
      tf1: 'learning_rate_high',
      keras3: 'learning_rate_high',
      'pytorch-sequential': 'learning_rate_high',
      'weights-only': 'learning_rate_high',
    },
  },
  {
    name: 'bias-minus4',
    data: 'small',
    config: {
      hidden: WIDE,
      kernelInit: { kind: 'he_uniform' },
      biasInit: { kind: 'constant', value: -4 },
      optimizer: adam(1e-3),
      epochs: 8,
    },
    // without bias histograms the dead layers are named but their cause cannot be seen
    cause: {
      tf1: 'bias_initialisation',
      keras3: 'bias_initialisation',
      'pytorch-sequential': 'bias_initialisation',
      'weights-only': 'activation',
    },
    has: ['dead-layers'],
  },
  {
    name: 'frozen-third-deep',
    data: 'deep',
    config: {
      hidden: DEEP,
      kernelInit: { kind: 'he_uniform' },
      frozenLayer: 2,
      optimizer: adam(2e-3),
      epochs: 10,
    },
    cause: {
      tf1: 'frozen_layer',
      keras3: 'frozen_layer',
      'pytorch-sequential': 'frozen_layer',
      'weights-only': 'frozen_layer',
    },
    frozen: {
      tf1: 'hidden3',
      'tf1-all-buckets': 'hidden3',
      keras3: 'dense_2',
      'pytorch-sequential': 'net.4',
      'weights-only': 'fc3',
    },
  },
  {
    // visible only where the log holds a record from before the first update (TF1 style, weights-only)
    name: 'normal-std0.005-deep',
    data: 'deep',
    config: { hidden: DEEP, kernelInit: { kind: 'normal', std: 0.005 }, optimizer: adam(1e-3), epochs: 8 },
    cause: { tf1: 'initialisation', 'weights-only': 'initialisation' },
    has: ['init-too-narrow'],
  },
  {
    // 30% of the training labels flipped: the network memorises them, validation AUC falls from
    // 0.85 to 0.72 (a worse model: a warning) while the training loss keeps falling
    name: 'noisy-labels-memorised',
    data: 'noisy',
    config: { hidden: BROAD, kernelInit: { kind: 'glorot_uniform' }, optimizer: adam(3e-3), epochs: 20 },
    cause: { tf1: 'overfitting', keras3: 'overfitting', 'pytorch-sequential': 'overfitting' },
    has: ['overfitting'],
  },
  {
    // 800 training rows, a wide network, Adam 3e-3: validation loss 0.35 → 0.49 while the AUC
    // stays at 0.92 — overconfident, not worse: overfitting as info (asserted below), no warning
    name: 'overconfident-few-rows',
    data: 'few',
    config: { hidden: BROAD, kernelInit: { kind: 'glorot_uniform' }, optimizer: adam(3e-3), epochs: 20 },
    cause: 'healthy',
  },
  {
    // Adam at 1e-4 for 300 steps: AUC 0.53 → 0.62, still rising at its first epochs' pace at the end
    name: 'adam-lr1e-4-slow',
    data: 'small',
    config: { hidden: WIDE, kernelInit: { kind: 'he_uniform' }, optimizer: adam(1e-4), epochs: 12 },
    cause: {
      tf1: 'learning_rate_low',
      keras3: 'learning_rate_low',
      'pytorch-sequential': 'learning_rate_low',
    },
    has: ['slow-learning'],
  },
];

const root = mkdtempSync(join(tmpdir(), 'ts-conventions-'));
after(() => rmSync(root, { recursive: true, force: true }));
const dirs = new Map<string, string>();
const shapes = {
  small: [24, ...WIDE, 5],
  deep: [40, ...DEEP, 3],
  noisy: [24, ...BROAD, 5],
  few: [24, ...BROAD, 5],
};

before(async () => {
  const data = {
    small: smallData(2000, 24, 5, 7),
    deep: smallData(3000, 40, 3, 11),
    noisy: flipTrainingLabels(smallData(3000, 24, 5, 7), 0.3, 3),
    few: smallData(1000, 24, 5, 7),
  };
  for (const c of CASES) {
    const snaps = await trainSmall(data[c.data], c.config);
    for (const style of STYLES)
      dirs.set(`${c.name}/${style}`, writeConvention(join(root, c.name, style), snaps, style));
    if (c.frozen)
      dirs.set(
        `${c.name}/tf1-all-buckets`,
        writeConvention(join(root, c.name, 'all'), snaps, 'tf1-all-buckets'),
      );
  }
});

for (const c of CASES) {
  for (const style of [...STYLES, ...(c.frozen ? (['tf1-all-buckets'] as Style[]) : [])]) {
    const expected =
      c.cause === 'healthy'
        ? undefined
        : (c.cause[style] ?? c.cause[style === 'tf1-all-buckets' ? 'tf1' : style]);
    if (c.cause !== 'healthy' && expected === undefined && !c.frozen) continue;
    test(`${c.name} as ${style}: ${expected ?? 'healthy, no warning'}`, async () => {
      const { report, reading } = await examine(dirs.get(`${c.name}/${style}`)!);
      const found = report.findings.map(
        (f) => `${f.severity} ${f.id}${f.where.layer ? ` (${f.where.layer})` : ''}`,
      );
      assert.deepEqual(reading.unknown, [], 'every tag understood');
      assert.equal(report.coverage?.sufficient, true, report.coverage?.note);
      // fans inferred from the histogram counts, biases or not
      const dims = shapes[c.data];
      assert.deepEqual(
        reading.layers.map((l) => `${l.fanIn}→${l.fanOut}`),
        dims.slice(1).map((d, i) => `${dims[i]}→${d}`),
      );
      if (c.cause === 'healthy') {
        assert.deepEqual(
          report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1),
          [],
          found.join('; '),
        );
        return;
      }
      assert.equal(report.diagnosis?.cause, expected, found.join('; '));
      for (const id of c.has ?? [])
        assert.ok(
          found.some((f) => f.includes(` ${id}`)),
          `${id}: ${found.join('; ')}`,
        );
      if (c.frozen) {
        assert.deepEqual(
          report.findings.filter((f) => f.id === 'frozen-layer').map((f) => f.where.layer),
          [c.frozen[style]],
        );
      }
    });
  }
}

test("TF1 histograms keep TF's default limits: 1,551 buckets when empty ones are kept", async () => {
  assert.equal(tfDefaultLimits().length, 1551);
  const { reading } = await examine(dirs.get('frozen-third-deep/tf1-all-buckets')!);
  const h = reading.parts[0].data.histograms.get('hidden1/weights')?.[0].histogram;
  assert.equal(h?.counts.length, 1551);
});

for (const style of ['tf1', 'keras3', 'pytorch-sequential', 'weights-only'] as const) {
  test(`overconfident-few-rows as ${style}: overfitting as info, with where to stop`, async () => {
    const { report } = await examine(dirs.get(`overconfident-few-rows/${style}`)!);
    const f = report.findings.find((x) => x.id === 'overfitting');
    assert.equal(f?.severity, 'info', report.findings.map((x) => x.id).join(', '));
    assert.equal(f.status, 'current');
    // TF1 logs on the global step: the step is named there, the epoch elsewhere
    assert.match(f.explanation, style === 'tf1' ? /Stop at step \d+\./ : /Stop at epoch \d+\./);
  });
}

test('without a validation AUC, overfitting is info: the loss alone cannot show a worse ranking', async () => {
  const { report } = await examine(dirs.get('noisy-labels-memorised/weights-only')!);
  const f = report.findings.find((x) => x.id === 'overfitting');
  assert.equal(f?.severity, 'info', JSON.stringify(report.findings.map((x) => x.id)));
  assert.match(f.explanation, /no validation ROC AUC/);
  assert.match(f.explanation, /Stop at epoch \d+\./);
  assert.equal(report.diagnosis, undefined);
});

test('overfitting names the AUC it read, and the epoch to stop at is the best validation loss', async () => {
  const { report, reading } = await examine(dirs.get('noisy-labels-memorised/keras3')!);
  const f = report.findings.find((x) => x.id === 'overfitting');
  assert.ok(f);
  assert.ok(f.reads?.includes('validation/epoch_auc'), String(f.reads));
  const val = reading.run.scalars.get('loss/val') ?? [];
  const best = val.reduce((b, p) => (p.value < b.value ? p : b));
  assert.equal(f.evidence.best_step, best.step);
  assert.ok(Number(f.evidence.best_val_auc) - Number(f.evidence.val_auc) > 0.05, JSON.stringify(f.evidence));
  assert.match(f.explanation, new RegExp(`Stop at epoch ${Number(best.step) + 1}\\.`));
  // TF1 logs on the global step, with a record before training: the step is named, not an epoch
  const tf1 = (await examine(dirs.get('noisy-labels-memorised/tf1')!)).report.findings.find(
    (x) => x.id === 'overfitting',
  );
  assert.ok(tf1);
  assert.equal(tf1.evidence.best_epoch, undefined);
  assert.match(tf1.explanation, new RegExp(`Stop at step ${tf1.evidence.best_step}\\.`));
});
