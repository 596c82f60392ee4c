import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readRun } from '../events/reader.js';
import { TAGS } from '../run/tags.js';
import { train } from '../train/train.js';
import { examine } from './examine.js';

/**
 * A run that ends collapsed gets a finding however few steps it had; a healthy run stopped as
 * early gets none. Real trainings of the board's 50-run grid (src/board/testing/fixtures.ts
 * GRID_50: seed-like 200 rows, 8-4 ReLU, 2 epochs of 2 steps, 20 validation rows): its trial
 * lr 0.01 + LeCun normal, seed 2, ends with every validation row given the same output (each
 * label's ROC AUC exactly 0.5) while a few training rows still move the probe logits (spread
 * 0.01, above the exact-collapse threshold), and every rule used to abstain (too few steps to
 * judge). The healthy short runs rank at chance and lose to the constant predictor just the
 * same after 2 steps: what sets them apart is that their outputs vary across rows.
 */
const root = mkdtempSync(join(tmpdir(), 'ts-short-collapse-'));
after(() => rmSync(root, { recursive: true, force: true }));

const base = {
  logdir: root,
  data: 'seed-like:rows=200',
  hidden: [8, 4],
  probeBatch: 64,
  threads: 1,
  doctor: false,
};

/** Each label's validation ROC AUC at the run's last epoch. */
async function lastValAucs(dir: string): Promise<number[]> {
  const run = await readRun(dir);
  return [...run.scalars.entries()]
    .filter(([tag]) => tag.startsWith(TAGS.evidenceAuc('val', '')))
    .map(([, pts]) => pts[pts.length - 1].value);
}

test('a 4-step run that ends with constant outputs on its validation rows: output-collapse, cause not named', {
  timeout: 120_000,
}, async () => {
  await train({ ...base, name: 'collapsed', epochs: 2, lr: 0.01, init: 'lecun_normal', seed: 2 });
  const dir = join(root, 'collapsed');
  const aucs = await lastValAucs(dir);
  assert.ok(
    aucs.length === 6 && aucs.every((a) => a === 0.5),
    `premise: the trial ends tied on every validation label (got ${aucs}); if the engine changed, pick a grid trial that does`,
  );
  const { report } = await examine(dir);
  const f = report.findings.find((x) => x.id === 'output-collapse');
  assert.ok(f, JSON.stringify(report.findings.map((x) => [x.id, x.severity, x.status])));
  assert.equal(f.status, 'current');
  assert.notEqual(f.severity, 'info');
  assert.equal(f.step, 4);
  assert.equal(f.evidence.val_labels_tied, 6);
  assert.ok(Number(f.evidence.max_logit_spread) > 1e-3, 'the probe logits alone would not have shown it');
  assert.match(f.explanation, /not its cause/);
  assert.equal(report.diagnosis?.finding, 'output-collapse');
});

test('the same collapsed trial trained with --probes none: output-collapse from its validation rows alone', {
  timeout: 120_000,
}, async () => {
  await train({
    ...base,
    name: 'collapsed-noprobes',
    epochs: 2,
    lr: 0.01,
    init: 'lecun_normal',
    seed: 2,
    probes: 'none',
  });
  const { report } = await examine(join(root, 'collapsed-noprobes'));
  const f = report.findings.find((x) => x.id === 'output-collapse');
  assert.ok(f, JSON.stringify(report.findings.map((x) => [x.id, x.severity, x.status])));
  assert.equal(f.severity, 'warning');
  assert.equal(f.evidence.val_labels_tied, 6);
  assert.equal(f.evidence.max_logit_spread, undefined, 'no probe spread was recorded');
});

for (const [init, seed] of [
  ['glorot_uniform', 1],
  ['glorot_uniform', 2],
  ['he_uniform', 3],
] as const) {
  test(`a healthy run stopped after 2 steps (${init}, lr 1e-3, seed ${seed}): no warning`, {
    timeout: 120_000,
  }, async () => {
    const name = `healthy-${init}-${seed}`;
    for (const probes of ['default', 'none'] as const) {
      const run = `${name}-${probes}`;
      await train({
        ...base,
        name: run,
        epochs: 1,
        lr: 1e-3,
        init,
        seed,
        ...(probes === 'none' ? { probes } : {}),
      });
      const { report } = await examine(join(root, run));
      const serious = report.findings.filter((f) => f.severity !== 'info');
      assert.deepEqual(
        serious.map((f) => `${f.id} ${f.severity}: ${f.explanation}`),
        [],
        `probes ${probes}`,
      );
      assert.equal(report.diagnosis, undefined);
    }
  });
}
