import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { formatPreflight, preflight } from '../doctor/preflight.js';
import { createEngine } from '../engine/index.js';
import { UserError } from '../errors.js';
import { readRun } from '../events/reader.js';
import { resolveSpec } from '../model/resolve.js';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import { loadCheckpoint } from './checkpoint.js';
import { type LiveDoctor, startLiveDoctor } from './live-doctor.js';
import { loop } from './loop.js';
import { prepareData, withStandardTest } from './prepare.js';
import { probeBatchFrom } from './probes.js';
import { createRecorder } from './recorder.js';
import { writeMeta } from './run-files.js';
import { createRunDir } from './rundir.js';
import type { TrainHooks, TrainResult } from './types.js';

function balancedPosWeight(ds: Dataset): number[] {
  const pos = new Array(ds.nLabels).fill(0);
  for (let i = 0; i < ds.y.length; i++) pos[i % ds.nLabels] += ds.y[i];
  return pos.map((p) => (p === 0 ? 1 : (ds.nRows - p) / p));
}

/** Train one model; everything it records goes to LOGDIR/NAME. */
export async function train(input: TrainConfigInput, hooks: TrainHooks = {}): Promise<TrainResult> {
  const config = withStandardTest(parseTrainConfig(input));
  const log = hooks.log ?? (() => {});
  const data = await prepareData(config);
  const { train: trainSet } = data;
  const posWeight =
    config.posWeight === 'balanced'
      ? balancedPosWeight(trainSet)
      : config.posWeight
        ? [...config.posWeight]
        : undefined;
  const spec = resolveSpec(config, trainSet.nFeatures, trainSet.nLabels, posWeight);

  let runDir: string;
  let resumeFrom = null;
  if (config.resume) {
    if (!config.name) throw new UserError('resume: needs --name of the run to continue');
    runDir = join(config.logdir, config.name);
    if (!existsSync(runDir)) throw new UserError(`resume: run directory ${runDir} does not exist`);
    resumeFrom = loadCheckpoint(runDir);
  } else {
    runDir = createRunDir(config.logdir, config.name, config.data);
  }
  const threads = config.threads ?? availableParallelism();
  const engine = await createEngine(spec, {
    seed: config.seed,
    threads,
    ...(resumeFrom
      ? { params: resumeFrom.params, optimizerState: { step: resumeFrom.meta.step, slots: resumeFrom.slots } }
      : {}),
  });
  const rec = createRecorder(runDir, resumeFrom ? await readRun(runDir).catch(() => undefined) : undefined);
  if (config.probes !== 'none') rec.flush();
  const labelNames = [...trainSet.labelNames];
  const meta = writeMeta(runDir, {
    config,
    spec,
    data,
    labelNames,
    featureNames: [...trainSet.featureNames],
  });
  rec.text(TAGS.config, '```json\n' + JSON.stringify({ config, spec }, null, 2) + '\n```', 0);
  rec.hparams(hparamsOf(config), [TAGS.valLoss, ...STORY_METRICS.map((m) => TAGS.valMetric(m))]);

  const doctor: LiveDoctor = startLiveDoctor(config, spec, labelNames, hooks, rec, runDir);
  if (config.doctor && !resumeFrom) {
    // Preflight: one float64 forward pass on the probe batch before any update; shown only when something is wrong.
    const probe = probeBatchFrom(trainSet, config.probeBatch, config.seed);
    const pre = preflight(spec, engine.params(), probe.x, probe.rows, {
      config: config as unknown as Record<string, unknown>,
      labelNames,
    });
    if (pre.findings.some((f) => f.severity !== 'info')) log(formatPreflight(pre));
  }
  try {
    return await loop({
      config,
      data,
      engine,
      rec,
      runDir,
      meta,
      labelNames,
      hooks,
      log,
      doctor,
      resumeFrom,
    });
  } finally {
    await engine.dispose();
  }
}

function hparamsOf(c: TrainConfig): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined || k === 'logdir' || k === 'name' || k === 'resume') continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
  return out;
}
