import { readMatrixCsv } from '../data/matrix-csv.js';
import { UserError } from '../errors.js';
import { formatReport } from '../metrics/format.js';
import { computeReport } from '../metrics/report.js';
import { flagNumber, parseFlags } from './args.js';
import type { Command } from './command.js';

const HELP = `Usage: trainscope metrics --truth TRUTH.csv --scores SCORES.csv [--threshold 0.5] [--logits] [--json]

Multi-label metrics (scikit-learn 1.2 definitions) of saved predictions.

  --truth FILE      0/1 matrix, one row per sample, one column per label
  --scores FILE     the model's probabilities, same shape (logits with --logits)
  --logits          scores are logits: ranking metrics use them as they are (no ties from
                    saturated sigmoids), thresholded metrics use sigmoid(logit)
  --threshold T     predicted positive where probability >= T (default 0.5)
  --json            print the report as one JSON object

Both files are comma-separated, with or without a header row of label names (a first line
with no number in it is a header). Metrics that scikit-learn refuses to compute (ROC AUC of a
label with one class) print as n/a with the reason (null in --json, reason in undefined_reasons).`;

/** What each file's values must be (exported for the readers' benchmark, which reads as this does). */
export const truthCheck = (v: number): string | null =>
  v === 0 || v === 1 ? null : 'is not 0 or 1 (labels must be 0 or 1)';
export const probabilityCheck = (v: number): string | null =>
  v >= 0 && v <= 1 ? null : 'is not a probability in [0, 1] (pass --logits if these are logits)';

export const command: Command = {
  async run(argv) {
    const flags = parseFlags('metrics', argv, {
      truth: { type: 'string' },
      scores: { type: 'string' },
      threshold: { type: 'string' },
      logits: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    const values = flags.values;
    if (flags.positionals.length > 0)
      throw new UserError(`unexpected argument '${flags.positionals[0]}'; see trainscope metrics --help`);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!values.truth) throw new UserError('missing --truth FILE; see trainscope metrics --help');
    if (!values.scores) throw new UserError('missing --scores FILE; see trainscope metrics --help');
    const threshold = values.threshold === undefined ? 0.5 : flagNumber(values.threshold);
    if (!(threshold > 0 && threshold < 1)) {
      throw new UserError(`--threshold: expected a number between 0 and 1, got '${values.threshold}'`);
    }
    const logits = values.logits === true;

    const truth = await readMatrixCsv(values.truth, { check: truthCheck, binary: true });
    const scores = await readMatrixCsv(values.scores, { check: logits ? undefined : probabilityCheck });
    if (scores.nCols !== truth.nCols) {
      throw new UserError(
        `${values.scores}:${scores.firstLine}: ${scores.nCols} columns, but ${values.truth} has ${truth.nCols} labels`,
      );
    }
    if (scores.nRows !== truth.nRows) {
      const [short, long] = scores.nRows < truth.nRows ? [scores, truth] : [truth, scores];
      const [shortFile, longFile] =
        short === scores ? [values.scores, values.truth] : [values.truth, values.scores];
      throw new UserError(
        `${longFile}:${long.lines[short.nRows]}: data row ${short.nRows + 1} has no counterpart: ${shortFile} has only ${short.nRows} data rows`,
      );
    }
    const labelNames = pickNames(
      truth.header,
      scores.header,
      truth.nCols,
      values.truth,
      values.scores,
      scores.firstLine,
    );

    const n = truth.values.length;
    const yTrue = truth.values;
    let probabilities = scores.values;
    if (logits) {
      probabilities = new Float64Array(n);
      for (let i = 0; i < n; i++) probabilities[i] = 1 / (1 + Math.exp(-scores.values[i]));
    }
    const report = computeReport({
      yTrue,
      probabilities,
      logits: logits ? scores.values : undefined,
      nRows: truth.nRows,
      nLabels: truth.nCols,
      labelNames,
      threshold,
    });
    console.log(values.json ? JSON.stringify(report) : formatReport(report));
    return 0;
  },
};

/** Label names from whichever file has a header; both headers must agree. */
function pickNames(
  a: string[] | null,
  b: string[] | null,
  n: number,
  fileA: string,
  fileB: string,
  lineB: number,
): string[] {
  if (a && b) {
    const c = a.findIndex((name, i) => name !== b[i]);
    if (c >= 0)
      throw new UserError(`${fileB}:${lineB}: column ${c + 1} is '${b[c]}', but ${fileA} calls it '${a[c]}'`);
  }
  return a ?? b ?? Array.from({ length: n }, (_, i) => `label${i + 1}`);
}
