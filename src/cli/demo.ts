import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { demoDifferences, demoSpec, observations } from '../experiment/demo.js';
import { formatEvidence, storyEvidence } from '../experiment/evidence.js';
import { MAX_WORKERS } from '../experiment/grid-file.js';
import { formatDuration } from '../experiment/progress.js';
import type { ExperimentResult } from '../experiment/run.js';
import { renderTerminal } from '../experiment/table.js';
import { parseCount, parseFlags } from './args.js';
import type { Command } from './command.js';
import { runWithProgress } from './experiment.js';

const HELP = `Usage: trainscope demo [--no-board] [--port 6006] [--logdir runs] [--fresh]

The story in three minutes, on built-in synthetic data (nothing to download):
  1. trains the grid {truncated_normal:1, glorot_uniform} × {no dropout, dropout 0.5} in
     parallel and prints the story-style table (the collapsed configuration stands out);
  2. runs the doctor with --explain on the collapsed configuration (short counterfactual runs,
     one factor changed at a time) and prints its verdict;
  3. serves the dashboard on the runs and prints its URL (Ctrl-C to stop).

${demoDifferences()
  .map((l) => `  ${l}`)
  .join('\n')}

Runs go to LOGDIR/demo/<trial>. Running the demo again reuses finished trials (--fresh redoes them).

Options:
  --no-board     do not serve the dashboard; exit when the verdict is printed
  --port N       dashboard port (default 6006; a free one if that is taken)
  --logdir DIR   where the demo's runs go (default: runs)
  --seeds N      seeds per configuration (default 1; the table shows mean ± std when N > 1)
  --workers N    parallel trials (default: the machine's cores)
  --fresh        delete LOGDIR/demo first`;

export const command: Command = {
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const flags = parseFlags('demo', argv, {
      'no-board': { type: 'boolean' },
      port: { type: 'string' },
      logdir: { type: 'string' },
      seeds: { type: 'string' },
      workers: { type: 'string' },
      fresh: { type: 'boolean' },
    });
    if (flags.positionals.length > 0)
      throw new UserError(`unexpected argument '${flags.positionals[0]}'; see trainscope demo --help`);
    const v = flags.values;
    const logdir = v.logdir ?? 'runs';
    const seeds = parseCount('--seeds', v.seeds, 1, 1, 1000);
    const workers =
      v.workers === undefined ? undefined : parseCount('--workers', v.workers, 1, 1, MAX_WORKERS);
    if (v.port !== undefined) parseCount('--port', v.port, 6006, 0, 65535);
    const spec = demoSpec(seeds);
    const expDir = join(logdir, spec.name);
    if (v.fresh) rmSync(expDir, { recursive: true, force: true });

    const started = Date.now();
    console.log('trainscope demo: the story — is it dropout, or the initialisation?\n');
    for (const line of demoDifferences()) console.log(`  ${line}`);
    console.log('');

    const { result, interrupted } = await runWithProgress({ spec, logdir, workers });
    if (interrupted) return 130;
    console.log(
      `\n${renderTerminal(result.table, { color: process.stdout.isTTY === true && !process.env.NO_COLOR })}\n`,
    );
    console.log(`(also in ${result.files.markdown}, .csv, .json)\n`);
    for (const line of observations(result.table)) console.log(`  ${line}`);
    console.log('');
    console.log(`${formatEvidence(await storyEvidence(result.expDir, result.table))}\n`);

    const target = collapsedTrial(result);
    if (!target.collapsed) {
      console.log(
        `The collapse did NOT show in this run: no configuration predicted every label all-positive or all-negative.\n` +
          `Explaining ${target.label} anyway.\n`,
      );
    } else {
      console.log(
        `Collapsed: ${target.label} — constant outputs, every label predicted all-positive or all-negative.\n`,
      );
    }
    const verdict = await explainTrial(target.dir);
    console.log(verdict);
    console.log(`\ntraining and explanation took ${formatDuration((Date.now() - started) / 1000)}`);

    if (v['no-board']) return 0;
    return serveBoard(expDir, v.port);
  },
};

/** The trial to explain: the first finished seed of the most collapsed row, else of std-1 + dropout. */
function collapsedTrial(result: ExperimentResult): { dir: string; label: string; collapsed: boolean } {
  const rows = result.table.rows;
  const collapsed = [...rows].filter((r) => r.collapsed > 0).sort((a, b) => b.collapsed - a.collapsed)[0];
  const row =
    collapsed ??
    rows.find(
      (r) => String(r.assignment.init).startsWith('truncated_normal') && Number(r.assignment.dropout) > 0,
    ) ??
    rows[0];
  const trial =
    row.trials.find((t) => t.status === 'done' && t.outcome?.collapsed) ??
    row.trials.find((t) => t.status === 'done');
  if (!trial) throw new UserError(`no finished trial of ${row.label} to explain; see the errors above`);
  return { dir: join(result.expDir, trial.name), label: row.label, collapsed: collapsed !== undefined };
}

/**
 * `trainscope doctor RUN --explain`, as a library call: diagnose the run, then short
 * counterfactual runs ranked by effect. A finished explanation is reused when the demo reruns.
 */
async function explainTrial(runDir: string): Promise<string> {
  const { loadRun } = await import('../doctor/load.js');
  const { diagnose } = await import('../doctor/diagnose.js');
  const { explainDir, formatExplain } = await import('../doctor/explain.js');
  const { explainRun } = await import('../doctor/explain-run.js');
  const loaded = await loadRun(runDir);
  const report = diagnose(loaded.run, loaded.ctx);
  const lines = [`doctor ${runDir} --explain`];
  if (report.diagnosis) lines.push(`  diagnosis: ${report.diagnosis.summary}`);
  if (!loaded.meta) throw new UserError(`${runDir}: not a trainscope run (no trainscope.json)`);
  if (!existsSync(join(explainDir(runDir), 'explain.json')))
    process.stderr.write('explaining: short counterfactual runs, one factor changed at a time…\n');
  // The workers are done: the short runs may use every core.
  const { result: ex, reused } = await explainRun(loaded, report, {
    reuse: true,
    threads: availableParallelism(),
    log: (l) => process.stderr.write(`  ${l}\n`),
  });
  if (reused) lines.push('  (counterfactual runs from an earlier demo; --fresh redoes them)');
  lines.push('', `Counterfactual short runs (${ex.ranked.length + 1}, same seed):`, formatExplain(ex));
  return lines.join('\n');
}

async function serveBoard(expDir: string, port: string | undefined): Promise<number> {
  const { command: board } = await import('./board.js');
  try {
    return await board.run([expDir, '--port', port ?? '6006']);
  } catch (e) {
    // The default port is taken (another board?): any free port will do for the demo.
    if (port === undefined && /in use/.test((e as Error).message)) return board.run([expDir, '--port', '0']);
    throw e;
  }
}
