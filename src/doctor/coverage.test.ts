import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEventWriter } from '../events/writer.js';
import { TAGS } from '../run/tags.js';
import { MIN_CHECKED } from './coverage.js';
import { diagnose } from './diagnose.js';
import { formatReport } from './format.js';
import { emptyRun, healthyRun, set } from './testing/fabricate.js';

const BIN = fileURLToPath(new URL('../../../bin/trainscope.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-coverage-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a fully probed run: every rule that ran is listed with the tags it read; coverage sufficient', () => {
  const report = diagnose(healthyRun());
  assert.ok(report.checked.length >= MIN_CHECKED);
  assert.equal(report.coverage?.sufficient, true);
  const divergence = report.checked.find((c) => c.id === 'divergence');
  assert.ok(divergence?.reads.includes(TAGS.trainLoss), JSON.stringify(divergence));
  for (const c of report.checked) assert.ok(c.reads.length > 0, `${c.id} read nothing`);
  const ids = new Set([...report.checked, ...report.not_checked].map((c) => c.id));
  assert.equal(ids.size, report.checked.length + report.not_checked.length, 'a rule listed twice');
});

test('losses alone: too little for a clean bill, said first and loudly', () => {
  const run = set(emptyRun(), TAGS.trainLoss, [0.69, 0.6, 0.5, 0.45]);
  set(run, TAGS.valLoss, [0.69, 0.62, 0.55, 0.5]);
  const report = diagnose(run);
  assert.deepEqual(report.findings, []);
  assert.equal(report.coverage?.sufficient, false);
  assert.match(report.coverage!.note, /too few/);
  const text = formatReport(report);
  assert.match(text.split('\n')[0], /^NOT ENOUGH CHECKED: only \d+ of \d+ checks could run/);
  assert.match(text, /checked \(\d+\): non-finite, /);
});

test('a finding names the tags it read, narrowed to its layer', () => {
  const run = healthyRun();
  set(run, TAGS.stdVsGlorot('layer1'), [14.7, 14.7]);
  set(run, TAGS.stdVsHe('layer1'), [10.6, 10.6]);
  set(run, TAGS.meanAbsLogit, [2500, 2400]);
  const f = diagnose(run).findings.find((x) => x.id === 'init-too-broad');
  assert.ok(f?.reads);
  assert.ok(f.reads.includes(TAGS.stdVsGlorot('layer1')));
  assert.ok(!f.reads.some((t) => t.startsWith('layer2/')), f.reads.join());
});

test('doctor CLI: exit 3 and the notice when a log has only a loss curve; 1 with a finding', () => {
  const quiet = join(root, 'quiet');
  const w = createEventWriter(quiet);
  for (let s = 0; s < 5; s++) w.scalar('loss', 0.7 - 0.05 * s, s);
  w.close();
  const r = spawnSync(process.execPath, [BIN, 'doctor', quiet], { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /^NOT ENOUGH CHECKED/);
  const json = spawnSync(process.execPath, [BIN, 'doctor', quiet, '--json'], { encoding: 'utf8' });
  assert.equal(json.status, 3);
  const report = JSON.parse(json.stdout);
  assert.ok(Array.isArray(report.checked) && Array.isArray(report.not_checked));
  assert.equal(report.coverage.sufficient, false);

  const nan = join(root, 'nan');
  const v = createEventWriter(nan);
  for (let s = 0; s < 5; s++) v.scalar(TAGS.trainLoss, s < 3 ? 0.7 : Number.NaN, s);
  v.close();
  const n = spawnSync(process.execPath, [BIN, 'doctor', nan], { encoding: 'utf8' });
  assert.equal(n.status, 1, n.stdout);
  assert.match(n.stdout, /FATAL\s+non-finite/);
});
