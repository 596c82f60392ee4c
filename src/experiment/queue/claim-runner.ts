import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../run/files.js';
import type { RunTrial } from '../protocol.js';
import { runDirOf, underRunLock } from '../run-claim.js';

/**
 * The runner a queue worker's child uses: decide what the trial's run directory needs and do
 * it, all in the process that writes the run. A trial is delivered again when its worker was
 * lost, so the directory may hold a finished run (the worker died before acknowledging it:
 * nothing to do), a checkpoint (resume from it: the same final weights as an uninterrupted run),
 * or only the beginnings of a run (start afresh).
 */
export type RunPlan = { kind: 'already-done' } | { kind: 'resume'; afterEpoch: number } | { kind: 'fresh' };

export function planRun(runDir: string): RunPlan {
  if (existsSync(join(runDir, RUN_FILES.done))) return { kind: 'already-done' };
  const epoch = checkpointEpoch(runDir);
  return epoch === undefined ? { kind: 'fresh' } : { kind: 'resume', afterEpoch: epoch };
}

/** The epoch of a complete checkpoint (both files, readable meta), else undefined. */
function checkpointEpoch(runDir: string): number | undefined {
  const meta = join(runDir, RUN_FILES.checkpointMeta);
  if (!existsSync(meta) || !existsSync(join(runDir, RUN_FILES.checkpoint))) return undefined;
  try {
    const epoch = (JSON.parse(readFileSync(meta, 'utf8')) as { epoch?: unknown }).epoch;
    return typeof epoch === 'number' && Number.isInteger(epoch) && epoch >= 0 ? epoch : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Under the run lock, so that a trial is never trained by two processes at once (a worker that
 * only looked dead to the queue may still be training it): busy when another live process holds
 * it; the queue's worker then tries again later.
 */
export const runTrial: RunTrial = (config, progress) => {
  const runDir = runDirOf(config);
  return underRunLock(runDir, async () => {
    const plan = planRun(runDir);
    if (plan.kind === 'already-done') return { kind: 'already-done' };
    // A run killed before its first checkpoint cannot be continued: its remains are removed.
    if (plan.kind === 'fresh') rmSync(runDir, { recursive: true, force: true });
    const { trainWatched } = await import('../../doctor/watched-train.js');
    // As the local runner: the grid's root holds the one hparams experiment record (hparams-root.ts).
    const r = await trainWatched(
      { ...config, resume: plan.kind === 'resume' },
      { onEpoch: (i) => progress({ epoch: i.epoch, epochs: i.epochs }), hparamsExperiment: false },
    );
    return {
      kind: 'trained',
      stopped: r.stopped,
      stopReason: r.stopReason,
      ...(plan.kind === 'resume' ? { resumedAfterEpoch: plan.afterEpoch } : {}),
    };
  });
};
