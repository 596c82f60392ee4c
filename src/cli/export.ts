import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import { META_KEYS } from '../export/metadata.js';
import { exportRun } from '../export/run.js';
import { printHelp, userArgs } from './args.js';
import type { Command } from './command.js';
import { noteRunStatus } from './run-notes.js';

const HELP = `Usage: trainscope export RUN --out model.onnx

Writes the model of the run in RUN as one ONNX file that stands alone: it takes raw feature rows
(float32 [N, features], in the training's column order; NaN where a value is missing) and
computes the run's fitted preprocessing itself (missing values → training means with
--impute mean, then the scaler) before the network. Outputs 'probabilities' and 'logits'.
metadata_props name the labels, features, threshold and trainscope's version. Runs train
this way since trainscope 0.1.0; export upgrades runs trained before (--out RUN/model.onnx
rewrites a run's own file in place).`;

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const { values, positionals } = userArgs('export', () =>
      parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' } } }),
    );
    const [run, extra] = positionals;
    if (!run) throw new UserError('missing RUN (a run directory); see trainscope export --help');
    if (extra !== undefined)
      throw new UserError(`unexpected argument '${extra}'; see trainscope export --help`);
    if (!values.out)
      throw new UserError('missing --out FILE (e.g. --out model.onnx); see trainscope export --help');
    noteRunStatus(run);
    const r = exportRun(run, values.out);
    const labels = JSON.parse(r.metadata[META_KEYS.labels]) as string[];
    const features = JSON.parse(r.metadata[META_KEYS.features]) as string[];
    console.log(
      `wrote ${r.out} (${(r.bytes / 1024).toFixed(0)} KiB): ${features.length} raw features → ${labels.length} labels (${labels.join(', ')}), threshold ${r.metadata[META_KEYS.threshold]}`,
    );
    console.log(`preprocessing inside: ${r.metadata[META_KEYS.preprocessing]}`);
    if (r.preprocessing.fillLost)
      console.error(
        'note: this run was trained with --impute mean before the training means were saved: the model does not fill missing values',
      );
    return 0;
  },
};
