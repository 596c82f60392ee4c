/**
 * Tiny real trainings (2–4 optimiser steps) over data sets, shapes, initialisers, learning rates
 * and seeds, each diagnosed and checked against its test rows, which the doctor never sees: a
 * run whose test rows get one answer per label (every label's test ROC AUC exactly 0.5) has
 * collapsed; output-collapse should hold on those and on no other. Prints each run where either
 * says so and a count.
 *
 *   node dist/src/doctor/testing/short-run-sweep.js [DIR]   (about 20 s on 2 cores)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../train/train.js';
import { examine } from '../examine.js';

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ts-short-sweep-'));
const rows: { name: string; finding: string; testTied: boolean }[] = [];
let i = 0;
for (const data of ['seed-like:rows=200', 'seed-like:rows=600', 'emotions', 'yeast'])
  for (const hidden of [
    [8, 4],
    [16, 2],
    [64, 32],
  ])
    for (const init of ['glorot_uniform', 'lecun_normal', 'truncated_normal:0.1'])
      for (const lr of [1e-3, 1e-2, 3e-2])
        for (const seed of [1, 2]) {
          const name = `run${i++}`;
          // the board grid's shape: 2 epochs of 2 steps on 200 rows, else one epoch
          const epochs = data === 'seed-like:rows=200' ? 2 : 1;
          const config = { data, hidden, init, lr, seed, epochs };
          await train({ ...config, logdir: dir, name, probeBatch: 64, threads: 1, doctor: false });
          const { report } = await examine(join(dir, name));
          const f = report.findings.find((x) => x.id === 'output-collapse' && x.status === 'current');
          const test = JSON.parse(readFileSync(join(dir, name, 'report.json'), 'utf8')) as {
            labels: { roc_auc: number | null }[];
          };
          const aucs = test.labels.map((l) => l.roc_auc).filter((a): a is number => a !== null);
          const testTied = aucs.length > 0 && aucs.every((a) => a === 0.5);
          const finding = f
            ? `${f.severity} (${f.evidence.val_labels_tied === undefined ? 'probe spread' : 'validation rows tied'})`
            : '-';
          rows.push({ name, finding, testTied });
          if (f || testTied)
            console.log(`${name} ${JSON.stringify(config)}: ${finding}; test rows tied: ${testTied}`);
        }
const count = (p: (r: (typeof rows)[number]) => boolean) => rows.filter(p).length;
console.log(
  `${rows.length} runs: output-collapse on ${count((r) => r.finding !== '-')} (from the validation rows ${count((r) => r.finding.includes('validation'))}); test rows tied on ${count((r) => r.testTied)}; tied without the finding ${count((r) => r.testTied && r.finding === '-')}; the finding from the validation rows without tied test rows ${count((r) => r.finding.includes('validation') && !r.testTied)}`,
);
if (!process.argv[2]) rmSync(dir, { recursive: true, force: true });
