import type { RunTrial } from '../protocol.js';
import { claimRun } from '../run-claim.js';
import { runTrial as train } from '../train-runner.js';

/**
 * The runner a queue worker's child uses: claim the trial's run and train it, all in the process
 * that writes the run (run-claim.ts). A trial is delivered again when its worker was lost, so the
 * directory may hold a finished run, a checkpoint to resume, or the beginnings of a run. Busy
 * when another live process holds the run (a worker that only looked dead to the queue may still
 * be training it): the queue's worker then tries again later.
 */
export const runTrial: RunTrial = (config, progress) => claimRun(config, (c) => train(c, progress));
