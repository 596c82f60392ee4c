import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { createEngine } from '../engine/index.js';
import { UserError } from '../errors.js';
import { readRun } from '../events/reader.js';
import { resolveSpec } from '../model/resolve.js';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { TAGS } from '../run/tags.js';
import type { Callback, LoopState, TrainingRun } from './callback.js';
import { checkpointCallback } from './callbacks/checkpoint.js';
import { earlyStopCallback } from './callbacks/early-stop.js';
import { nanStopCallback } from './callbacks/nan-stop.js';
import { probesCallback } from './callbacks/probes.js';
import { progressCallback } from './callbacks/progress.js';
import { type Checkpoint, loadCheckpoint } from './checkpoint.js';
import { HPARAMS_METRICS, hparamsOf } from './hparams.js';
import { loop } from './loop.js';
import { prepareData, withStandardTest } from './prepare.js';
import { probeBatchFrom } from './probes.js';
import { createRecorder } from './recorder.js';
import { finishRun, writeMeta } from './run-files.js';
import { createRunDir } from './rundir.js';
import type { TrainHooks, TrainResult } from './types.js';

function balancedPosWeight(ds: Dataset): number[] {
  const pos = new Array(ds.nLabels).fill(0);
  for (let i = 0; i < ds.y.length; i++) pos[i % ds.nLabels] += ds.y[i];
  return pos.map((p) => (p === 0 ? 1 : (ds.nRows - p) / p));
}

/**
 * A configuration checked as far as it can be without the data: the schema, then every model
 * knob (initialisers, activations, per-layer lists), so a typo fails before any data is loaded.
 */
export function checkTrainConfig(input: TrainConfigInput): TrainConfig {
  const config = parseTrainConfig(input);
  resolveSpec(config, 1, 1);
  return config;
}

/**
 * Train one model; everything it records goes to LOGDIR/NAME. The loop runs the callbacks in
 * this order: probes, progress, the caller's (hooks.callbacks: the live doctor), NaN stop,
 * early stop, checkpoint (last, so it saves what the others decided).
 */
export async function train(input: TrainConfigInput, hooks: TrainHooks = {}): Promise<TrainResult> {
  const config = withStandardTest(checkTrainConfig(input));
  const log = hooks.log ?? (() => {});
  const data = await prepareData(config);
  for (const note of data.notes) log(note);
  const { train: trainSet } = data;
  const posWeight =
    config.posWeight === 'balanced'
      ? balancedPosWeight(trainSet)
      : config.posWeight
        ? [...config.posWeight]
        : undefined;
  const spec = resolveSpec(config, trainSet.nFeatures, trainSet.nLabels, posWeight);

  let runDir: string;
  let resumeFrom: Checkpoint | null = null;
  if (config.resume) {
    if (!config.name) throw new UserError('resume: needs --name of the run to continue');
    runDir = join(config.logdir, config.name);
    if (!existsSync(runDir)) throw new UserError(`resume: run directory ${runDir} does not exist`);
    resumeFrom = loadCheckpoint(runDir);
  } else {
    runDir = createRunDir(config.logdir, config.name, config.data);
  }
  const engine = await createEngine(spec, {
    seed: config.seed,
    threads: config.threads ?? availableParallelism(),
    ...(resumeFrom
      ? { params: resumeFrom.params, optimizerState: { step: resumeFrom.meta.step, slots: resumeFrom.slots } }
      : {}),
  });
  try {
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
    rec.hparams(hparamsOf(config), HPARAMS_METRICS, hooks.hparamsExperiment !== false);
    const run: TrainingRun = {
      config,
      data,
      engine,
      rec,
      runDir,
      meta,
      labelNames,
      probe: probeBatchFrom(trainSet, config.probeBatch, config.seed),
      resumed: resumeFrom !== null,
      hooks,
      log,
    };
    const callbacks: Callback[] = [
      probesCallback(run),
      progressCallback(run),
      ...(hooks.callbacks ?? []).map((make) => make(run)),
      nanStopCallback(),
      earlyStopCallback(config.earlyStop),
    ];
    callbacks.push(checkpointCallback(run, () => callbacks));
    const state: LoopState = { epoch: 0, stop: null };
    if (resumeFrom) {
      state.epoch = resumeFrom.meta.epoch;
      state.stop = resumeFrom.meta.stop;
      for (const c of callbacks) c.restore?.(resumeFrom.meta.callbacks[c.name]);
      log(`resuming ${runDir} after epoch ${state.epoch} (step ${engine.step})`);
    }
    const end = await loop(run, callbacks, state);
    // An interrupt mid-epoch leaves the weights ahead of the checkpoint: the run's files describe
    // the checkpoint (what --resume continues from), not half an epoch.
    if (end.midEpoch) engine.setParams(loadCheckpoint(runDir).params);
    return await finishRun(run, end.state, callbacks);
  } finally {
    await engine.dispose();
  }
}
