import { isCurrentProblem } from '../doctor/diagnose.js';
import { formatPreflight } from '../doctor/preflight.js';
import { runPreflight } from '../doctor/preflight-run.js';
import type { Finding } from '../doctor/types.js';
import { trainWatched } from '../doctor/watched-train.js';
import { UserError } from '../errors.js';
import { formatReport } from '../metrics/format.js';
import type { MetricsReport } from '../metrics/report.js';
import type { TrainConfigInput } from '../run/config.js';
import { checkTrainConfig } from '../train/train.js';
import type { Command } from './command.js';
import { printFinding } from './print-finding.js';
import { parseTrainArgs, trainFlagsHelp } from './train-flags.js';

const HELP = `Usage: trainscope train --data DATA [options]   (or --config run.yaml)
       trainscope train --resume --name NAME [--epochs N]

Train a multi-label MLP (sigmoid outputs, sigmoid cross-entropy) and record it in LOGDIR/NAME:
TensorBoard event files, model.onnx, trainscope.json, doctor.json. Ends with the story's eight
numbers (ROC AUC micro, macro; precision micro, macro, weighted; recall micro, macro, weighted),
the rest of the report and a per-label table.

DATA is a .arff/.csv file, a named set (emotions, scene, …) or a synthetic preset (seed-like);
it must be named: plain \`trainscope train\` trains nothing (the story on built-in data is
\`trainscope demo\`, or \`--data seed-like\`). --resume continues a run from its checkpoint with the
configuration it was started with: other flags that would change it are refused, except
--epochs (more epochs) and --threads.

Options (every one can also come from --config FILE, .yaml or .json; flags override it):
  --config FILE             read options from a YAML/JSON file
  --json                    print the final report as one JSON object on stdout
  --quiet                   no progress lines
  --preflight               only check the initial network (weights, one forward pass) and exit
${trainFlagsHelp()}

Example (the story, with Glorot init):
  trainscope train --data scene-train.arff --test scene-test.arff --hidden 256,128,64 \\
    --dropout 0.5 --init glorot_uniform --lr 1e-4 --epochs 100 --name scene-glorot`;

export const command: Command = {
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const { config, extra, positionals } = parseTrainArgs(argv, {
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      preflight: { type: 'boolean' },
    });
    if (positionals.length > 0) {
      const hint = /\.(arff|csv)(\.gz|\.bz2)?$/i.test(positionals[0])
        ? ` (did you mean --data ${positionals[0]}?)`
        : '';
      throw new UserError(`unexpected argument '${positionals[0]}'${hint}; see trainscope train --help`);
    }
    checkTrainConfig(config);
    if (config.data === undefined && config.resume !== true) {
      throw new UserError(
        'no data: name it with --data FILE, a named set (--data emotions) or a synthetic preset (--data seed-like); see trainscope train --help',
      );
    }
    if (extra.preflight === true) return runPreflightOnly(config, extra.json === true);
    const json = extra.json === true;
    const quiet = extra.quiet === true;
    // Progress goes to stderr so `--json` keeps stdout machine-readable.
    const say = (line: string) => {
      if (!quiet) process.stderr.write(`${line}\n`);
    };
    const abort = new AbortController();
    const onSigint = () => {
      if (abort.signal.aborted) process.exit(130);
      say('interrupt: finishing the current step and saving a checkpoint (Ctrl-C again to quit at once)');
      abort.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      // A live bar on a terminal; plain epoch lines otherwise (logs, CI, pipes).
      const bar = !quiet && process.stderr.isTTY ? progressBar() : undefined;
      const result = await trainWatched(config, {
        log: (line) => {
          bar?.clear();
          say(line);
        },
        onProgress: bar?.update,
        onFinding: (f: Finding) => {
          bar?.clear();
          say(printFinding(f));
        },
        signal: abort.signal,
      });
      const report = result.report as unknown as MetricsReport;
      if (json) {
        console.log(JSON.stringify({ run: result.runDir, stopped: result.stopped, ...report }));
      } else {
        console.log(
          `\nrun: ${result.runDir} (${result.epochsRun} epochs, ${result.stopped}${result.stopReason ? `: ${result.stopReason}` : ''})`,
        );
        console.log(`\ntest set\n${formatReport(report)}`);
        const serious = result.findings.filter(isCurrentProblem);
        if (serious.length > 0)
          console.log(`\ndoctor: ${serious.length} finding(s); see trainscope doctor ${result.runDir}`);
      }
      if (result.stopped === 'doctor') {
        // A run that had to stop is a failure for scripts, whatever it managed to write.
        console.error(`trainscope train: stopped early: ${result.stopReason}`);
        return 3;
      }
      return result.stopped === 'interrupted' ? 130 : 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

/** Exit code 1 when the initial network already has a warning or worse, as `doctor` does. */
async function runPreflightOnly(config: TrainConfigInput, json: boolean): Promise<number> {
  const r = await runPreflight(config);
  if (json) console.log(JSON.stringify({ ...r, snapshot: undefined }));
  else {
    console.log(formatPreflight(r));
    for (const f of r.findings) console.log(printFinding(f));
    if (r.findings.length === 0) console.log('preflight: nothing wrong found');
  }
  return r.findings.some((f) => f.severity !== 'info') ? 1 : 0;
}

function progressBar(): {
  update: (p: { epoch: number; epochs: number; step: number; steps: number; loss: number }) => void;
  clear: () => void;
} {
  const width = 30;
  return {
    update(p) {
      const done = Math.round((p.step / p.steps) * width);
      const text = `epoch ${p.epoch}/${p.epochs} [${'='.repeat(done)}${' '.repeat(width - done)}] ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}`;
      process.stderr.write(`\r${text}\x1b[K`);
    },
    clear() {
      process.stderr.write('\r\x1b[K');
    },
  };
}
