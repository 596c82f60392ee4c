import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_FILES } from '../run/files.js';
import { LOCK_SUFFIX } from '../run/lock.js';
import { runCli } from './queue/testing/workers.js';

/**
 * Two `trainscope experiment` processes on the same grid and logdir at the same time (local
 * mode, no queue): each trial's process takes the run lock, so every trial is trained once, by
 * one of them; the other waits for it and reads its result. Both end with the whole table.
 */
const root = mkdtempSync(join(tmpdir(), 'ts-two-exp-'));
after(() => rmSync(root, { recursive: true, force: true }));

const TRIALS = ['seed=1', 'seed=2', 'seed=3'];
const EPOCHS = 30;

test('two concurrent experiments on one grid: each trial trained once, both write the full table', {
  timeout: 300_000,
}, async () => {
  const logdir = join(root, 'runs');
  const expDir = join(logdir, 'twice');
  mkdirSync(expDir, { recursive: true });
  // An independent witness: every creation or removal of a trial's directory.
  const dirEvents = new Map<string, number>();
  const watcher = watch(expDir, (_type, name) => {
    if (name && TRIALS.includes(name)) dirEvents.set(name, (dirEvents.get(name) ?? 0) + 1);
  });
  const args = [
    'experiment',
    '--name',
    'twice',
    '--seeds',
    String(TRIALS.length),
    '--set',
    'data=seed-like:rows=300',
    '--set',
    'hidden=8',
    '--set',
    `epochs=${EPOCHS}`,
    '--set',
    'probes=light',
    '--set',
    'threads=1',
    '--workers',
    '1',
    '--logdir',
    logdir,
    '--json',
  ];
  try {
    const first = runCli(args);
    // The second starts once the first is training (a trial's directory exists).
    const deadline = Date.now() + 120_000;
    while (!TRIALS.some((t) => existsSync(join(expDir, t))) && Date.now() < deadline) await sleep(20);
    const second = runCli(args);
    const [a, b] = await Promise.all([first, second]);
    await sleep(200); // the last directory events
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);

    // Trained once: one "done" of its own per trial across both; the other one waited for it or
    // found it finished. Each trial's directory was created once and never removed.
    const trainedBy = (stderr: string) =>
      TRIALS.filter((t) =>
        stderr
          .split('\n')
          .some((l) => l.startsWith(`  done   ${t} (`) && !l.includes('trained by another process')),
      );
    const [byA, byB] = [trainedBy(a.stderr), trainedBy(b.stderr)];
    assert.deepEqual([...byA, ...byB].sort(), TRIALS, `first:\n${a.stderr}\nsecond:\n${b.stderr}`);
    assert.deepEqual(
      TRIALS.map((t) => dirEvents.get(t)),
      TRIALS.map(() => 1),
      'each run directory created once, never removed',
    );
    assert.match(
      `${a.stderr}${b.stderr}`,
      /waiting seed=\d: another process is training it \(run locked by pid \d+ on /,
      'the two met on a trial',
    );
    for (const t of TRIALS) {
      const meta = JSON.parse(readFileSync(join(expDir, t, RUN_FILES.meta), 'utf8'));
      assert.equal(meta.epochsRun, EPOCHS, t);
      assert.equal(
        readdirSync(join(expDir, t)).filter((f) => f.startsWith('events.out.tfevents.')).length,
        1,
      );
    }
    assert.ok(!readdirSync(expDir).some((f) => f.includes(LOCK_SUFFIX)), 'no lock left behind');

    // Both tables are complete and the same.
    const tableA = JSON.parse(a.stdout);
    assert.deepEqual(JSON.parse(b.stdout), tableA);
    assert.equal(tableA.rows.length, 1);
    assert.equal(tableA.rows[0].done, TRIALS.length);
    assert.ok(existsSync(join(expDir, 'results.json')));
  } finally {
    watcher.close();
  }
});
