import { existsSync, readFileSync, rmSync } from 'node:fs';
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
 * What a trial's run directory needs: a finished run nothing (another process trained it, or a
 * lost worker finished it before saying so); a checkpoint of this very configuration is resumed
 * (the same final weights as an uninterrupted run); anything else — the beginnings of a run, or a
 * checkpoint saved under another configuration (the grid's base changed since, the trial's name
 * did not) — is removed and trained afresh.
 */
export type RunPlan = { kind: 'already-done' } | { kind: 'resume'; afterEpoch: number } | { kind: 'fresh' };

export async function planRun(runDir: string, config?: TrainConfigInput): Promise<RunPlan> {
  if (existsSync(join(runDir, RUN_FILES.done))) return { kind: 'already-done' };
  const epoch = checkpointEpoch(runDir);
  if (epoch === undefined || (config && !(await continues(runDir, config)))) return { kind: 'fresh' };
  return { kind: 'resume', afterEpoch: epoch };
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

/** Would `--resume` with this configuration continue the saved run (nothing refused)? */
async function continues(runDir: string, config: TrainConfigInput): Promise<boolean> {
  // Loaded only when there is a checkpoint: the trainer's modules are heavy for a claim.
  const [{ readRunMeta }, { compareWithSaved }, { checkTrainConfig }, { withStandardTest }] =
    await Promise.all([
      import('../run/meta.js'),
      import('../train/resume.js'),
      import('../train/train.js'),
      import('../train/prepare.js'),
    ]);
  try {
    const saved = readRunMeta(runDir).config;
    return compareWithSaved(config, withStandardTest(checkTrainConfig(config)), saved).refused.length === 0;
  } catch {
    return false; // unreadable meta or a configuration that no longer parses: nothing to continue
  }
}

/**
 * A trial's claim on its run, local grids and queue workers alike: under the run lock, decide
 * (planRun) and then skip it, resume it, or remove what is there and train it afresh.
 */
export function claimRun(
  config: TrainConfigInput,
  train: (config: TrainConfigInput) => Promise<TrialResult>,
): Promise<TrialResult> {
  const runDir = runDirOf(config);
  return underRunLock(runDir, async () => {
    const plan = await planRun(runDir, config);
    if (plan.kind === 'already-done') return { kind: 'already-done' };
    if (plan.kind === 'fresh') rmSync(runDir, { recursive: true, force: true });
    const r = await train(plan.kind === 'resume' ? { ...config, resume: true } : config);
    return plan.kind === 'resume' && r.kind === 'trained' ? { ...r, resumedAfterEpoch: plan.afterEpoch } : r;
  });
}
