/**
 * The doctor benchmark: fault-injected and healthy configurations, each trained briefly; per
 * fault, whether the doctor found something of warning or worse, how many epochs it took
 * (0 = before the first update) and whether the primary cause it names is the injected one;
 * per healthy run, any false alarm (warning or worse). Run with `npm run bench:doctor`
 * (`-- --quick` for the synthetic cases only).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { denseFeatures } from '../src/data/gather.js';
import { generateSynthetic } from '../src/data/synthetic.js';
import { diagnose, SEVERITY_RANK } from '../src/doctor/diagnose.js';
import type { Cause, DoctorReport } from '../src/doctor/types.js';
import { train } from '../src/train/train.js';

interface Case {
  name: string;
  data: string;
  config: Record<string, unknown>;
  /** The injected fault's cause, or null for a healthy run. */
  expect: Cause | null;
}

const work = mkdtempSync(join(tmpdir(), 'trainscope-bench-doctor-'));
const quick = process.argv.includes('--quick');

/** Synthetic data as a CSV file, with a fault applied (features scaled, a label made rare). */
function csvData(name: string, opts: { scale?: number; rareLabel?: number }): string {
  const ds = generateSynthetic({ rows: 8000, features: 60, seed: 5 });
  const lines = [[...ds.featureNames, ...ds.labelNames].join(',')];
  let kept = 0;
  const dsx = denseFeatures(ds);
  for (let r = 0; r < ds.nRows; r++) {
    const x = Array.from(dsx.subarray(r * ds.nFeatures, (r + 1) * ds.nFeatures), (v) =>
      (v * (opts.scale ?? 1)).toPrecision(5),
    );
    const y = Array.from(ds.y.subarray(r * ds.nLabels, (r + 1) * ds.nLabels));
    if (opts.rareLabel !== undefined && y[0] === 1) {
      // keep about rareLabel of all rows positive for label 0
      if (kept < opts.rareLabel * ds.nRows) kept++;
      else y[0] = 0;
    }
    lines.push([...x, ...y].join(','));
  }
  const file = join(work, `${name}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const STORY = { init: 'truncated_normal:1', dropout: 0.5, lr: 1e-4 };
const SEED_LIKE = 'seed-like:rows=8000';

function cases(): Case[] {
  const unscaled = csvData('unscaled', { scale: 1000 });
  const rare = csvData('rare', { rareLabel: 0.004 });
  const csvLabels = { labels: 'last:6' };
  const real = quick ? [] : ['emotions', 'scene', 'yeast', 'tmc2007'];
  return [
    { name: 'story: init std 1 + dropout 0.5', data: SEED_LIKE, config: STORY, expect: 'initialisation' },
    {
      name: 'story: init std 1, no dropout',
      data: SEED_LIKE,
      config: { ...STORY, dropout: 0 },
      expect: 'initialisation',
    },
    ...real.map((d): Case => ({ name: `story on ${d}`, data: d, config: STORY, expect: 'initialisation' })),
    {
      name: 'learning rate far too high (Adam 0.5)',
      data: SEED_LIKE,
      config: { lr: 0.5 },
      expect: 'learning_rate_high',
    },
    {
      name: 'learning rate far too low (Adam 1e-6)',
      data: 'seed-like',
      config: { lr: 1e-6, epochs: 3 },
      expect: 'learning_rate_low',
    },
    {
      name: 'unscaled inputs (features ×1000)',
      data: unscaled,
      config: { ...csvLabels, standardize: false },
      expect: 'inputs',
    },
    {
      name: 'dead ReLUs (bias init −5)',
      data: SEED_LIKE,
      config: { biasInit: 'constant:-5' },
      expect: 'bias_initialisation',
    },
    {
      name: 'sigmoid hidden + init std 1',
      data: SEED_LIKE,
      config: { activation: 'sigmoid', init: 'truncated_normal:1' },
      expect: 'initialisation',
    },
    { name: 'label almost never positive (0.4%)', data: rare, config: csvLabels, expect: 'imbalance' },
    // variants of the above, so the thresholds are not tuned to one case each
    {
      name: 'SGD learning rate far too high (50): NaN',
      data: SEED_LIKE,
      config: { optimizer: 'sgd', lr: 50 },
      expect: 'learning_rate_high',
    },
    {
      name: 'tanh hidden + init std 1',
      data: SEED_LIKE,
      config: { activation: 'tanh', init: 'truncated_normal:1' },
      expect: 'initialisation',
    },
    {
      name: 'init far too narrow (normal 1e-4)',
      data: SEED_LIKE,
      config: { init: 'normal:0.0001' },
      expect: 'initialisation',
    },
    {
      name: 'unscaled inputs (features ×100)',
      data: csvData('unscaled100', { scale: 100 }),
      config: { ...csvLabels, standardize: false },
      expect: 'inputs',
    },
    {
      name: 'dead ReLUs (bias init −3)',
      data: SEED_LIKE,
      config: { biasInit: 'constant:-3' },
      expect: 'bias_initialisation',
    },
    {
      name: 'label rarely positive (1%)',
      data: csvData('rare1', { rareLabel: 0.01 }),
      config: csvLabels,
      expect: 'imbalance',
    },
    ...(quick
      ? []
      : [
          {
            name: 'learning rate far too high on scene (Adam 0.5)',
            data: 'scene',
            config: { lr: 0.5 },
            expect: 'learning_rate_high' as Cause,
          },
        ]),
    // healthy
    ...[1, 2, 3].map(
      (seed): Case => ({
        name: `healthy seed-like glorot, seed ${seed}`,
        data: SEED_LIKE,
        config: { seed },
        expect: null,
      }),
    ),
    {
      name: 'healthy seed-like glorot + dropout 0.5, lr 1e-4 (story fixed)',
      data: SEED_LIKE,
      config: { dropout: 0.5, lr: 1e-4 },
      expect: null,
    },
    { name: 'healthy seed-like he_uniform', data: SEED_LIKE, config: { init: 'he_uniform' }, expect: null },
    {
      name: 'healthy SGD momentum 0.9, lr 0.05',
      data: SEED_LIKE,
      config: { optimizer: 'sgd', lr: 0.05, momentum: 0.9 },
      expect: null,
    },
    {
      name: 'healthy RMSProp lr 1e-3',
      data: SEED_LIKE,
      config: { optimizer: 'rmsprop', lr: 1e-3 },
      expect: null,
    },
    { name: 'healthy tanh + glorot', data: SEED_LIKE, config: { activation: 'tanh' }, expect: null },
    {
      name: 'healthy selu + lecun_normal',
      data: SEED_LIKE,
      config: { activation: 'selu', init: 'lecun_normal' },
      expect: null,
    },
    { name: 'healthy batch 32', data: SEED_LIKE, config: { batchSize: 32 }, expect: null },
    {
      name: 'healthy synthetic csv',
      data: unscaled,
      config: { ...csvLabels, standardize: true },
      expect: null,
    },
    ...real.map((d): Case => ({ name: `healthy ${d}`, data: d, config: {}, expect: null })),
  ];
}

interface Row {
  name: string;
  expect: Cause | null;
  detected: boolean;
  epochs: number | null;
  cause: string;
  right: boolean;
  serious: string[];
  seconds: number;
}

async function runCase(c: Case, i: number): Promise<Row> {
  const t0 = performance.now();
  const config = {
    epochs: 5,
    ...c.config,
    data: c.data,
    logdir: join(work, 'runs'),
    name: `case${i}`,
    probes: 'light',
    doctor: false,
  };
  const r = await train(config as never);
  const history = r.history;
  const meta = JSON.parse((await import('node:fs')).readFileSync(join(r.runDir, 'trainscope.json'), 'utf8'));
  const report: DoctorReport = diagnose(history, {
    spec: meta.spec,
    config: meta.config,
    labelNames: meta.labelNames,
  });
  const serious = report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1);
  const stepsPerEpoch = Math.ceil(meta.data.rows.train / Number(meta.config.batchSize));
  const firstStep = serious.length ? Math.min(...serious.map((f) => f.step)) : null;
  const cause = report.diagnosis?.cause ?? '-';
  return {
    name: c.name,
    expect: c.expect,
    detected: serious.length > 0,
    epochs: firstStep === null ? null : Math.ceil(firstStep / stepsPerEpoch),
    cause,
    right: c.expect !== null && cause === c.expect,
    serious: [
      ...new Set(
        serious.map(
          (f) =>
            `${f.id}${f.where.layer ? `@${f.where.layer}` : ''}${f.where.label ? `@${f.where.label}` : ''}`,
        ),
      ),
    ],
    seconds: (performance.now() - t0) / 1000,
  };
}

async function main(): Promise<void> {
  mkdirSync(join(work, 'runs'), { recursive: true });
  const rows: Row[] = [];
  const all = cases();
  for (const [i, c] of all.entries()) {
    const row = await runCase(c, i);
    rows.push(row);
    const what = c.expect
      ? `${row.detected ? 'detected' : 'MISSED'} epochs=${row.epochs ?? '-'} cause=${row.cause} ${row.right ? 'right' : 'WRONG'}`
      : `${row.detected ? 'FALSE ALARM' : 'quiet'}`;
    console.log(`${c.name.padEnd(58)} ${what}  [${row.serious.join(' ')}] ${row.seconds.toFixed(1)}s`);
  }
  const faults = rows.filter((r) => r.expect);
  const healthy = rows.filter((r) => !r.expect);
  const detected = faults.filter((r) => r.detected).length;
  const right = faults.filter((r) => r.detected && r.right).length;
  const alarms = healthy.filter((r) => r.detected).length;
  console.log(
    `\nfaults: ${detected}/${faults.length} detected, ${right}/${faults.length} with the right cause (${((100 * right) / faults.length).toFixed(0)}%; target ≥ 90%)`,
  );
  console.log(
    `healthy: ${alarms} false alarm(s) (warning or worse) in ${healthy.length} runs (target ≤ 1 in 10)`,
  );
  writeFileSync(join(work, 'results.json'), JSON.stringify(rows, null, 2));
  console.log(`details: ${join(work, 'results.json')}`);
  if (!process.argv.includes('--keep')) rmSync(join(work, 'runs'), { recursive: true, force: true });
}

await main();
