import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { TrainConfig, TrainConfigInput } from '../run/config.js';
import { acquireRunLock, describeOwner, type RunLock } from '../run/lock.js';
import { makeDir } from '../run/make-dir.js';
import { planResume, type ResumePlan } from './resume.js';
import { checkRunName, createRunDir } from './rundir.js';

/** A run directory this process may write: its lock held, and what to do in it. */
export interface RunClaim {
  runDir: string;
  lock: RunLock;
  plan: ResumePlan | { kind: 'fresh'; config: TrainConfig };
}

async function lockRun(runDir: string, onLost: () => void): Promise<RunLock> {
  const attempt = await acquireRunLock(runDir, { onLost });
  if (attempt.kind === 'busy')
    throw new UserError(
      `${runDir}: another process is writing this run (${describeOwner(attempt.holder)}); wait for it to end or stop it`,
    );
  return attempt.lock;
}

/** `--resume`: lock the run, then decide from what it saved (resume.ts). */
export async function claimResume(
  requested: TrainConfig,
  input: TrainConfigInput,
  onLost: () => void,
): Promise<RunClaim> {
  if (requested.name === undefined) throw new UserError('resume: needs --name of the run to continue');
  const runDir = join(requested.logdir, checkRunName(requested.name));
  const lock = await lockRun(runDir, onLost);
  try {
    const plan = planResume(runDir, input, requested);
    if (plan.kind === 'restart') makeDir(runDir);
    return { runDir, lock, plan };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/**
 * A new run: a named one is locked before its folder is made (so two processes starting the
 * same name cannot both get it); a default-named folder is unique by its exclusive mkdir.
 */
export async function claimFresh(config: TrainConfig, onLost: () => void): Promise<RunClaim> {
  const plan = { kind: 'fresh' as const, config };
  if (config.name === undefined) {
    const runDir = createRunDir(config.logdir, undefined, config.data);
    return { runDir, lock: await lockRun(runDir, onLost), plan };
  }
  makeDir(config.logdir);
  const runDir = join(config.logdir, checkRunName(config.name));
  const lock = await lockRun(runDir, onLost);
  try {
    createRunDir(config.logdir, config.name, config.data);
    return { runDir, lock, plan };
  } catch (e) {
    lock.release();
    throw e;
  }
}
