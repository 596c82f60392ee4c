import { examine } from '../doctor/examine.js';
import { formatReport } from '../doctor/format.js';
import type { DoctorReport } from '../doctor/types.js';
import { UserError } from '../errors.js';
import { eventFilesIn } from '../events/reader.js';
import { formatReading, type ReadingSummary, readingSummary } from '../logs/format.js';
import { joinDir } from '../logs/layout.js';
import { parseRoleMap, ROLE_HELP } from '../logs/roles.js';
import { groupTags, type RunSummaryData, type Snapshot, summarize } from '../logs/summary.js';
import { flagNumber, parseFlags, printHelp } from './args.js';
import type { Command } from './command.js';
import { noteRunStatus } from './run-notes.js';

const HELP = `Usage: trainscope inspect RUN [--json] [--width N] [--map TAG=ROLE …]

A terminal summary of one run's event files: how its tags were read, tags by group, step range,
the last value of every scalar, and for each layer (in the log's own names, with its inferred
fan-in → fan-out) a one-line text histogram of its weights at the first and last record with
how far they moved, then the doctor's findings, verdict and what it could and could not check.
For a quick look over SSH, without a browser. RUN is a run directory of trainscope, PyTorch
SummaryWriter, Keras (RUN holding train/ and validation/) or TF1 summaries.

How far weights moved: trainscope records the exact change since init; for other logs only a
lower bound follows from two histograms ("moved ≥ 3%"), and "frozen" means identical at every
record.

Options:
  --json      print the summary as JSON on stdout
  --width N   width of the text histograms (default 32)
  --map TAG=ROLE  read TAG as ROLE (repeatable). Roles: ${ROLE_HELP}`;

/** Below this relative change since init, weights are flagged as barely moved (DESIGN.md: < 5%). */
const BARELY_MOVED = 0.05;

export interface InspectSummary extends RunSummaryData {
  log: ReadingSummary;
  doctor: DoctorReport;
}

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const parsed = parseFlags('inspect', argv, {
      json: { type: 'boolean' },
      width: { type: 'string' },
      map: { type: 'string', multiple: true },
    });
    const { values, positionals } = parsed;
    if (positionals.length !== 1)
      throw new UserError('expected one RUN directory (see trainscope inspect --help)');
    const width = values.width === undefined ? 32 : flagNumber(values.width);
    if (!Number.isInteger(width) || width < 4 || width > 200) {
      throw new UserError(`--width must be an integer from 4 to 200, got '${values.width}'`);
    }
    const path = positionals[0];
    const ex = await examine(path, { overrides: parseRoleMap(values.map ?? []) });
    const files = await countEventFiles(
      ex.root,
      ex.reading.parts.map((p) => p.part.dir),
    );
    const summary: InspectSummary = {
      ...summarize(ex.reading, path, files, width),
      log: readingSummary(ex.reading),
      doctor: ex.report,
    };
    noteRunStatus(
      ex.dir,
      ex.reading.parts.map((p) => p.data),
    );
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else console.log(formatSummary(summary, ex.reading.ours ? '' : formatReading(ex.reading)));
    return 0;
  },
};

async function countEventFiles(root: string, dirs: string[]): Promise<number> {
  let n = 0;
  for (const d of dirs) n += (await eventFilesIn(joinDir(root, d))).length;
  return n;
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

const pct = (v: number) => `${Number((v * 100).toPrecision(3))}%`;

/** Lines of `name value` pairs, wrapped at ~100 columns under an indented label. */
function wrapPairs(label: string, pairs: string[], labelWidth: number): string[] {
  const lines: string[] = [];
  let line = `  ${label.padEnd(labelWidth)}  `;
  const indent = ' '.repeat(line.length);
  let empty = true;
  for (const p of pairs) {
    if (!empty && line.length + 2 + p.length > 100) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += (empty ? '' : '  ') + p;
    empty = false;
  }
  lines.push(line);
  return lines;
}

export function formatSummary(s: InspectSummary, reading = ''): string {
  const out: string[] = [];
  const count = (g: Record<string, string[]>) => Object.values(g).reduce((a, t) => a + t.length, 0);
  const range = s.steps ? `steps ${s.steps.first}–${s.steps.last}` : 'no data points yet';
  out.push(
    `run ${s.run}   ${s.eventFiles} event file${s.eventFiles === 1 ? '' : 's'} · ${range} · ` +
      `${count(s.tags.scalars)} scalar, ${count(s.tags.histograms)} histogram, ${count(s.tags.texts)} text tags`,
  );
  if (s.hparams) {
    const hp = Object.entries(s.hparams).map(([k, v]) => `${k}=${v}`);
    out.push(`hparams ${hp.join(' ')}${s.hparamsStatus ? `   (status: ${s.hparamsStatus})` : ''}`);
  }
  if (reading) out.push(reading);

  const groups = groupTags(Object.keys(s.finalScalars));
  if (Object.keys(groups).length > 0) {
    out.push('', 'scalars, last value (step)');
    const w = Math.max(...Object.keys(groups).map((g) => g.length));
    for (const [g, tags] of Object.entries(groups)) {
      const pairs = tags.map((t) => {
        const { step, value } = s.finalScalars[t];
        const short = t.startsWith(`${g}/`) ? t.slice(g.length + 1) : t;
        return `${short} ${fmt(value)}${s.steps && step !== s.steps.last ? ` (${step})` : ''}`;
      });
      out.push(...wrapPairs(g, pairs, w));
    }
  }

  if (s.layers.length > 0) {
    out.push('', 'weights, first → last step: [min, max] histogram  std');
    const label = (l: InspectSummary['layers'][number]) =>
      `${l.name}${l.fanIn !== null ? ` ${l.fanIn}→${l.fanOut}` : ''}`;
    const w = Math.max(...s.layers.map((l) => label(l).length));
    const stepW = Math.max(...s.layers.map((l) => String(l.last.step).length));
    for (const l of s.layers) {
      const snap = (x: Snapshot) =>
        `step ${String(x.step).padStart(stepW)}  [${fmt(x.min)}, ${fmt(x.max)}]`.padEnd(24 + stepW) +
        ` ${x.sparkline}  std ${fmt(x.std)}`;
      const notes: string[] = [];
      if (l.changeSinceInit !== null) {
        notes.push(
          `change since init ${pct(l.changeSinceInit)}${l.changeSinceInit < BARELY_MOVED ? ' (barely moved)' : ''}`,
        );
      }
      if (l.updateRatio !== null) notes.push(`last update ratio ${pct(l.updateRatio)}`);
      if (l.frozen) notes.push('frozen: identical at every record');
      else if (l.changeSinceInit === null && l.movedAtLeast !== null)
        notes.push(`moved ≥ ${pct(l.movedAtLeast)} (lower bound from the histograms)`);
      if (l.stdVsGlorot !== null) notes.push(`std ${fmt(l.stdVsGlorot)}× Glorot at the first record`);
      out.push(`  ${label(l).padEnd(w)}  ${snap(l.first)}`);
      out.push(`  ${''.padEnd(w)}  ${snap(l.last)}`);
      if (notes.length > 0) out.push(`  ${''.padEnd(w)}  ${notes.join(' · ')}`);
    }
  }

  const other = [s.tags.histograms, s.tags.texts] as const;
  for (const [i, g] of other.entries()) {
    const entries = Object.entries(g);
    if (entries.length === 0) continue;
    out.push('', i === 0 ? 'histogram tags' : 'text tags');
    const w = Math.max(...entries.map(([k]) => k.length));
    for (const [k, tags] of entries) {
      out.push(
        ...wrapPairs(
          k,
          tags.map((t) => (t.startsWith(`${k}/`) ? t.slice(k.length + 1) : t)),
          w,
        ),
      );
    }
  }

  if (s.warnings.length > 0) {
    out.push('', `warnings (${s.warnings.length})`);
    for (const wmsg of s.warnings.slice(0, 20)) out.push(`  ${wmsg}`);
    if (s.warnings.length > 20) out.push(`  … ${s.warnings.length - 20} more`);
  }
  out.push('', formatReport(s.doctor, 'doctor'));
  return out.join('\n');
}
