import { UserError } from '../errors.js';
import { formatReport } from '../metrics/format.js';
import { evaluate } from '../train/saved-model.js';
import { noMorePositionals, parseFlags, parseThreshold, printHelp } from './args.js';
import type { Command } from './command.js';
import { noteRunStatus } from './run-notes.js';

const HELP = `Usage: trainscope eval RUN --data FILE [--labels SPEC] [--threshold T] [--json]

The full multi-label report of the model saved in RUN (model.onnx, run on ONNX Runtime) on a
labelled data file of raw features: the model fills and scales them as in training.`;

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const { values, positionals } = parseFlags('eval', argv, {
      data: { type: 'string' },
      labels: { type: 'string' },
      threshold: { type: 'string' },
      json: { type: 'boolean' },
    });
    noMorePositionals('eval', positionals, 1);
    const [run] = positionals;
    if (!run) throw new UserError('missing RUN (a run directory); see trainscope eval --help');
    if (!values.data) throw new UserError('missing --data FILE; see trainscope eval --help');
    const threshold = parseThreshold(values.threshold);
    noteRunStatus(run);
    const report = await evaluate(run, values.data, { labels: values.labels, threshold });
    console.log(values.json ? JSON.stringify(report) : formatReport(report));
    return 0;
  },
};
