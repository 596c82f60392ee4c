import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RUN_FILES } from '../run/files.js';
import { expandGrid, type GridSpec } from './grid.js';
import { planResume, trialState, writeExperimentRecord } from './status.js';

const root = mkdtempSync(join(tmpdir(), 'ts-status-'));
after(() => rmSync(root, { recursive: true, force: true }));

const spec: GridSpec = {
  name: 'exp',
  base: { epochs: 2 },
  axes: [{ field: 'dropout', values: [0, 0.25, 0.5] }],
};

test('resume: done trials are skipped, interrupted ones redone, new ones run', () => {
  const trials = expandGrid(spec, root);
  const expDir = join(root, 'exp');
  mkdirSync(join(expDir, trials[0].name), { recursive: true });
  writeFileSync(join(expDir, trials[0].name, RUN_FILES.done), '');
  mkdirSync(join(expDir, trials[1].name), { recursive: true });
  writeFileSync(join(expDir, trials[1].name, 'events.out.tfevents.1.host'), 'partial');
  writeExperimentRecord(expDir, spec, trials);

  assert.equal(trialState(join(expDir, trials[0].name)), 'done');
  assert.equal(trialState(join(expDir, trials[1].name)), 'interrupted');
  assert.equal(trialState(join(expDir, trials[2].name)), 'pending');
  const plan = planResume(expDir, trials);
  assert.deepEqual(
    plan.skipped.map((t) => t.name),
    [trials[0].name],
  );
  assert.deepEqual(
    plan.redo.map((t) => t.name),
    [trials[1].name],
  );
  assert.deepEqual(
    plan.todo.map((t) => t.name),
    [trials[1].name, trials[2].name],
  );
});

test('resume refuses a completed trial that was run with another configuration', () => {
  const trials = expandGrid(spec, root);
  const expDir = join(root, 'exp');
  const changed = expandGrid({ ...spec, base: { epochs: 3 } }, root);
  assert.throws(() => planResume(expDir, changed), /was completed with field 'epochs' = 2 \(now 3\)/);
  // a different spelling of the logdir or another thread count is the same trial
  const respelled = expandGrid(spec, `${root}/`);
  assert.equal(
    planResume(expDir, respelled).skipped.length,
    trials.filter((t) => trialState(join(expDir, t.name)) === 'done').length,
  );
});
