import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { runsImpl } from '../board/api.js';
import { CombinedProvider } from '../board/combined-provider.js';
import { LogdirProvider } from '../board/logdir-provider.js';
import { buildReport, reportContents } from '../board/report.js';
import { defaultStaticDir } from '../board/static.js';
import { UserError } from '../errors.js';
import { readRun } from '../events/reader.js';
import { writeFileAtomic } from '../run/atomic-write.js';
import { RUN_FILES } from '../run/files.js';
import { parseCount, parseFlags, printHelp } from './args.js';
import type { Command } from './command.js';
import { noteRunStatus } from './run-notes.js';

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

const count = (v: string | undefined, flag: string, fallback: number) =>
  parseCount(flag, v, fallback, 1, 100_000);

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
    // A run named directly is read whole once: is it unfinished, its log cut or unreadable?
    for (const dir of positionals)
      if (existsSync(path.join(dir, RUN_FILES.meta)))
        noteRunStatus(dir, await readRun(dir).catch(() => undefined));
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
    writeFileAtomic(values.out, html);
    console.log(
      `trainscope report: ${reportContents(await runsImpl(provider))} → ${values.out} (${(html.length / 1e6).toFixed(1)} MB)`,
    );
    return 0;
  },
};
