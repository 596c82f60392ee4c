/**
 * The doctor's calibration matrix (`npm run bench:doctor`): every set of ../shared/data and every
 * synthetic preset × healthy configurations × 2 seeds, and × the fault list. Each run is trained
 * briefly (about 400 optimiser steps, 5–30 epochs) in parallel worker processes, then diagnosed
 * from its event files exactly as `trainscope doctor RUN` would. Prints, per rule, its firing
 * rate on healthy runs; per fault, detection with the right cause and epochs to detection; and
 * the false-alarm rate, for the calibration part, the held-out part and both.
 *
 *   npm run bench:doctor -- [--only REGEX] [--jobs N] [--out DIR] [--fresh] [--no-explain] [--no-train]
 *
 * Runs are kept in --out (default: $TMPDIR/trainscope-bench-doctor) and reused by the next
 * invocation (--fresh starts over), so changing a rule and re-running only re-diagnoses
 * (--no-train: diagnose only the runs already there).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { diagnose, SEVERITY_RANK } from '../src/doctor/diagnose.js';
import { loadRun } from '../src/doctor/load.js';
import type { Finding } from '../src/doctor/types.js';
import type { Trial } from '../src/experiment/grid.js';
import { runPool } from '../src/experiment/pool.js';
import { aucNullSe } from '../src/metrics/evidence.js';
import type { ModelSpec } from '../src/model/spec.js';
import { RUN_FILES } from '../src/run/files.js';
import { type Case, casesFor, epochsFor, FAULTS } from './doctor/cases.js';
import {
  type CorpusSet,
  corpusSets,
  type DataFault,
  type FaultData,
  faultData,
  loadSet,
  materialise,
} from './doctor/corpus.js';
import { explainStories } from './doctor/explain-story.js';
import { faultTable, flaggedHealthy, harmSummary, type Row, ruleTable, summary } from './doctor/score.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    out: { type: 'string', default: join(tmpdir(), 'trainscope-bench-doctor') },
    fresh: { type: 'boolean', default: false },
    'no-explain': { type: 'boolean', default: false },
    steps: { type: 'string', default: '400' },
    'explain-steps': { type: 'string', default: '400' },
    'no-train': { type: 'boolean', default: false },
  },
});
const out = values.out as string;
const runsDir = join(out, 'runs');
if (values.fresh) rmSync(out, { recursive: true, force: true });
mkdirSync(runsDir, { recursive: true });
const only = values.only ? new RegExp(values.only as string) : null;

async function buildCases(): Promise<{ cases: Case[]; sets: CorpusSet[] }> {
  const cases: Case[] = [];
  const sets = corpusSets().filter(
    (s) => !only || only.test(s.name) || Object.keys(FAULTS).some((f) => only.test(`${s.name}/${f}`)),
  );
  for (const original of sets) {
    const set = await materialise(original, join(out, 'data'));
    const { train } = await loadSet(set);
    const prevalence = Array.from({ length: train.nLabels }, (_, j) => {
      let k = 0;
      for (let r = 0; r < train.nRows; r++) k += train.y[r * train.nLabels + j];
      return k / train.nRows;
    });
    const trainRows = set.test ? train.nRows : Math.round(train.nRows * 0.8);
    const epochs = epochsFor(trainRows, { steps: Number(values.steps), min: 5, max: 30 });
    const data = new Map<string, FaultData>();
    for (const f of Object.values(FAULTS)) {
      if (!f.dataFault) continue;
      const key = JSON.stringify(f.dataFault);
      if (!data.has(key)) data.set(key, await faultData(set, f.dataFault, join(out, 'data')));
    }
    const all = casesFor(
      set,
      { inputs: train.nFeatures, outputs: train.nLabels, prevalence, epochs },
      (f: DataFault) => data.get(JSON.stringify(f)) as FaultData,
    );
    cases.push(...all.filter((c) => !only || only.test(c.name)));
  }
  return { cases, sets };
}

async function train(cases: Case[]): Promise<Map<string, string>> {
  const errors = new Map<string, string>();
  const todo = cases.filter((c) => !existsSync(join(runsDir, c.name, RUN_FILES.done)));
  for (const c of todo) {
    rmSync(join(runsDir, c.name), { recursive: true, force: true });
    // the run lock (<name>.lock) sits beside the run directory, whose parent must exist
    mkdirSync(dirname(join(runsDir, c.name)), { recursive: true });
  }
  const trials: Trial[] = todo.map((c) => ({
    name: c.name,
    group: c.name,
    assignment: {},
    config: { ...c.train, logdir: runsDir, name: c.name },
  }));
  let done = 0;
  const t0 = Date.now();
  console.log(`training ${todo.length} run(s) (${cases.length - todo.length} reused from ${runsDir})…`);
  const results = await runPool(trials, {
    workers: Number(values.jobs),
    threads: 1,
    expDir: runsDir,
    onEvent: (e) => {
      if (e.type !== 'done' && e.type !== 'failed') return;
      done++;
      const eta = ((Date.now() - t0) / done / 1000) * (todo.length - done);
      process.stderr.write(
        `  [${done}/${todo.length}] ${e.trial.name} ${e.type} ${e.seconds.toFixed(0)}s (about ${Math.round(eta / 60)} min left)\n`,
      );
    },
  });
  for (const [name, o] of results) if (o.status === 'failed') errors.set(name, o.error ?? 'failed');
  return errors;
}

function row(c: Case, errors: Map<string, string>): Promise<Row> {
  return diagnoseRun(c, errors.get(c.name));
}

async function diagnoseRun(c: Case, error?: string): Promise<Row> {
  const dir = join(runsDir, c.name);
  const base: Row = {
    name: c.name,
    set: c.set.name,
    part: c.set.part,
    config: c.config,
    kind: c.kind,
    expect: c.expect,
    stepsPerEpoch: 1,
    epochsRun: 0,
    testAucMicro: null,
    testAucMacro: null,
    testLabels: {},
    findings: [],
    diagnosis: null,
    detectedStep: null,
  };
  if (!existsSync(join(dir, RUN_FILES.meta))) return { ...base, error: error ?? 'no run' };
  const loaded = await loadRun(dir);
  const ctx = { ...loaded.ctx };
  if (c.hide?.length && ctx.config) {
    const config: Record<string, unknown> = { ...ctx.config };
    for (const k of c.hide) delete config[k];
    ctx.config = config as typeof ctx.config;
    if (c.hide.includes('freeze') && ctx.spec) ctx.spec = unfrozen(ctx.spec);
  }
  const report = diagnose(loaded.run, ctx);
  const meta = loaded.meta;
  const rows = meta?.data?.rows?.train ?? 1;
  const stepsPerEpoch = Math.ceil(rows / Number(meta?.config.batchSize ?? 128));
  const testReport = readJson(join(dir, RUN_FILES.report));
  const metrics = testReport?.metrics as Record<string, unknown> | undefined;
  const testLabels: Row['testLabels'] = {};
  const nTest = Number(testReport?.n_rows ?? 0);
  for (const l of (testReport?.labels ?? []) as { name: string; support: number; roc_auc: number | null }[]) {
    const se = l.support > 0 && l.support < nTest ? aucNullSe(l.support, nTest - l.support) : null;
    testLabels[l.name] = { auc: l.roc_auc ?? null, se };
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const serious = report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1);
  const hits = serious.filter((f) => c.expect && f.cause === c.expect).map((f) => f.step);
  const lastStep = Math.max(0, ...[...loaded.run.scalars.values()].flatMap((s) => s.map((p) => p.step)));
  return {
    ...base,
    stepsPerEpoch,
    epochsRun: Math.round(lastStep / stepsPerEpoch),
    testAucMicro: num(metrics?.roc_auc_micro),
    testAucMacro: num(metrics?.roc_auc_macro),
    testLabels,
    findings: report.findings.map((f: Finding) => ({
      id: f.id,
      severity: f.severity,
      status: (f as { status?: string }).status ?? 'current',
      step: f.step,
      cause: f.cause,
      where: f.where.layer ? `@${f.where.layer}` : f.where.label ? `@${f.where.label}` : '',
    })),
    diagnosis: report.diagnosis?.cause ?? null,
    detectedStep: hits.length ? Math.min(...hits) : null,
    ...(error ? { error } : {}),
  };
}

function unfrozen(spec: ModelSpec): ModelSpec {
  return {
    ...spec,
    hidden: spec.hidden.map(({ frozen: _, ...l }) => l),
    output: { kernelInit: spec.output.kernelInit, biasInit: spec.output.biasInit },
  };
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const started = Date.now();
const { cases, sets } = await buildCases();
const errors = values['no-train'] ? new Map<string, string>() : await train(cases);
const rows: Row[] = [];
for (const c of cases) rows.push(await row(c, errors));
writeFileSync(join(out, 'results.json'), JSON.stringify(rows, null, 2));

const text = [
  `## Doctor calibration matrix (${rows.filter((r) => r.kind === 'healthy').length} healthy runs, ${rows.filter((r) => r.kind === 'fault').length} injected faults, ${sets.length} sets)`,
  '',
  `Reproduce: nice -n 5 npm run bench:doctor -- --jobs ${values.jobs} --steps ${values.steps}${values.out === join(tmpdir(), 'trainscope-bench-doctor') ? '' : ` --out ${out}`} (runs are reused; --fresh retrains, --no-train only re-diagnoses)`,
  '',
  summary(rows),
  '',
  harmSummary(rows),
  '',
  '### Per rule: healthy runs with a warning or worse at the end',
  '',
  ruleTable(rows),
  '',
  '### Per fault',
  '',
  faultTable(rows),
  '',
  '### Healthy runs flagged at the end, against the healthy reference on the same set',
  '',
  ...(flaggedHealthy(rows).map((l) => `- ${l}`) || []),
];
if (!values['no-explain']) {
  text.push('', '### `doctor --explain` on the story run of each set', '');
  const stories = cases.filter((c) => c.config === 'story');
  const verdicts = await explainStories(
    stories.map((c) => join(runsDir, c.name)),
    Number(values['explain-steps']),
    Number(values.jobs),
  );
  stories.forEach((c, i) => {
    text.push(`- ${c.set.name}: ${verdicts[i]}`);
  });
  const said = verdicts.filter((v) => /initiali[sz]ation, not dropout/i.test(v)).length;
  text.push('', `"initialisation, not dropout" on ${said} of ${stories.length} sets`);
}
text.push('', `(${((Date.now() - started) / 60000).toFixed(1)} min; runs and results.json in ${out})`);
const report = text.join('\n');
writeFileSync(join(out, 'results.md'), `${report}\n`);
console.log(`\n${report}`);
for (const r of rows.filter((x) => x.error)) console.log(`error: ${r.name}: ${r.error}`);
