import { availableParallelism } from 'node:os';
import type { Dataset } from '../data/dataset.js';
import { createEngine } from '../engine/index.js';
import { UserError } from '../errors.js';
import { readRun } from '../events/reader.js';
import type { RunData } from '../events/types.js';
import { resolveSpec } from '../model/resolve.js';
import type { ModelSpec } from '../model/spec.js';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from '../run/config.js';
import { killPoint } from '../run/kill-point.js';
import { TAGS } from '../run/tags.js';
import type { Callback, LoopState, TrainingRun } from './callback.js';
import { checkpointCallback } from './callbacks/checkpoint.js';
import { earlyStopCallback } from './callbacks/early-stop.js';
import { nanStopCallback } from './callbacks/nan-stop.js';
import { probesCallback } from './callbacks/probes.js';
import { progressCallback } from './callbacks/progress.js';
import { loadCheckpoint } from './checkpoint.js';
import { claimFresh, claimResume, type RunClaim } from './claim.js';
import { HPARAMS_METRICS, hparamsOf } from './hparams.js';
import { loop } from './loop.js';
import { type PreparedData, prepareData, withStandardTest } from './prepare.js';
import { probeBatchFrom } from './probes.js';
import { createRecorder } from './recorder.js';
import { finishRun, writeMeta } from './run-files.js';
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
 * Train one model; everything it records goes to LOGDIR/NAME, which one process at a time may
 * write (the run lock, run/lock.ts: a second writer is refused). The loop runs the callbacks in
 * this order: probes, progress, the caller's (hooks.callbacks: the live doctor), NaN stop,
 * early stop, checkpoint (last, so it saves what the others decided).
 */
export async function train(input: TrainConfigInput, hooks: TrainHooks = {}): Promise<TrainResult> {
  const requested = withStandardTest(checkTrainConfig(input));
  const log = hooks.log ?? (() => {});
  // Another process took the lock over (this one was thought dead): stop writing at once.
  const lost = new AbortController();
  const onLost = () => lost.abort();
  // A resumed run is locked before anything is read (its saved configuration is the truth); a
  // new one once its data has loaded, so bad data leaves no empty run directory behind.
  let claim = requested.resume ? await claimResume(requested, input, onLost) : undefined;
  try {
    const config = claim?.plan.config ?? requested;
    const data = await prepareData(config);
    for (const note of data.notes) log(note);
    if (claim?.plan.kind === 'continue' && claim.plan.previous.data.fingerprint !== data.fingerprint)
      throw new UserError(
        `--resume: the data of ${claim.runDir} (${config.data}) is not what the run started with (its fingerprint changed); resume needs the same data`,
      );
    const { train: trainSet } = data;
    const posWeight =
      config.posWeight === 'balanced'
        ? balancedPosWeight(trainSet)
        : config.posWeight
          ? [...config.posWeight]
          : undefined;
    const spec = resolveSpec(config, trainSet.nFeatures, trainSet.nLabels, posWeight);
    claim ??= await claimFresh(config, onLost);
    const signal = hooks.signal ? AbortSignal.any([hooks.signal, lost.signal]) : lost.signal;
    return await trainIn(claim, data, spec, { ...hooks, signal }, lost.signal);
  } finally {
    claim?.lock.release();
  }
}

async function trainIn(
  claim: RunClaim,
  data: PreparedData,
  spec: ModelSpec,
  hooks: TrainHooks,
  lost: AbortSignal,
): Promise<TrainResult> {
  const { runDir, plan } = claim;
  const config = plan.config;
  const log = hooks.log ?? (() => {});
  const resumeFrom = plan.kind === 'continue' ? loadCheckpoint(runDir) : null;
  const { train: trainSet } = data;
  const engine = await createEngine(spec, {
    seed: config.seed,
    threads: config.threads ?? availableParallelism(),
    ...(resumeFrom
      ? { params: resumeFrom.params, optimizerState: { step: resumeFrom.meta.step, slots: resumeFrom.slots } }
      : {}),
  });
  try {
    const rec = createRecorder(
      runDir,
      resumeFrom ? await historyUpTo(runDir, resumeFrom.meta.step) : undefined,
    );
    if (config.probes !== 'none') rec.flush();
    const labelNames = [...trainSet.labelNames];
    const meta = writeMeta(
      runDir,
      { config, spec, data, labelNames, featureNames: [...trainSet.featureNames] },
      plan.kind === 'continue' ? { previous: plan.previous, record: plan.record } : undefined,
    );
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
    killPoint('before-first-checkpoint');
    const end = await loop(run, callbacks, state);
    if (lost.aborted)
      throw new UserError(`${runDir}: another process took over the run's lock; this one stopped writing`);
    // An interrupt mid-epoch leaves the weights ahead of the checkpoint: the run's files describe
    // the checkpoint (what --resume continues from), not half an epoch.
    if (end.midEpoch) engine.setParams(loadCheckpoint(runDir).params);
    return await finishRun(run, end.state, callbacks);
  } finally {
    await engine.dispose();
  }
}

/**
 * The history on disk up to the checkpoint's step: what a process killed mid-epoch recorded
 * after its last checkpoint is redone by the resumed run, so the live doctor must not see it twice.
 */
async function historyUpTo(runDir: string, step: number): Promise<RunData | undefined> {
  const h = await readRun(runDir).catch(() => undefined);
  if (!h) return undefined;
  for (const m of [h.scalars, h.histograms, h.texts] as Map<string, { step: number }[]>[])
    for (const [tag, points] of m)
      m.set(
        tag,
        points.filter((p) => p.step <= step),
      );
  return h;
}
