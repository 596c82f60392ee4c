/**
 * The board's API over real runs (two tiny trainings: Glorot, and std-1 init + dropout, which
 * the doctor flags). Expected values are read back from the run files, not invented.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import type { Finding } from '../doctor/types.js';
import { TAGS } from '../run/tags.js';
import {
  API,
  distributionsImpl,
  histogramsImpl,
  runDetailImpl,
  runsImpl,
  scalarsImpl,
  tagsImpl,
} from './api.js';
import { decodeJson, encodeJson, type HealthResponse } from './api-types.js';
import { assignColors } from './colors.js';
import { CONSTANT_LABELS_TAG } from './derived.js';
import { groupFindings, stillHolds } from './finding-groups.js';
import { healthImpl } from './health.js';
import { LogdirProvider } from './logdir-provider.js';
import { naturalCompare } from './natural-order.js';
import { differingKeys, groupOf, parentOf } from './run-tree.js';
import { tinyRuns } from './testing/fixtures.js';

let logdir: string;
let p: LogdirProvider;
const json = (run: string, file: string) => JSON.parse(readFileSync(path.join(logdir, run, file), 'utf8'));

before(async () => {
  logdir = await tinyRuns();
  p = new LogdirProvider(logdir, { minRefreshMs: 0 });
});

test('runs: differing settings, groups, colours, final metrics and state from the run files', async () => {
  const r = await runsImpl(p);
  assert.deepEqual(
    r.runs.map((x) => x.name),
    ['glorot', 'std1-dropout'],
  );
  assert.deepEqual(r.differing, ['dropout', 'init']);
  const [good, bad] = r.runs;
  assert.notEqual(good.color, bad.color);
  assert.equal(bad.group, 'dropout=0.5, init=truncated_normal:1');
  const report = json('std1-dropout', 'report.json');
  assert.equal(bad.final.roc_auc_macro, Number(report.metrics.roc_auc_macro.toPrecision(6)));
  const doctor = json('std1-dropout', 'doctor.json');
  const serious = doctor.findings.filter((f: { severity: string }) => f.severity !== 'info');
  assert.ok(serious.length > 0, 'the doctor flags std-1 init');
  assert.equal(
    bad.state,
    serious.some((f: { severity: string }) => f.severity === 'fatal') ? 'fatal' : 'warning',
  );
  assert.equal(bad.cause, doctor.diagnosis.cause);
  assert.equal(bad.lastStep, json('std1-dropout', 'checkpoint.json').step);
});

test('run relations: counterfactual runs nest under their run; seeds share a group', () => {
  const known = new Set(['a', 'a/explain/baseline', 'x/y', 'x/y/explain/dropout-off']);
  assert.equal(parentOf('a/explain/baseline', known), 'a');
  assert.equal(parentOf('x/y/explain/dropout-off', known), 'x/y');
  assert.equal(parentOf('a', known), undefined);
  assert.equal(parentOf('b/explain/z', known), undefined, 'no parent run, no nesting');
  const diff = differingKeys([
    { lr: 1, seed: 1, name: 'a' },
    { lr: 1, seed: 2, name: 'b' },
    { lr: 2, seed: 1 },
  ]);
  assert.deepEqual(diff, ['lr', 'seed']);
  assert.equal(groupOf({ lr: 1, seed: 2 }, diff), 'lr=1');
  assert.deepEqual(differingKeys([{ a: 1, b: 2 }, { a: 1 }]), ['b'], 'a missing key is a difference');
});

test('colours: distinct for any number of runs, and a run keeps its colour in a subset', () => {
  const names = Array.from({ length: 60 }, (_, i) => `lr=${i},seed=${i % 2}`);
  const all = assignColors(names);
  assert.equal(new Set(all.values()).size, 60);
  // a run gets its own (hashed) colour unless an earlier run already holds it
  names.slice(0, 20).forEach((n, i) => {
    const alone = assignColors([n]).get(n)!;
    const heldBefore = names.slice(0, i).some((m) => all.get(m) === alone);
    if (!heldBefore) assert.equal(all.get(n), alone, `${n} keeps its colour`);
  });
});

test('scalars and histograms are downsampled with the last point kept', async () => {
  const all = await scalarsImpl(p, 'glorot', TAGS.trainLoss, 0);
  const two = await scalarsImpl(p, 'glorot', TAGS.trainLoss, 2);
  assert.equal(two.points.length, 2);
  assert.deepEqual(two.points.at(-1), all.points.at(-1));
  const tag = TAGS.param('layer1', 'weights');
  const h = await histogramsImpl(p, 'std1-dropout', tag, 2);
  assert.equal(h.steps.length, 2);
  assert.equal(h.total, (await histogramsImpl(p, 'std1-dropout', tag, 0)).steps.length);
  const first = h.steps[0];
  assert.equal(first.left.length, first.count.length);
  // a truncated normal with std 1 cut at ±2 has std 0.88
  assert.ok(first.std > 0.8 && first.std < 0.95, `std ${first.std}`);
});

test('distributions: nine ordered values per step', async () => {
  const d = await distributionsImpl(p, 'std1-dropout', TAGS.param('layer1', 'weights'), 0);
  assert.ok(d.points.length >= 2);
  for (const row of d.points) {
    assert.equal(row.length, 10);
    for (let i = 2; i < row.length; i++) assert.ok(row[i] >= row[i - 1]);
  }
});

test('run detail: per-label rows from the final report', async () => {
  const d = await runDetailImpl(p, 'std1-dropout');
  const report = json('std1-dropout', 'report.json');
  assert.equal(d.labelsSource, 'report');
  assert.equal(d.labels.length, report.labels.length);
  assert.equal(d.labels[0].label, report.labels[0].name);
  assert.equal(d.labels[0].positiveRate, report.labels[0].predicted_positive_rate);
  assert.equal(d.labels[0].auc, report.labels[0].roc_auc);
});

test('derived: the share of labels predicted the same for every probe sample', async () => {
  const tags = await tagsImpl(p, 'std1-dropout');
  assert.ok(tags.scalars.includes(CONSTANT_LABELS_TAG));
  const derived = await scalarsImpl(p, 'std1-dropout', CONSTANT_LABELS_TAG, 0);
  const labels: string[] = json('std1-dropout', 'trainscope.json').labelNames;
  const rates = await Promise.all(labels.map((l) => p.readScalars('std1-dropout', TAGS.positiveRate(l), 0)));
  derived.points.forEach(([step, , value], i) => {
    const constant = rates.filter((s) => s[i].value === 0 || s[i].value === 1).length;
    assert.equal(step, rates[0][i].step);
    assert.equal(value, Number((constant / labels.length).toPrecision(6)));
  });
});

test('health: the numbers come from the recorded series and the report; findings grouped by rule', async () => {
  const hl = (await API.health.impl(p, { run: 'std1-dropout', tag: '' })) as HealthResponse;
  const num = (k: string) => hl.numbers.find((n) => n.key === k)!;
  const moved = (await p.readScalars('std1-dropout', TAGS.changeSinceInit('layer1', 'weights'), 0)).at(
    -1,
  )!.value;
  assert.equal(num('weights_moved').value, moved);
  const dead = (await p.readScalars('std1-dropout', TAGS.deadFraction('layer2', 'inference_mode'), 0)).at(
    -1,
  )!.value;
  assert.equal(num('dead_last_hidden').value, dead);
  assert.equal(num('dead_last_hidden').tag, TAGS.deadFraction('layer2', 'inference_mode'));
  assert.equal(num('auc').value, json('std1-dropout', 'report.json').metrics.roc_auc_macro);
  const doctor = json('std1-dropout', 'doctor.json');
  assert.deepEqual(
    hl.groups.map((g) => g.id).sort(),
    [...new Set<string>(doctor.findings.map((f: { id: string }) => f.id))].sort(),
  );
  assert.equal(hl.verdict.cause, doctor.diagnosis.cause);
  assert.match(hl.explainCommand ?? '', /^trainscope doctor .*std1-dropout --explain$/);
  const other = (await API.health.impl(p, { run: 'glorot', tag: '' })) as HealthResponse;
  assert.equal(
    other.explainCommand === null,
    other.state === 'ok',
    'the command only where there is something to explain',
  );
});

test('findings of one rule on several layers make one group, fatal first', () => {
  const f = (id: string, severity: 'info' | 'warning' | 'fatal', layer: string, step: number) => ({
    id,
    severity,
    where: { layer },
    step,
    status: 'current' as const,
    last_step: step,
    evidence: {},
    explanation: id,
    fix: { text: 'x' },
  });
  const groups = groupFindings([
    f('init-too-broad', 'warning', 'layer1', 0),
    f('init-too-broad', 'warning', 'layer2', 0),
    f('dead-units', 'fatal', 'layer3', 300),
    f('init-too-broad', 'warning', 'output', 0),
  ]);
  assert.deepEqual(
    groups.map((g) => [g.id, g.places.join(',')]),
    [
      ['dead-units', 'layer3'],
      ['init-too-broad', 'layer1,layer2,output'],
    ],
  );
});

test('a finding that cleared is history: not current, and the group says when it cleared', () => {
  const base = {
    id: 'constant-label',
    severity: 'warning' as const,
    evidence: {},
    explanation: 'x',
    fix: { text: 'x' },
  };
  const cleared = {
    ...base,
    where: { label: 'a' },
    step: 10,
    status: 'cleared' as const,
    last_step: 40,
    cleared_step: 50,
  };
  const current = { ...base, where: { label: 'b' }, step: 20, status: 'current' as const, last_step: 90 };
  assert.equal(stillHolds(cleared), false);
  assert.equal(stillHolds(current), true);
  assert.equal(
    stillHolds({ ...base, where: {}, step: 0 } as Finding),
    true,
    'reports before the life cycle: current',
  );
  const [g] = groupFindings([cleared]);
  assert.equal(g.clearedStep, 50);
  assert.equal(groupFindings([cleared, current])[0].clearedStep, undefined, 'one member still holds');
});

test('natural order: numbers by value, decimals and exponents included', () => {
  const names = [
    'lr=0.01,seed=1',
    'lr=0.0003,seed=2',
    'lr=0.001,seed=1',
    'lr=1e-4,seed=1',
    'lr=0.0003,seed=1',
    'run10',
    'run9',
  ];
  assert.deepEqual([...names].sort(naturalCompare), [
    'lr=1e-4,seed=1',
    'lr=0.0003,seed=1',
    'lr=0.0003,seed=2',
    'lr=0.001,seed=1',
    'lr=0.01,seed=1',
    'run9',
    'run10',
  ]);
});

test('a health number is flagged by a finding that points at its chart, whatever the rule is called', async () => {
  // the doctor renames and rewrites rules: a rule the board has never heard of still flags the tile
  const tmp = mkdtempSync(path.join(tmpdir(), 'board-flag-'));
  try {
    cpSync(path.join(logdir, 'glorot'), path.join(tmp, 'glorot'), { recursive: true });
    const file = path.join(tmp, 'glorot', 'doctor.json');
    const doctor = JSON.parse(readFileSync(file, 'utf8'));
    const tp = new LogdirProvider(tmp, { minRefreshMs: 0 });
    const dead = (await healthImpl(tp, 'glorot')).numbers.find((n) => n.key === 'dead_last_hidden')!;
    assert.ok(dead.tag, "the tiny run records the last hidden layer's dead share");
    const finding = (severity: string) => ({
      id: 'a-rule-not-yet-written',
      severity,
      where: {},
      step: 0,
      evidence: {},
      explanation: 'x',
      fix: { text: 'x' },
      tag: dead.tag,
    });
    const flagged = async (severity: string) => {
      writeFileSync(file, JSON.stringify({ ...doctor, findings: [finding(severity)] }));
      const fresh = new LogdirProvider(tmp, { minRefreshMs: 0 });
      return (await healthImpl(fresh, 'glorot')).numbers.find((n) => n.key === 'dead_last_hidden')!.flagged;
    };
    assert.equal(await flagged('warning'), true);
    assert.equal(await flagged('info'), false, 'an info finding does not flag a number');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the wire form: non-finite numbers survive as strings, and plain data is plain JSON', () => {
  const odd = { a: [1, Number.NaN, Number.POSITIVE_INFINITY], b: { c: Number.NEGATIVE_INFINITY }, s: 'x' };
  const text = encodeJson(odd);
  assert.equal(text, '{"a":[1,"NaN","Infinity"],"b":{"c":"-Infinity"},"s":"x"}');
  assert.deepEqual(decodeJson(text), odd);
  const plain = { a: [1, 2.5, null], s: 'Infinity and beyond' };
  assert.equal(encodeJson(plain), JSON.stringify(plain));
  assert.deepEqual(decodeJson(encodeJson(plain)), plain);
});
