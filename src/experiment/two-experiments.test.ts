import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_FILES } from '../run/files.js';
import { LOCK_SUFFIX } from '../run/lock.js';
import { runCli } from './queue/testing/workers.js';
import { RESULT_FILES } from './run.js';

/**
 * Two `trainscope experiment` processes on the same grid and logdir at the same time (local
 * mode, no queue): each trial's process takes the run lock, so every trial is trained once, by
 * one of them; the other waits for it and reads its result. Both end with the whole table, the
 * same, byte for byte, as one experiment alone writes (1 engine thread: the numbers are exact).
 */
const root = mkdtempSync(join(tmpdir(), 'ts-two-exp-'));
after(() => rmSync(root, { recursive: true, force: true }));

const TRIALS = ['seed=1', 'seed=2', 'seed=3'];
const EPOCHS = 30;

test("two concurrent experiments on one grid: each trial trained once, both write a single run's table", {
  timeout: 300_000,
}, async () => {
  const logdir = join(root, 'runs');
  const expDir = join(logdir, 'twice');
  const refDir = join(root, 'alone', 'twice');
  mkdirSync(expDir, { recursive: true });
  // An independent witness: every creation or removal of a trial's directory.
  const dirEvents = new Map<string, number>();
  const watcher = watch(expDir, (_type, name) => {
    if (name && TRIALS.includes(name)) dirEvents.set(name, (dirEvents.get(name) ?? 0) + 1);
  });
  const args = (logdir: string) => [
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
  // The reference: the same grid run by one experiment alone.
  const alone = await runCli(args(join(root, 'alone')));
  assert.equal(alone.code, 0, alone.stderr);
  try {
    const first = runCli(args(logdir));
    // The second starts once the first is training (a trial's directory exists).
    const deadline = Date.now() + 120_000;
    while (!TRIALS.some((t) => existsSync(join(expDir, t))) && Date.now() < deadline) await sleep(20);
    const second = runCli(args(logdir));
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

    // Both print the whole table, and it is the one the experiment alone wrote, to the byte;
    // so are the files, and every trial's numbers.
    const table = JSON.parse(alone.stdout);
    assert.equal(table.rows.length, 1);
    assert.equal(table.rows[0].done, TRIALS.length);
    assert.equal(a.stdout, alone.stdout);
    assert.equal(b.stdout, alone.stdout);
    for (const f of Object.values(RESULT_FILES)) {
      assert.equal(readFileSync(join(expDir, f), 'utf8'), readFileSync(join(refDir, f), 'utf8'), f);
    }
    for (const t of TRIALS) {
      const report = (dir: string) => JSON.parse(readFileSync(join(dir, t, RUN_FILES.report), 'utf8'));
      assert.deepEqual(report(expDir), report(refDir), t);
    }
  } finally {
    watcher.close();
  }
});
