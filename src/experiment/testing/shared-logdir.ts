import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_FILES } from '../../run/files.js';
import { LOCK_SUFFIX } from '../../run/lock.js';
import { RESULT_FILES } from '../run.js';

/**
 * What the tests of several processes on one logdir share: a tiny real grid (1 engine thread, so
 * every run of it computes exactly the same numbers) and the checks that each trial was trained
 * exactly once and that the tables are those of the grid run alone.
 */
export const TRIALS = ['seed=1', 'seed=2', 'seed=3'];
export const EPOCHS = 30;

/** `trainscope experiment` arguments of the tiny grid named `name` in `logdir` (JSON table on stdout). */
export function tinyGrid(name: string, logdir: string, epochs = EPOCHS): string[] {
  const set = ['data=seed-like:rows=300', 'hidden=8', `epochs=${epochs}`, 'probes=light', 'threads=1'];
  return [
    'experiment',
    '--name',
    name,
    '--seeds',
    String(TRIALS.length),
    ...set.flatMap((s) => ['--set', s]),
    '--logdir',
    logdir,
    '--json',
  ];
}

/**
 * An independent witness of the experiment directory: every creation or removal of a trial's
 * directory (a trial trained twice, or started afresh over another's run, shows more than one).
 */
export function watchTrialDirs(expDir: string): { counts: () => (number | undefined)[]; close(): void } {
  mkdirSync(expDir, { recursive: true });
  const events = new Map<string, number>();
  const watcher = watch(expDir, (_type, name) => {
    if (name && TRIALS.includes(name)) events.set(name, (events.get(name) ?? 0) + 1);
  });
  return { counts: () => TRIALS.map((t) => events.get(t)), close: () => watcher.close() };
}

/** Wait until one of the grid's trials has a directory (someone is training it); `gaveUp` ends it early. */
export async function untilTraining(expDir: string, gaveUp: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!TRIALS.some((t) => existsSync(join(expDir, t)))) {
    const why = gaveUp();
    if (why) assert.fail(why);
    if (Date.now() > deadline) assert.fail(`no trial of ${expDir} started in 120 s`);
    await sleep(20);
  }
}

/** The trials whose `done` line in `log` (lines starting with `prefix` + trial) has no `other` note. */
export function trainedHere(log: string, prefix: string, other: string): string[] {
  const lines = log.split('\n');
  return TRIALS.filter((t) => lines.some((l) => l.startsWith(`${prefix}${t} (`) && !l.includes(other)));
}

/**
 * Each trial's run is whole and written once: created once and never removed, every epoch run,
 * one event file, no lock left behind; the result files are, byte for byte, the reference's.
 */
export function assertOnceAndAsAlone(
  expDir: string,
  refDir: string,
  dirEvents: (number | undefined)[],
): void {
  assert.deepEqual(
    dirEvents,
    TRIALS.map(() => 1),
    'each run directory created once, never removed',
  );
  for (const t of TRIALS) {
    const meta = JSON.parse(readFileSync(join(expDir, t, RUN_FILES.meta), 'utf8'));
    assert.equal(meta.epochsRun, EPOCHS, t);
    const events = readdirSync(join(expDir, t)).filter((f) => f.startsWith('events.out.tfevents.'));
    assert.equal(events.length, 1, t);
    const report = (dir: string) => JSON.parse(readFileSync(join(dir, t, RUN_FILES.report), 'utf8'));
    assert.deepEqual(report(expDir), report(refDir), t);
  }
  assert.ok(!readdirSync(expDir).some((f) => f.includes(LOCK_SUFFIX)), 'no lock left behind');
  for (const f of Object.values(RESULT_FILES)) {
    assert.equal(readFileSync(join(expDir, f), 'utf8'), readFileSync(join(refDir, f), 'utf8'), f);
  }
}
