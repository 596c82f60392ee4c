import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { aggregate, type ConfigRow, type ResultsTable, type TrialEntry } from './aggregate.js';
import { expandGrid, type GridSpec, type Trial } from './grid.js';
import { writeHparamsRoot } from './hparams-root.js';
import { type PoolEvent, type PoolOutcome, runPool } from './pool.js';
import type { QueueTarget } from './queue/url.js';
import { readTrialOutcome } from './results.js';
import { planResume, type ResumePlan, writeExperimentRecord } from './status.js';
import { renderCsv, renderJson, renderMarkdown } from './table.js';

export interface ExperimentOptions {
  logdir: string;
  /** Parallel trials; default: the machine's cores. */
  workers?: number;
  /** Module the workers import to run a trial (tests use a fake one); default: train(). */
  runner?: string;
  /** Cores to share between workers (default: os.availableParallelism()). */
  cores?: number;
  onEvent?: (e: PoolEvent) => void;
  /** Told what resuming decided, before anything runs. */
  onPlan?: (plan: ResumePlan, mode: RunMode) => void;
  /**
   * Queue mode: put the trials on this Redis-backed queue for `trainscope worker` processes
   * anywhere (the logdir must be shared with them) instead of training them here.
   */
  queue?: QueueMode;
  /** Stop: local workers are killed; in queue mode the experiment stops following (the trials stay queued). */
  signal?: AbortSignal;
}

export interface QueueMode {
  target: QueueTarget;
  onQueued?: (info: { added: number; already: number; workers: number | null }) => void;
  /** Warnings (lost connections). */
  log?: (line: string) => void;
  reconcileMs?: number;
}

export type RunMode = { kind: 'local'; workers: number; threads: number } | { kind: 'queue'; shown: string };

export interface ExperimentResult {
  expDir: string;
  trials: Trial[];
  plan: ResumePlan;
  outcomes: Map<string, PoolOutcome>;
  table: ResultsTable;
  files: { markdown: string; csv: string; json: string };
}

export const RESULT_FILES = { markdown: 'results.md', csv: 'results.csv', json: 'results.json' } as const;

/** Workers and threads per trial so that workers × threads ≤ cores (at least 1 of each). */
export function share(
  requested: number | undefined,
  todo: number,
  cores: number,
): { workers: number; threads: number } {
  const workers = Math.max(1, Math.min(requested ?? cores, Math.max(1, todo)));
  return { workers, threads: Math.max(1, Math.floor(cores / workers)) };
}

/**
 * Run a grid: expand it, skip trials completed earlier, resume interrupted ones (run-claim.ts), run the rest in
 * parallel workers, then read every trial's report and write the results table (Markdown, CSV,
 * JSON) next to the runs. A failed trial is reported in the table and does not stop the others.
 */
export async function runExperiment(spec: GridSpec, opts: ExperimentOptions): Promise<ExperimentResult> {
  const trials = expandGrid(spec, opts.logdir);
  const expDir = join(opts.logdir, spec.name);
  mkdirSync(expDir, { recursive: true });
  const plan = planResume(expDir, trials);
  let outcomes: Map<string, PoolOutcome>;
  if (opts.queue) {
    // Interrupted trials are left as they are: a worker may still be training one, and the
    // worker that takes it decides (under the run lock) whether to resume or start afresh.
    const record = writeExperimentRecord(expDir, spec, trials);
    writeHparamsRoot(expDir, trials);
    opts.onPlan?.(plan, { kind: 'queue', shown: opts.queue.target.shown });
    // A finished grid needs no queue (nor a reachable Redis) to write its table again.
    const { runQueued } = await import('./queue/run-queued.js');
    outcomes =
      plan.todo.length === 0
        ? new Map()
        : await runQueued(plan.todo, {
            target: opts.queue.target,
            logdir: opts.logdir,
            expDir,
            experiment: { id: record.id, name: spec.name },
            onEvent: opts.onEvent,
            onQueued: opts.queue.onQueued,
            log: opts.queue.log,
            signal: opts.signal,
            reconcileMs: opts.queue.reconcileMs,
          });
  } else {
    writeExperimentRecord(expDir, spec, trials);
    writeHparamsRoot(expDir, trials);
    const { workers, threads } = share(opts.workers, plan.todo.length, opts.cores ?? availableParallelism());
    opts.onPlan?.(plan, { kind: 'local', workers, threads });
    outcomes = await runPool(plan.todo, {
      workers,
      threads,
      expDir,
      runner: opts.runner,
      onEvent: opts.onEvent,
      signal: opts.signal,
    });
  }
  const table = collectResults(spec.name, expDir, trials, plan, outcomes);
  const files = writeResults(expDir, table);
  return { expDir, trials, plan, outcomes, table, files };
}

/** Read back every trial of the grid (skipped ones included) and aggregate per configuration. */
export function collectResults(
  name: string,
  expDir: string,
  trials: Trial[],
  plan: Pick<ResumePlan, 'skipped'>,
  outcomes: Map<string, PoolOutcome>,
): ResultsTable {
  const skipped = new Set(plan.skipped.map((t) => t.name));
  const entries: TrialEntry[] = trials.map((trial) => {
    const o = outcomes.get(trial.name);
    if (skipped.has(trial.name) || o?.status === 'done') {
      return { trial, status: 'done', outcome: readTrialOutcome(join(expDir, trial.name)) };
    }
    if (o) return { trial, status: 'failed', error: o.error };
    return { trial, status: 'missing' };
  });
  return aggregate(name, entries);
}

export function writeResults(expDir: string, table: ResultsTable): ExperimentResult['files'] {
  const files = {
    markdown: join(expDir, RESULT_FILES.markdown),
    csv: join(expDir, RESULT_FILES.csv),
    json: join(expDir, RESULT_FILES.json),
  };
  writeFileSync(files.markdown, renderMarkdown(table));
  writeFileSync(files.csv, renderCsv(table));
  writeFileSync(files.json, renderJson(table));
  return files;
}

/** The rows that collapsed, worst first (most seeds collapsed). */
export function collapsedRows(table: ResultsTable): ConfigRow[] {
  return table.rows.filter((r) => r.collapsed > 0).sort((a, b) => b.collapsed - a.collapsed);
}
