import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readRun } from './reader.js';
import { restartSeries, sharedPerStep } from './run-data.js';
import { createEventWriter } from './writer.js';

const root = mkdtempSync(join(tmpdir(), 'ts-restart-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a step that goes back restarts the series there: the abandoned points after it are dropped', () => {
  const pts = [0, 1, 2, 3, 4, 2, 3].map((step, i) => ({ step, i }));
  assert.deepEqual(
    restartSeries(pts).map((p) => `${p.step}:${p.i}`),
    ['0:0', '1:1', '2:5', '3:6'],
  );
  const sorted = [0, 1, 2].map((step) => ({ step }));
  assert.equal(restartSeries(sorted), sorted, 'sorted input comes back as is');
  // a repeated step (a resume rewriting its last epoch) keeps the later point
  assert.deepEqual(
    restartSeries([0, 1, 1, 2].map((step, i) => ({ step, i }))).map((p) => p.i),
    [0, 2, 3],
  );
  // one tag shared by 3 layers at every step (Keras 3's 'kernel/histogram'): kept, in file order
  const shared = [0, 0, 0, 1, 1, 1, 2, 2, 2].map((step, i) => ({ step, i }));
  assert.equal(sharedPerStep(shared), 3);
  assert.equal(restartSeries(shared), shared);
  // not when only some steps repeat, or a block is short
  assert.equal(sharedPerStep([0, 0, 1, 2].map((step) => ({ step }))), 0);
  assert.equal(sharedPerStep([0, 0, 1, 1, 2].map((step) => ({ step }))), 0);
});

test('a run directory written twice (a crash after step 9, resumed from step 5): one consistent series', async () => {
  const dir = join(root, 'resumed');
  const first = createEventWriter(dir, { now: () => 1000 });
  for (let s = 0; s < 10; s++) first.scalar('loss', s, s);
  first.close();
  const second = createEventWriter(dir, { now: () => 2000 });
  for (let s = 5; s < 7; s++) second.scalar('loss', 50 + s, s);
  second.close();
  const run = await readRun(dir);
  assert.deepEqual(
    run.scalars.get('loss')?.map((p) => [p.step, p.value]),
    [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 55],
      [6, 56],
    ],
  );
});
