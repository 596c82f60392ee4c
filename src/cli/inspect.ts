import { UserError } from '../errors.js';
import { EventFileError } from '../events/errors.js';
import { histogramStats, textHistogram } from '../events/histogram-stats.js';
import { eventFilesIn, findRunDirs, readRun } from '../events/reader.js';
import type { HistogramPoint, RunData } from '../events/types.js';
import { layersInTags, TAGS } from '../run/tags.js';
import { parseFlags, printHelp } from './args.js';
import type { Command } from './command.js';

const HELP = `Usage: trainscope inspect RUN [--json] [--width N]

A terminal summary of one run's event files: tags by group, step range, the last value of every
scalar, and for each layer a one-line text histogram of its weights at the first and last step
with how far they moved (change since init, last update ratio). For a quick look over SSH,
without a browser. RUN is a directory holding event files: trainscope, TensorFlow/Keras,
PyTorch SummaryWriter or tensorboardX.

Options:
  --json      print the summary as JSON on stdout
  --width N   width of the text histograms (default 32)`;

/** Below this relative change since init, weights are flagged as barely moved (DESIGN.md: < 5%). */
const BARELY_MOVED = 0.05;

interface Snapshot {
  step: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  sparkline: string;
}

interface LayerSummary {
  name: string;
  tag: string;
  first: Snapshot;
  last: Snapshot;
  changeSinceInit: number | null;
  updateRatio: number | null;
  stdVsGlorot: number | null;
}

export interface InspectSummary {
  run: string;
  eventFiles: number;
  steps: { first: number; last: number } | null;
  tags: {
    scalars: Record<string, string[]>;
    histograms: Record<string, string[]>;
    texts: Record<string, string[]>;
  };
  finalScalars: Record<string, { step: number; value: number }>;
  hparams: Record<string, string | number | boolean> | null;
  hparamsStatus: string | null;
  layers: LayerSummary[];
  warnings: string[];
}

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const parsed = parseFlags('inspect', argv, { json: { type: 'boolean' }, width: { type: 'string' } });
    const { values, positionals } = parsed;
    if (positionals.length !== 1)
      throw new UserError('expected one RUN directory (see trainscope inspect --help)');
    const width = values.width === undefined ? 32 : Number(values.width);
    if (!Number.isInteger(width) || width < 4 || width > 200) {
      throw new UserError(`--width must be an integer from 4 to 200, got '${values.width}'`);
    }
    const dir = positionals[0];
    const run = await loadRun(dir);
    const summary = summarize(run, dir, (await eventFilesIn(dir)).length, width);
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else console.log(formatSummary(summary));
    return 0;
  },
};

/** readRun, with a hint when RUN is a logdir holding runs rather than a run. */
async function loadRun(dir: string): Promise<RunData> {
  try {
    return await readRun(dir, dir);
  } catch (e) {
    if (!(e instanceof EventFileError) || !/no event files/.test(e.message)) throw e;
    const runs = [...(await findRunDirs(dir)).keys()];
    if (runs.length === 0)
      throw new UserError(`${dir}: no event files here or below (is the run still starting?)`);
    const shown = runs.slice(0, 5).join(', ');
    throw new UserError(
      `${dir} is a log directory with ${runs.length} run(s), not a run: inspect one of them (${shown}${runs.length > 5 ? ', …' : ''})`,
    );
  }
}

function group(tags: Iterable<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of [...tags].sort()) {
    const slash = t.indexOf('/');
    const g = slash < 0 ? '(top level)' : t.slice(0, slash);
    if (!out[g]) out[g] = [];
    out[g].push(t);
  }
  return out;
}

function lastScalar(run: RunData, tag: string): number | null {
  const s = run.scalars.get(tag);
  return s && s.length > 0 ? s[s.length - 1].value : null;
}

function snapshot(p: HistogramPoint, width: number): Snapshot {
  const s = histogramStats(p.histogram);
  return {
    step: p.step,
    min: s.min,
    max: s.max,
    mean: s.mean,
    std: s.std,
    sparkline: textHistogram(p.histogram, width),
  };
}

export function summarize(run: RunData, name: string, eventFiles: number, width = 32): InspectSummary {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const m of [run.scalars, run.histograms, run.texts] as Map<string, { step: number }[]>[]) {
    for (const s of m.values()) {
      if (s.length === 0) continue;
      first = Math.min(first, s[0].step);
      last = Math.max(last, s[s.length - 1].step);
    }
  }
  const finalScalars: InspectSummary['finalScalars'] = {};
  for (const [tag, s] of [...run.scalars].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (s.length > 0) finalScalars[tag] = { step: s[s.length - 1].step, value: s[s.length - 1].value };
  }
  const layers: LayerSummary[] = [];
  for (const L of layersInTags(run.histograms.keys())) {
    const tag = TAGS.param(L, 'weights');
    const hs = run.histograms.get(tag);
    if (!hs || hs.length === 0) continue;
    layers.push({
      name: L,
      tag,
      first: snapshot(hs[0], width),
      last: snapshot(hs[hs.length - 1], width),
      changeSinceInit: lastScalar(run, TAGS.changeSinceInit(L, 'weights')),
      updateRatio: lastScalar(run, TAGS.updateRatio(L, 'weights')),
      stdVsGlorot: lastScalar(run, TAGS.stdVsGlorot(L)),
    });
  }
  return {
    run: name,
    eventFiles,
    steps: Number.isFinite(first) ? { first, last } : null,
    tags: {
      scalars: group(run.scalars.keys()),
      histograms: group(run.histograms.keys()),
      texts: group(run.texts.keys()),
    },
    finalScalars,
    hparams: run.hparams ?? null,
    hparamsStatus: run.hparamsStatus ?? null,
    layers,
    warnings: run.warnings,
  };
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

export function formatSummary(s: InspectSummary): string {
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

  const groups = group(Object.keys(s.finalScalars));
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
    const w = Math.max(...s.layers.map((l) => l.name.length));
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
      if (l.stdVsGlorot !== null) notes.push(`std ${fmt(l.stdVsGlorot)}× Glorot`);
      out.push(`  ${l.name.padEnd(w)}  ${snap(l.first)}`);
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
  return out.join('\n');
}
