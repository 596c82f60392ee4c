import { UserError } from '../errors.js';
import { writeFileAtomic } from '../run/atomic-write.js';
import { predict, predictionsCsv } from '../train/saved-model.js';
import { noMorePositionals, parseFlags, parseThreshold, printHelp } from './args.js';
import type { Command } from './command.js';
import { noteRunStatus } from './run-notes.js';

const HELP = `Usage: trainscope predict RUN --data FILE [--out predictions.csv] [--threshold T]

Probabilities and 0/1 labels per label from the model saved in RUN. FILE is a CSV of features
(columns named as in training, or in the same order) or a file with the training's label
columns (they are ignored). Without --out the CSV goes to stdout.`;

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const { values, positionals } = parseFlags('predict', argv, {
      data: { type: 'string' },
      out: { type: 'string' },
      threshold: { type: 'string' },
    });
    noMorePositionals('predict', positionals, 1);
    const [run] = positionals;
    if (!run) throw new UserError('missing RUN (a run directory); see trainscope predict --help');
    if (!values.data) throw new UserError('missing --data FILE; see trainscope predict --help');
    const threshold = parseThreshold(values.threshold);
    noteRunStatus(run);
    const p = await predict(run, values.data, { threshold });
    const csv = predictionsCsv(p);
    if (values.out) {
      writeFileAtomic(values.out, csv);
      console.error(`wrote ${p.rows} rows × ${p.labelNames.length} labels to ${values.out}`);
    } else process.stdout.write(csv);
    return 0;
  },
};
