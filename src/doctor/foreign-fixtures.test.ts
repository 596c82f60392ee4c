import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedFile } from '../testing/shared.js';
import { SEVERITY_RANK } from './diagnose.js';
import { examine } from './examine.js';
import type { Cause, DoctorReport } from './types.js';

/**
 * The real framework logs in ../shared/fixtures/foreign (PyTorch 1.13 SummaryWriter and the
 * Keras callback's layout, 8 runs each, README there): every run gets the diagnosis its README
 * names, in both conventions, with the layer named in the log's own words.
 */
const { path: FIXTURES, skip } = sharedFile('fixtures/foreign');

interface Expect {
  run: string;
  cause?: Cause;
  /** Finding ids that must be present. */
  has?: string[];
  /** Layer of the frozen-layer finding, per convention. */
  frozen?: { pytorch: string; keras: string };
}

const EXPECT: Expect[] = [
  {
    run: 'A_truncnormal_std1_dropout0.5',
    cause: 'initialisation',
    has: ['init-too-broad', 'outputs-collapsed'],
  },
  { run: 'B_truncnormal_std1_nodropout', cause: 'initialisation', has: ['init-too-broad'] },
  { run: 'C_glorot_dropout0.5' },
  { run: 'D_glorot_nodropout' },
  { run: 'E_glorot_adam_lr1.0', cause: 'learning_rate_high' },
  {
    run: 'F_glorot_frozen_fc2_weight',
    cause: 'frozen_layer',
    has: ['frozen-layer'],
    frozen: { pytorch: 'fc2', keras: 'dense_1' },
  },
  { run: 'G_glorot_hidden_bias_minus5', cause: 'bias_initialisation', has: ['dead-layers'] },
  { run: 'H_he_sgd_momentum0.9_lr0.01' },
];

const serious = (r: DoctorReport) => r.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1);

for (const convention of ['pytorch', 'keras'] as const) {
  for (const e of EXPECT) {
    test(`${convention}/${e.run}: ${e.cause ?? 'healthy, no warning'}`, { skip }, async () => {
      const { report, reading } = await examine(join(FIXTURES, convention, e.run));
      const found = report.findings.map(
        (f) => `${f.severity} ${f.id}${f.where.layer ? ` (${f.where.layer})` : ''}`,
      );
      assert.equal(report.coverage?.sufficient, true, report.coverage?.note);
      assert.deepEqual(reading.unknown, [], 'every tag understood');
      if (!e.cause) {
        assert.deepEqual(serious(report), [], found.join('; '));
        assert.equal(report.diagnosis, undefined);
        return;
      }
      assert.equal(report.diagnosis?.cause, e.cause, found.join('; '));
      for (const id of e.has ?? [])
        assert.ok(
          found.some((f) => f.includes(` ${id}`)),
          `${id} missing: ${found.join('; ')}`,
        );
      if (e.frozen) {
        const frozen = report.findings.filter((f) => f.id === 'frozen-layer');
        assert.deepEqual(
          frozen.map((f) => f.where.layer),
          [e.frozen[convention]],
        );
        assert.match(frozen[0].explanation, new RegExp(`^${e.frozen[convention]}'s weights are identical`));
      }
      // each finding names the log's own tags it read
      const tags = new Set(reading.tags.map((t) => t.name));
      for (const f of report.findings) {
        assert.ok(f.reads?.length, `${f.id} read nothing`);
        for (const t of f.reads ?? []) assert.ok(tags.has(t), `${f.id} reads '${t}', not a tag of the log`);
      }
    });
  }
}

test('the story (A) names the collapse with the AUC it read, after it had been above chance', {
  skip,
}, async () => {
  for (const [convention, tag] of [
    ['pytorch', 'AUC/val_macro'],
    ['keras', 'validation/epoch_auc'],
  ]) {
    const { report } = await examine(join(FIXTURES, convention, 'A_truncnormal_std1_dropout0.5'));
    const c = report.findings.find((f) => f.id === 'outputs-collapsed');
    assert.ok(c, convention);
    assert.equal(c.cause, 'initialisation', 'attributed to the root cause');
    assert.deepEqual(c.reads, [tag]);
    assert.ok(c.step > 10, `collapse from step ${c.step}`);
  }
});

test('a half of a Keras run and the PyTorch hparams sub-run resolve to their whole run', {
  skip,
}, async () => {
  const half = await examine(join(FIXTURES, 'keras', 'G_glorot_hidden_bias_minus5', 'validation'));
  assert.equal(half.report.diagnosis?.cause, 'bias_initialisation');
  assert.ok(half.reading.tags.some((t) => t.name === 'train/dense/kernel_0'));
  const sub = join(FIXTURES, 'pytorch', 'E_glorot_adam_lr1.0');
  const { readdirSync } = await import('node:fs');
  const stamp = readdirSync(sub).find((d) => /^\d+\.\d+$/.test(d));
  assert.ok(stamp);
  const e = await examine(join(sub, stamp));
  assert.equal(e.report.diagnosis?.cause, 'learning_rate_high');
  assert.equal(e.reading.hparams?.lr, 1);
  assert.match(e.report.diagnosis?.summary ?? '', /from 1 to 0\.1/);
});
