import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_FILES } from '../../run/files.js';
import type { RunTrial } from '../protocol.js';

/**
 * A stand-in for train() in the experiment's tests: writes what a real run leaves (report.json,
 * doctor.json, DONE last) in a few milliseconds per epoch. `data` picks the behaviour:
 * `fake` (normal), `fake:fail` (throws), `fake:crash` (process exits), `fake:hang` (never ends).
 * std-1 init with dropout "collapses": every label predicted negative, AUC 0.5.
 */
export const runTrial: RunTrial = async (config, progress) => {
  const dir = join(config.logdir ?? 'runs', config.name ?? 'run');
  mkdirSync(dir, { recursive: false });
  writeFileSync(join(dir, 'pid'), String(process.pid));
  const mode = String(config.data ?? 'fake');
  if (mode === 'fake:fail') throw new Error('fake trial failed on purpose');
  if (mode === 'fake:crash') process.exit(3);
  if (mode === 'fake:hang') await sleep(10 * 60 * 1000);
  const epochs = config.epochs ?? 10;
  for (let e = 1; e <= epochs; e++) {
    await sleep(5);
    progress({ epoch: e, epochs });
  }
  const seed = Number(config.seed ?? 1);
  const dropout = Number(config.dropout ?? 0);
  const collapsed = String(config.init).startsWith('truncated_normal') && dropout > 0;
  const base = String(config.init).startsWith('glorot') ? 0.8 : 0.7;
  const auc = collapsed ? 0.5 : base + dropout * 0.1 + seed * 0.01;
  const rates = collapsed ? [0, 0, 0] : [0.3 + seed * 0.01, 0.2, 0.4];
  const report = {
    metrics: {
      roc_auc_micro: auc,
      roc_auc_macro: collapsed ? 0.5 : auc - 0.02,
      precision_micro: collapsed ? 0 : 0.5 + seed * 0.02,
      precision_macro: collapsed ? 0 : 0.45,
      precision_weighted: collapsed ? 0 : 0.48 + seed * 0.001,
      recall_micro: collapsed ? 0 : 0.4 + dropout,
      recall_macro: collapsed ? 0 : 0.35,
      recall_weighted: collapsed ? 0 : 0.38,
    },
    predicted_density: rates.reduce((a, b) => a + b, 0) / rates.length,
    labels: rates.map((r, i) => ({ name: `l${i}`, predicted_positive_rate: r })),
  };
  writeFileSync(join(dir, RUN_FILES.report), JSON.stringify(report));
  const doctor = collapsed
    ? {
        findings: [],
        not_checked: [],
        diagnosis: { cause: 'initialisation', finding: 'init-too-broad', summary: 'std 1 init' },
      }
    : { findings: [], not_checked: [] };
  writeFileSync(join(dir, RUN_FILES.doctor), JSON.stringify(doctor));
  writeFileSync(join(dir, RUN_FILES.done), '');
  return { kind: 'trained', stopped: 'completed' };
};
