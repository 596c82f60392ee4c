import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { TrainConfig, TrainConfigInput } from '../run/config.js';
import { RUN_FILES } from '../run/files.js';
import { showValue } from '../run/issues.js';
import { type ResumeRecord, type RunMeta, readRunMeta } from '../run/meta.js';
import { hasCheckpoint, readCheckpointPosition } from './checkpoint.js';

/**
 * What `--resume` does with a run directory. The run's saved configuration is the truth: a
 * given field that would change what the run computes is refused (naming it), and only these
 * may change, recorded in trainscope.json's `resumes`: more epochs, and the thread count (it
 * changes no result's meaning). `logdir`, `name` and `resume` say where the run is.
 */
const MAY_CHANGE = new Set<string>(['epochs', 'threads']);
const WHERE = new Set<string>(['logdir', 'name', 'resume']);

export type ResumePlan =
  /** Continue from the checkpoint with the saved configuration (and the allowed changes). */
  | { kind: 'continue'; config: TrainConfig; previous: RunMeta; record: ResumeRecord }
  /** Killed before its first checkpoint: nothing to continue; start it again in the same directory. */
  | { kind: 'restart'; config: TrainConfig };

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields given in `input` (validated as `requested`) against the run's saved configuration:
 * those that would change what the run computes (refused, each in words) and those that may
 * change (epochs, threads).
 */
export function compareWithSaved(
  input: TrainConfigInput,
  requested: TrainConfig,
  saved: TrainConfig,
): { refused: string[]; changed: ResumeRecord['changed'] } {
  const refused: string[] = [];
  const changed: ResumeRecord['changed'] = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || WHERE.has(k)) continue;
    const want = requested[k as keyof TrainConfig];
    const had = saved[k as keyof TrainConfig];
    if (same(want, had)) continue;
    if (MAY_CHANGE.has(k)) changed[k] = { from: had ?? null, to: want };
    else refused.push(`--${kebab(k)} ${showValue(want)} (the run has ${showValue(had)})`);
  }
  return { refused, changed };
}

/**
 * Decide how to resume `runDir` (the caller holds its lock). `input` is what the user gave (its
 * keys are the fields they set), `requested` the same validated with defaults, test file named.
 */
export function planResume(runDir: string, input: TrainConfigInput, requested: TrainConfig): ResumePlan {
  if (!existsSync(runDir)) throw new UserError(`resume: run directory ${runDir} does not exist`);
  const metaFile = join(runDir, RUN_FILES.meta);
  const previous = existsSync(metaFile) ? readRunMeta(runDir) : undefined;
  const checkpoint = hasCheckpoint(runDir);
  if (!previous) {
    if (checkpoint)
      throw new UserError(`${metaFile}: missing, but the run has a checkpoint; the run is damaged`);
    if (input.data === undefined)
      throw new UserError(
        `${runDir}: the run was stopped before it recorded its configuration; give its flags (--data …) with --resume to start it again`,
      );
    clearRunDir(runDir);
    return { kind: 'restart', config: { ...requested, resume: false } };
  }
  const saved = previous.config;
  const { refused, changed } = compareWithSaved(input, requested, saved);
  if (refused.length)
    throw new UserError(
      `--resume continues ${runDir} with the configuration it was started with; refused: ${refused.join(', ')}. Only --epochs and --threads may change; for other settings start a new run with another --name`,
    );
  const config: TrainConfig = {
    ...saved,
    epochs: requested.epochs !== undefined && 'epochs' in changed ? requested.epochs : saved.epochs,
    threads: 'threads' in changed ? requested.threads : saved.threads,
    logdir: requested.logdir,
    name: requested.name,
    // What the run is told, as it was started: resuming is recorded in `resumes`, not here.
    resume: saved.resume,
  };
  if (!checkpoint) {
    // Killed after recording its configuration but before its first checkpoint.
    clearRunDir(runDir);
    return { kind: 'restart', config };
  }
  const at = readCheckpointPosition(runDir);
  if (config.epochs < at.epoch)
    throw new UserError(
      `--epochs ${config.epochs}: ${runDir} has already trained ${at.epoch} epochs; give at least that many`,
    );
  const done = join(runDir, RUN_FILES.done);
  if (existsSync(done)) {
    if (config.epochs <= at.epoch)
      throw new UserError(
        `${runDir}: the run is finished (${at.epoch} epochs); to train longer, give more --epochs`,
      );
    // Training on: until the new end, the run is unfinished again.
    rmSync(done);
  }
  return {
    kind: 'continue',
    config,
    previous,
    record: { at: new Date().toISOString(), epoch: at.epoch, step: at.step, changed },
  };
}

/** Remove what a run stopped before its first checkpoint wrote (train makes the folder again). */
function clearRunDir(runDir: string): void {
  rmSync(runDir, { recursive: true, force: true });
}
