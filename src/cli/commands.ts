import type { Command } from './command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** The registry: one file per command, loaded lazily so `trainscope --help` starts fast. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'train',
    summary: 'train a multi-label MLP and record it',
    load: () => import('./train.js').then((m) => m.command),
  },
  {
    name: 'doctor',
    summary: 'what is wrong with a run, with evidence and a fix (--explain, --fix)',
    load: () => import('./doctor.js').then((m) => m.command),
  },
  {
    name: 'eval',
    summary: 'metrics report of a saved model on labelled data',
    load: () => import('./eval.js').then((m) => m.command),
  },
  {
    name: 'predict',
    summary: 'probabilities and 0/1 labels from a saved model',
    load: () => import('./predict.js').then((m) => m.command),
  },
  {
    name: 'export',
    summary: 'a run as one ONNX file that takes raw features (preprocessing and label names inside)',
    load: () => import('./export.js').then((m) => m.command),
  },
  {
    name: 'metrics',
    summary: 'multi-label metrics report of saved truth and score CSV files',
    load: () => import('./metrics.js').then((m) => m.command),
  },
  {
    name: 'experiment',
    summary: 'a grid of runs in parallel (init × dropout × … × seeds), one results table',
    load: () => import('./experiment.js').then((m) => m.command),
  },
  {
    name: 'worker',
    summary: 'train trials queued by `experiment --queue` (Redis/BullMQ), on any machine',
    load: () => import('./worker.js').then((m) => m.command),
  },
  {
    name: 'board',
    summary: 'web dashboard over a log directory (scalars, histograms, findings, compare)',
    load: () => import('./board.js').then((m) => m.command),
  },
  {
    name: 'report',
    summary: 'one self-contained HTML report of runs (charts and findings, opens from disk)',
    load: () => import('./report.js').then((m) => m.command),
  },
  {
    name: 'inspect',
    summary: 'terminal summary of a run: tags, final scalars, weight histograms first → last',
    load: () => import('./inspect.js').then((m) => m.command),
  },
  {
    name: 'demo',
    summary: 'the story in 3 minutes: init × dropout grid, table, doctor verdict, dashboard',
    load: () => import('./demo.js').then((m) => m.command),
  },
];

const seen = new Set<string>();
for (const c of COMMANDS) {
  if (seen.has(c.name)) throw new Error(`duplicate command ${c.name}`);
  seen.add(c.name);
}
