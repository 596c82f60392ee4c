import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { GridSpec } from '../experiment/grid.js';
import { MAX_SEEDS, seedAxis } from '../experiment/grid.js';
import {
  checkName,
  MAX_WORKERS,
  parseAxisFlag,
  parseSetFlag,
  readGridFile,
} from '../experiment/grid-file.js';
import { ProgressTracker, progressPrinter } from '../experiment/progress.js';
import { PASSWORD_ENV, parseQueueUrl, type QueueTarget } from '../experiment/queue/url.js';
import { type ExperimentResult, runExperiment } from '../experiment/run.js';
import { renderTerminal } from '../experiment/table.js';
import { flagNumber, parseCount, parseFlags } from './args.js';
import type { Command } from './command.js';

const HELP = `Usage: trainscope experiment [GRID.yaml] [--grid FIELD=V1,V2,…]… [--seeds N] [options]

Run a grid of training runs in parallel worker processes and summarise it in one table: per
configuration, mean ± std over seeds of the story's eight numbers, the share predicted positive
and the doctor's verdict; collapsed configurations stand out. Each trial is an ordinary run in
LOGDIR/NAME/<trial> (event files with hparams, so TensorBoard's HParams view and
\`trainscope board LOGDIR/NAME\` show the grid). The table is also written there as results.md,
results.csv and results.json. Rerunning the same command resumes: completed trials are skipped,
interrupted ones are redone. A failing trial is reported and does not stop the others. Each trial
is locked while it trains: a second experiment on the same logdir (or a queue worker) never
trains it again, it waits for it.

Grid file (YAML or JSON):
  name: story                       # default: the file name
  seeds: 3                          # shorthand for the axis seed: [1, 2, 3]
  base: { hidden: [256, 128, 64], lr: 1.0e-4, epochs: 500 }
  axes:                             # any configuration field (see trainscope train --help)
    init: [truncated_normal:1, glorot_uniform]
    dropout: [0, 0.5]

Options:
  --grid FIELD=V1,V2,…   an axis (repeatable); separate list values with | (hidden=256,128|64)
  --seeds N              seeds 1..N as an axis
  --set FIELD=VALUE      a base configuration field (repeatable; overrides the grid file)
  --name NAME            experiment name (default: the grid file's name, else 'experiment')
  --logdir DIR           where experiments go (default: runs)
  --workers N            parallel trials (default: the machine's cores, ${availableParallelism()} here);
                         each trial's engine gets cores / workers threads
  --queue URL            do not train here: put the unfinished trials on a Redis-backed queue
                         (redis://[:password@]host[:port][/db], rediss:// for TLS; or the password
                         in ${PASSWORD_ENV}) for \`trainscope worker\` processes on any machine that
                         sees LOGDIR, follow their progress, then write the same table. Ctrl-C stops
                         following only: the workers finish the trials; rerun to follow again
  --json                 print the results table as JSON on stdout
  --no-color             no colours in the table

Example (the story's grid, shortened):
  trainscope experiment --grid init=truncated_normal:1,glorot_uniform --grid dropout=0,0.5 \\
    --seeds 3 --set hidden=256,128,64 --set lr=1e-4 --set epochs=100 --name story`;

export interface ExperimentArgs {
  spec: GridSpec;
  logdir: string;
  workers?: number;
  queue?: QueueTarget;
  json: boolean;
  color: boolean;
}

export function parseExperimentArgs(argv: string[]): ExperimentArgs {
  const parsed = parseFlags('experiment', argv, {
    grid: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    set: { type: 'string', multiple: true },
    name: { type: 'string' },
    logdir: { type: 'string' },
    workers: { type: 'string' },
    queue: { type: 'string' },
    json: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  });
  const { values: v, positionals } = parsed;
  if (positionals.length > 1)
    throw new UserError(`expected at most one grid file, got ${positionals.join(' ')}`);
  const file = positionals[0] ? readGridFile(positionals[0]) : undefined;
  const spec: GridSpec = file ? file.spec : { name: 'experiment', base: {}, axes: [] };
  for (const flag of v.grid ?? []) {
    const axis = parseAxisFlag(flag);
    if (spec.axes.some((a) => a.field === axis.field))
      throw new UserError(`--grid ${flag}: axis '${axis.field}' is given twice`);
    spec.axes.push(axis);
  }
  if (v.seeds !== undefined) {
    if (spec.axes.some((a) => a.field === 'seed'))
      throw new UserError(`--seeds: the grid already has a seed axis`);
    spec.axes.push(seedAxis(parseCount('--seeds', v.seeds, 1, 1, MAX_SEEDS)));
  }
  for (const flag of v.set ?? []) {
    const [field, value] = parseSetFlag(flag);
    spec.base[field] = value;
  }
  if (v.name !== undefined) spec.name = v.name;
  checkName(spec.name);
  if (!file && spec.axes.length === 0) {
    throw new UserError('nothing to run: give a grid file or at least one --grid FIELD=V1,V2 or --seeds N');
  }
  const workers = v.workers !== undefined ? flagNumber(v.workers) : file?.workers;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)) {
    throw new UserError(`--workers: expected an integer from 1 to ${MAX_WORKERS}, got '${v.workers}'`);
  }
  const queue = v.queue === undefined ? undefined : parseQueueUrl(v.queue);
  if (queue && v.workers !== undefined) {
    throw new UserError(
      '--workers is for local trials; with --queue, start `trainscope worker` processes instead',
    );
  }
  return {
    spec,
    logdir: v.logdir ?? 'runs',
    workers: queue ? undefined : workers,
    queue,
    json: v.json === true,
    color: v['no-color'] !== true && process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

/**
 * Run a parsed experiment with a progress display on stderr; Ctrl-C stops the workers (their
 * trials count as interrupted and are redone next time), or in queue mode stops following.
 * Shared with `trainscope demo`.
 */
export async function runWithProgress(
  args: Pick<ExperimentArgs, 'spec' | 'logdir' | 'workers' | 'queue'>,
  opts: { runner?: string } = {},
): Promise<{ result: ExperimentResult; interrupted: boolean }> {
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(
      args.queue
        ? '\ninterrupt: stopped following; the trials stay on the queue and the workers finish them; rerun the same command to follow them and write the table\n'
        : '\ninterrupt: stopping the workers; rerun the same command to resume\n',
    );
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  let printer: ReturnType<typeof progressPrinter> | undefined;
  try {
    const result = await runExperiment(args.spec, {
      logdir: args.logdir,
      workers: args.workers,
      runner: opts.runner,
      signal: abort.signal,
      onPlan(plan, mode) {
        const parts = [`experiment ${args.spec.name}: ${plan.todo.length + plan.skipped.length} trials`];
        if (plan.skipped.length) parts.push(`${plan.skipped.length} already done (skipped)`);
        if (plan.redo.length) {
          const then =
            mode.kind === 'queue'
              ? 'resumed'
              : 'resumed from their checkpoints, unless another process is still training them';
          parts.push(`${plan.redo.length} unfinished (${then})`);
        }
        if (plan.todo.length && mode.kind === 'local')
          parts.push(`running ${plan.todo.length} on ${mode.workers} worker(s) × ${mode.threads} thread(s)`);
        if (plan.todo.length && mode.kind === 'queue')
          parts.push(`queueing ${plan.todo.length} on ${mode.shown}`);
        process.stderr.write(`${parts.join('; ')}\n`);
        printer = progressPrinter(new ProgressTracker(plan.todo));
      },
      queue: args.queue && {
        target: args.queue,
        log: (line) => process.stderr.write(`${line}\n`),
        onQueued({ added, already, workers }) {
          const parts = [`${added} trial(s) queued`];
          if (already) parts.push(`${already} were on the queue already`);
          if (workers) parts.push(`${workers} worker(s) connected`);
          process.stderr.write(`${parts.join('; ')}\n`);
          if (workers === 0) {
            process.stderr.write(
              `no worker is connected yet: on each machine that sees ${resolve(args.logdir)}, run\n  trainscope worker --queue ${args.queue?.shown} --logdir <that path>\n`,
            );
          }
        },
      },
      onEvent: (e) => printer?.onEvent(e),
    });
    return { result, interrupted: abort.signal.aborted };
  } finally {
    printer?.close();
    process.off('SIGINT', onSigint);
  }
}

export const command: Command = {
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const args = parseExperimentArgs(argv);
    const { result, interrupted } = await runWithProgress(args);
    if (args.json) {
      console.log(JSON.stringify(result.table));
    } else {
      console.log(`\n${renderTerminal(result.table, { color: args.color })}`);
      console.log(`\nruns and results: ${result.expDir} (results.md, results.csv, results.json)`);
      console.log(`board: trainscope board ${result.expDir}`);
    }
    const failed = [...result.outcomes.values()].filter((o) => o.status === 'failed').length;
    if (interrupted) return 130;
    if (failed > 0) {
      console.error(
        `${failed} trial(s) failed; see the errors above, fix them and rerun the same command to resume`,
      );
      return 1;
    }
    return 0;
  },
};
