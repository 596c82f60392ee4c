import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RUN_FILES } from '../run/files.js';
import { expandGrid, type GridSpec, seedAxis } from './grid.js';
import type { PoolEvent } from './pool.js';
import { readTrialOutcome } from './results.js';
import { RESULT_FILES, runExperiment } from './run.js';

const FAKE = new URL('./testing/fake-runner.js', import.meta.url).href;
const root = mkdtempSync(join(tmpdir(), 'ts-pool-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a failing and a crashing trial are reported; the other trials finish', async () => {
  const spec: GridSpec = {
    name: 'failures',
    base: { epochs: 3 },
    axes: [{ field: 'data', values: ['fake', 'fake:fail', 'fake:crash', 'fake:ok'] }],
  };
  const events: PoolEvent[] = [];
  const r = await runExperiment(spec, {
    logdir: root,
    workers: 2,
    cores: 2,
    runner: FAKE,
    onEvent: (e) => events.push(e),
  });
  const by = (d: string) => r.outcomes.get(`data=${d}`)!;
  assert.equal(by('fake').status, 'done');
  assert.equal(by('fake-ok').status, 'done');
  assert.equal(by('fake-fail').status, 'failed');
  assert.match(by('fake-fail').error!, /fake trial failed on purpose/);
  assert.equal(by('fake-crash').status, 'failed');
  assert.match(by('fake-crash').error!, /worker exited with code 3/);
  assert.equal(events.filter((e) => e.type === 'start').length, 4);
  // never more than two at a time
  let live = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type === 'start') peak = Math.max(peak, ++live);
    if (e.type === 'done' || e.type === 'failed') live--;
  }
  assert.equal(peak, 2);
  const failedRow = r.table.rows.find((row) => row.label === 'data=fake:fail')!;
  assert.equal(failedRow.failed, 1);
  assert.equal(failedRow.metrics.roc_auc_micro.mean, null);
  assert.match(readFileSync(r.files.markdown, 'utf8'), /data=fake:fail`? \| 0\/1 1 failed/);
});

test('resume: a worker killed mid-trial; rerunning skips completed trials and redoes the killed one', async () => {
  const spec: GridSpec = {
    name: 'resume',
    base: { data: 'fake', epochs: 4 },
    axes: [
      { field: 'dropout', values: [0, 0.5] },
      { field: 'epochs', values: [4, 200] },
    ],
  };
  const victim = 'dropout=0.5,epochs=200';
  const ac = new AbortController();
  let killed = false;
  const pids = new Map<string, number>();
  const first = await runExperiment(spec, {
    logdir: root,
    workers: 2,
    cores: 2,
    runner: FAKE,
    signal: ac.signal,
    onEvent: (e) => {
      if (e.type === 'start') pids.set(e.trial.name, e.pid ?? -1);
      if (e.type === 'progress' && e.trial.name === victim && !killed) {
        killed = true;
        process.kill(pids.get(victim)!, 'SIGKILL');
      }
    },
  });
  assert.ok(killed);
  assert.equal(first.outcomes.get(victim)?.status, 'failed');
  assert.match(first.outcomes.get(victim)!.error!, /killed by SIGKILL/);
  const expDir = first.expDir;
  assert.ok(existsSync(join(expDir, victim)), 'the killed trial left a directory');
  assert.ok(!existsSync(join(expDir, victim, RUN_FILES.done)));
  const donePids = new Map(
    first.trials
      .filter((t) => t.name !== victim)
      .map((t) => [t.name, readFileSync(join(expDir, t.name, 'pid'), 'utf8')]),
  );
  assert.equal(donePids.size, 3);

  const started: string[] = [];
  const second = await runExperiment(spec, {
    logdir: root,
    workers: 2,
    cores: 2,
    runner: FAKE,
    onEvent: (e) => e.type === 'start' && started.push(e.trial.name),
  });
  assert.deepEqual(started, [victim]);
  assert.deepEqual(
    second.plan.redo.map((t) => t.name),
    [victim],
  );
  assert.equal(second.plan.skipped.length, 3);
  assert.equal(second.outcomes.get(victim)?.status, 'done');
  for (const [name, pid] of donePids)
    assert.equal(readFileSync(join(expDir, name, 'pid'), 'utf8'), pid, `${name} untouched`);
  assert.ok(second.table.rows.every((row) => row.done === 1));
  // a third run has nothing to do
  const third = await runExperiment(spec, { logdir: root, runner: FAKE, cores: 2 });
  assert.equal(third.plan.todo.length, 0);
});

test("the table's numbers are the runs' own reports, averaged over seeds", async () => {
  const spec: GridSpec = {
    name: 'table',
    base: { data: 'fake', epochs: 1 },
    axes: [
      { field: 'init', values: ['truncated_normal:1', 'glorot_uniform'] },
      { field: 'dropout', values: [0, 0.5] },
      seedAxis(3),
    ],
  };
  const r = await runExperiment(spec, { logdir: root, workers: 2, cores: 2, runner: FAKE });
  assert.equal(r.table.rows.length, 4);
  const json = JSON.parse(readFileSync(join(r.expDir, RESULT_FILES.json), 'utf8'));
  assert.equal(json.rows.length, 4);
  for (const row of r.table.rows) {
    const trials = expandGrid(spec, root).filter((t) => t.group === row.group);
    assert.equal(trials.length, 3);
    const reports = trials.map(
      (t) =>
        JSON.parse(readFileSync(join(r.expDir, t.name, RUN_FILES.report), 'utf8')).metrics as Record<
          string,
          number
        >,
    );
    for (const m of r.table.metrics) {
      const xs = reports.map((rep) => rep[m]);
      const mean = xs.reduce((a, b) => a + b, 0) / 3;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
      assert.ok(Math.abs(row.metrics[m].mean! - mean) < 1e-12, `${row.label} ${m} mean`);
      assert.ok(Math.abs(row.metrics[m].std! - std) < 1e-12, `${row.label} ${m} std`);
    }
    const collapsed = trials.filter((t) => readTrialOutcome(join(r.expDir, t.name)).collapsed).length;
    assert.equal(row.collapsed, collapsed);
  }
  const bad = r.table.rows.find((row) => row.label === 'init=truncated_normal:1, dropout=0.5')!;
  assert.equal(bad.collapsed, 3);
  assert.equal(bad.verdict, 'initialisation');
  const csv = readFileSync(join(r.expDir, RESULT_FILES.csv), 'utf8').trim().split('\n');
  assert.equal(csv.length, 5);
});
