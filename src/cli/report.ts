import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runsImpl } from '../board/api.js';
import { CombinedProvider } from '../board/combined-provider.js';
import { LogdirProvider } from '../board/logdir-provider.js';
import { buildReport, reportContents } from '../board/report.js';
import { defaultStaticDir } from '../board/static.js';
import { UserError } from '../errors.js';
import { parseFlags, printHelp } from './args.js';
import type { Command } from './command.js';

const HELP = `Usage: trainscope report RUN [RUN…] --out report.html

Write one self-contained HTML file (data and code inlined; opens from disk, no server) with the
dashboard for the given runs: health cards, charts, findings, in the board's colours. RUN is a
run directory, or a log directory holding several runs. A run's counterfactual short runs
(RUN/explain/, from doctor --explain) come with it, nested under it, and the header says so.

Options:
  --out FILE            where to write (required)
  --title TEXT          page title (default: the names of the RUN directories)
  --scalar-samples N    points per scalar chart (default 500)
  --histogram-samples N steps per histogram chart (default 60)`;

function count(v: string | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new UserError(`${flag}: expected an integer 1..100000, got '${v}'`);
  return n;
}

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const parsed = parseFlags('report', argv, {
      out: { type: 'string', short: 'o' },
      title: { type: 'string' },
      'scalar-samples': { type: 'string' },
      'histogram-samples': { type: 'string' },
    });
    const { values, positionals } = parsed;
    if (!positionals.length)
      throw new UserError('expected at least one RUN directory (see trainscope report --help)');
    if (!values.out) throw new UserError('--out FILE is required (e.g. --out report.html)');
    const parts = positionals.map((dir, i) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory())
        throw new UserError(`${dir}: no such run directory`);
      const base = path.basename(path.resolve(dir));
      const taken = positionals.slice(0, i).some((d) => path.basename(path.resolve(d)) === base);
      return { prefix: taken ? `${base}-${i + 1}` : base, provider: new LogdirProvider(dir) };
    });
    const provider = new CombinedProvider(parts, positionals.join(' '));
    const runs = await provider.listRuns();
    if (!runs.length)
      throw new UserError(
        `${positionals.join(', ')}: no event files found (expected events.out.tfevents.* files)`,
      );
    const html = await buildReport(provider, {
      title: values.title ?? parts.map((x) => x.prefix).join(', '),
      staticDir: defaultStaticDir(),
      scalarSamples: count(values['scalar-samples'], '--scalar-samples', 500),
      histogramSamples: count(values['histogram-samples'], '--histogram-samples', 60),
    });
    writeFileSync(values.out, html);
    console.log(
      `trainscope report: ${reportContents(await runsImpl(provider))} → ${values.out} (${(html.length / 1e6).toFixed(1)} MB)`,
    );
    return 0;
  },
};
