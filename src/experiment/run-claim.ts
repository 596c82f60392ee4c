import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainConfigInput } from '../run/config.js';
import { RUN_FILES } from '../run/files.js';
import { acquireRunLock, describeOwner } from '../run/lock.js';
import type { TrialResult } from './protocol.js';

/** The run directory a trial's configuration trains into. */
export function runDirOf(config: TrainConfigInput): string {
  return join(config.logdir ?? 'runs', config.name ?? '');
}

/**
 * Run `body` in the process that writes the run, holding the run's lock (run/lock.ts), so that a
 * trial is never trained by two processes at once: local grids, queue workers, and two of either
 * on one logdir. Busy when another live process holds it; the caller tries again later. If the
 * lock is taken over (this process was thought dead), the process stops writing at once.
 */
export async function underRunLock(runDir: string, body: () => Promise<TrialResult>): Promise<TrialResult> {
  const attempt = await acquireRunLock(runDir, {
    onLost(by) {
      process.stderr.write(`run lock of ${runDir} taken over${by ? ` by ${describeOwner(by)}` : ''}\n`);
      process.exit(75);
    },
  });
  if (attempt.kind === 'busy') return { kind: 'busy', holder: describeOwner(attempt.holder) };
  try {
    return await body();
  } finally {
    attempt.lock.release();
  }
}

/**
 * Local mode's claim on a trial: under the run lock, a finished run (another `experiment` on the
 * same logdir trained it meanwhile) is not trained again; anything else is what an interrupted
 * run left, removed here, where no other process can be writing it, and trained afresh.
 */
export function claimAfresh(runDir: string, train: () => Promise<TrialResult>): Promise<TrialResult> {
  return underRunLock(runDir, async () => {
    if (existsSync(join(runDir, RUN_FILES.done))) return { kind: 'already-done' };
    rmSync(runDir, { recursive: true, force: true });
    return train();
  });
}
