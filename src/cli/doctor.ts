import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { hasWarnings, isCurrentProblem } from '../doctor/diagnose.js';
import { examine } from '../doctor/examine.js';
import { formatExplain } from '../doctor/explain.js';
import { explainRun } from '../doctor/explain-run.js';
import { formatReport } from '../doctor/format.js';
import { bestRepair, repair } from '../doctor/repair.js';
import type { DoctorReport } from '../doctor/types.js';
import { UserError } from '../errors.js';
import { formatReading, readingSummary } from '../logs/format.js';
import { parseRoleMap, ROLE_HELP } from '../logs/roles.js';
import type { TrainConfigInput } from '../run/config.js';
import { RUN_FILES } from '../run/files.js';
import { readJsonFile } from '../run/read-json.js';
import { parseCount, parseFlags, printHelp } from './args.js';
import type { Command } from './command.js';
import { noteRunStatus } from './run-notes.js';

const HELP = `Usage: trainscope doctor RUN [--json] [--explain] [--fix] [--map TAG=ROLE …]

Diagnose a training run: what is wrong, where, since which step, the numbers that show it and
the configuration change that fixes it. RUN is a trainscope run directory or any framework's
TensorBoard run: PyTorch SummaryWriter (fc1.weight, fc1.weight.grad, Loss/train, …, with its
add_hparams sub-run), Keras' callback (RUN/train + RUN/validation, dense/kernel_0 or
dense/kernel/histogram, epoch_loss, epoch_auc), TF1 summaries (scope/weights, scope/biases,
scope/activations, loss). Tags are read with a table of naming conventions; layer order and
fan-in/fan-out are inferred from the histograms; tags nobody understands are listed.

Every report lists what was checked (and which tags each check read) and what could not be,
with the reason. When too few checks could run for "no findings" to mean anything, it says so
first, in capitals.

Options:
  --json      print {"findings", "checked", "not_checked", "coverage", "diagnosis"} on stdout
  --explain   run short counterfactual trainings (one factor changed at a time, same seed) and
              rank the causes by effect on the failing symptom and validation AUC (trainscope runs only)
  --fix       retrain with the best repair at full budget beside the original run; before/after report
  --steps N   optimiser steps per counterfactual run (default 800)
  --map TAG=ROLE  read TAG as ROLE where the naming table guesses wrong or not at all
              (repeatable). Roles: ${ROLE_HELP}

Exit codes:
  0  checked enough, nothing of warning or worse
  1  warnings or fatal findings
  2  usage errors (bad arguments, no such run, unreadable files)
  3  no warnings, but too little could be checked to call the run healthy (see the report's
     first line: at least 4 checks, one on the losses or metrics and one inside the network)`;

/** 1 for a problem found, 3 for a clean bill that checked too little, 0 otherwise. */
export function doctorExitCode(report: DoctorReport): number {
  if (hasWarnings(report)) return 1;
  return report.coverage && !report.coverage.sufficient ? 3 : 0;
}

async function trainFn(config: TrainConfigInput) {
  const { trainWatched } = await import('../doctor/watched-train.js');
  const r = await trainWatched(config);
  return { runDir: r.runDir, history: r.history, report: r.report };
}

function metricsLine(report: Record<string, unknown>): string {
  const m = (report.metrics ?? report) as Record<string, unknown>;
  const keys = ['roc_auc_micro', 'roc_auc_macro', 'precision_micro', 'recall_micro'];
  return keys.map((k) => `${k}=${typeof m[k] === 'number' ? (m[k] as number).toFixed(3) : 'n/a'}`).join(' ');
}

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const parsed = parseFlags('doctor', argv, {
      json: { type: 'boolean' },
      explain: { type: 'boolean' },
      fix: { type: 'boolean' },
      steps: { type: 'string' },
      map: { type: 'string', multiple: true },
    });
    const { values, positionals } = parsed;
    if (positionals.length !== 1)
      throw new UserError('expected one RUN directory (see trainscope doctor --help)');
    const steps =
      values.steps === undefined ? undefined : parseCount('--steps', values.steps, 800, 1, 10_000_000);
    const path = positionals[0];
    if (!existsSync(path)) throw new UserError(`${path}: no such run directory`);
    const examined = await examine(path, { overrides: parseRoleMap(values.map ?? []) });
    const { dir, report, reading } = examined;
    const loaded = { dir, run: reading.run, ctx: examined.ctx, meta: examined.meta };
    noteRunStatus(
      dir,
      reading.parts.map((p) => p.data),
    );
    if (values.json && !values.explain && !values.fix) {
      console.log(JSON.stringify({ ...report, log: readingSummary(reading) }, null, 2));
      return doctorExitCode(report);
    }
    if (!values.json)
      console.log(formatReport(report, `doctor ${dir}`, reading.ours ? '' : formatReading(reading)));
    if (!values.explain && !values.fix) return doctorExitCode(report);
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const { result: ex } = await explainRun(loaded, report, { steps, log: say });
    if (!loaded.meta) return doctorExitCode(report); // explainRun refuses runs without trainscope.json
    if (values.json && !values.fix) console.log(JSON.stringify({ ...report, explain: ex }, null, 2));
    else if (!values.json)
      console.log(`\nCounterfactual short runs (${ex.ranked.length + 1}, same seed):\n${formatExplain(ex)}`);
    if (values.fix) {
      const fix = bestRepair(ex);
      if (!fix) {
        console.log('\nfix: no tested change helped; nothing retrained.');
        return 1;
      }
      say(`fix: retraining with ${fix.label} at full budget…`);
      const r = await repair(dir, loaded.meta.config, report, fix, loaded.ctx, trainFn);
      const reportFile = join(dir, RUN_FILES.report);
      const beforeReport = existsSync(reportFile)
        ? readJsonFile(reportFile, z.record(z.string(), z.unknown()))
        : undefined;
      if (values.json) {
        console.log(
          JSON.stringify(
            {
              ...report,
              explain: ex,
              repair: { run: r.runDir, patch: r.patch, after: r.after, report: r.report },
            },
            null,
            2,
          ),
        );
      } else {
        console.log(`\nRepair: ${fix.label} → ${r.runDir}`);
        console.log(
          `  before: ${report.findings.filter(isCurrentProblem).length} serious finding(s); ${beforeReport ? metricsLine(beforeReport) : ''}`,
        );
        console.log(
          `  after:  ${r.after.findings.filter(isCurrentProblem).length} serious finding(s); ${metricsLine(r.report)}`,
        );
        console.log(`\n${formatReport(r.after, `doctor ${r.runDir}`)}`);
      }
      return doctorExitCode(r.after);
    }
    return doctorExitCode(report);
  },
};
