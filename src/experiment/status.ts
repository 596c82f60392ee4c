import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { RUN_FILES } from '../run/files.js';
import type { GridSpec, Trial } from './grid.js';

export type TrialState = 'done' | 'interrupted' | 'pending';

/** The experiment's own record, beside its trials: what each trial was asked to run. */
export const EXPERIMENT_FILE = 'experiment.json';

export interface ExperimentRecord {
  /** Made once and kept across reruns: queue workers check that they see this experiment. */
  id: string;
  name: string;
  base: Record<string, unknown>;
  axes: { field: string; values: unknown[] }[];
  /** trial name → the configuration it was run with. */
  trials: Record<string, Record<string, unknown>>;
}

/**
 * A trial's directory tells its state: DONE is written last by the trainer, so a directory
 * without it was interrupted (killed, crashed, Ctrl-C) and is redone from scratch.
 */
export function trialState(runDir: string): TrialState {
  if (existsSync(join(runDir, RUN_FILES.done))) return 'done';
  return existsSync(runDir) ? 'interrupted' : 'pending';
}

export interface ResumePlan {
  /** Trials to run now, in grid order. */
  todo: Trial[];
  /** Trials already completed by an earlier invocation. */
  skipped: Trial[];
  /**
   * Trials with a directory but no DONE: left by an interrupted invocation (removed by the trial's
   * process under the run lock, then redone), or being trained right now by another process.
   */
  redo: Trial[];
}

/**
 * Decide what to run. A completed trial is skipped only if it was run with the same
 * configuration (recorded in experiment.json); otherwise the user must pick another name,
 * since silently mixing two grids in one table would be worse than stopping.
 */
export function planResume(expDir: string, trials: Trial[]): ResumePlan {
  const previous = readExperimentRecord(expDir);
  const plan: ResumePlan = { todo: [], skipped: [], redo: [] };
  for (const t of trials) {
    const state = trialState(join(expDir, t.name));
    const before = previous?.trials[t.name];
    if (state === 'done' && before) {
      const diff = firstDifference(before, t.config as Record<string, unknown>);
      if (diff) {
        throw new UserError(
          `${join(expDir, t.name)} was completed with ${diff}; use another --name, or delete that directory to rerun it`,
        );
      }
    }
    if (state === 'done') plan.skipped.push(t);
    else {
      if (state === 'interrupted') plan.redo.push(t);
      plan.todo.push(t);
    }
  }
  return plan;
}

export function readExperimentRecord(expDir: string): ExperimentRecord | undefined {
  const path = join(expDir, EXPERIMENT_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ExperimentRecord;
  } catch {
    throw new UserError(`${path}: not valid JSON; delete it to start the experiment afresh`);
  }
}

/**
 * Record the grid; trials of earlier invocations that are not in this grid are kept. Written
 * through a temporary file, since queue workers on other machines read it at any time.
 */
export function writeExperimentRecord(expDir: string, spec: GridSpec, trials: Trial[]): ExperimentRecord {
  const path = join(expDir, EXPERIMENT_FILE);
  const previous = readExperimentRecord(expDir) ?? createExperimentRecord(path, spec);
  const record: ExperimentRecord = {
    id: previous.id,
    name: spec.name,
    base: spec.base,
    axes: spec.axes,
    trials: { ...previous.trials },
  };
  for (const t of trials) record.trials[t.name] = t.config as Record<string, unknown>;
  const tmp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, path);
  return record;
}

/**
 * The first record of an experiment, created exclusively (complete, through a hard link): of two
 * experiments started at once on the same logdir, one creates it and both keep its id, which the
 * queue's jobs carry; the other's record would make them look obsolete to the workers.
 */
function createExperimentRecord(path: string, spec: GridSpec): ExperimentRecord {
  const first: ExperimentRecord = {
    id: randomUUID(),
    name: spec.name,
    base: spec.base,
    axes: spec.axes,
    trials: {},
  };
  const tmp = `${path}.${first.id}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(first, null, 2)}\n`);
  try {
    linkSync(tmp, path);
    return first;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return readExperimentRecord(dirname(path)) ?? first;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** `field 'epochs' = 5 (now 10)`, or undefined when both configurations are the same. */
export function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    // threads only changes speed; logdir may be spelled differently (runs, ./runs)
    if (k === 'threads' || k === 'logdir') continue;
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x !== y) return `field '${k}' = ${x ?? '(unset)'} (now ${y ?? '(unset)'})`;
  }
  return undefined;
}
