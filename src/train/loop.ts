import { killPoint } from '../run/kill-point.js';
import { createBatches } from './batches.js';
import { type Callback, callbackRunner, type LoopState, type TrainingRun } from './callback.js';
import { lossTally, recordEpoch } from './epoch-end.js';

export interface LoopEnd {
  state: LoopState;
  /** Interrupted after some steps of an epoch: the weights are ahead of the last checkpoint. */
  midEpoch: boolean;
}

/**
 * The training loop: epochs of seeded mini-batches, the epoch's losses and validation, and the
 * callbacks at their points (callback.ts). Probes, progress, the doctor, stopping rules and
 * checkpoints are callbacks, plugged in by train.ts.
 */
export async function loop(run: TrainingRun, callbacks: Callback[], state: LoopState): Promise<LoopEnd> {
  const { config, engine } = run;
  const cb = callbackRunner(callbacks);
  const batches = createBatches(run.data.train, config.batchSize, config.seed);
  const steps = batches.stepsPerEpoch;
  const probeEvery = config.probeEvery;
  if (!run.resumed) await cb.call('onProbe', 0, state);
  await cb.call('onStart', state);
  while (state.epoch < config.epochs && !state.stop) {
    const e = state.epoch;
    const startedAt = performance.now();
    cb.timings.clear();
    const losses = lossTally();
    for (let i = 0; i < steps; i++) {
      if (run.hooks.signal?.aborted) {
        state.stop = interrupted(e, i);
        return { state, midEpoch: i > 0 };
      }
      const probeFollows = probeEvery > 0 ? (engine.step + 1) % probeEvery === 0 : i === steps - 1;
      const { x, y, rows, sparse } = batches.take(e, i);
      const opts = { fetchGrads: probeFollows && cb.wantsGradients() };
      const res = sparse
        ? await engine.trainStepSparse(sparse, y, rows, opts)
        : await engine.trainStep(x, y, rows, opts);
      losses.add(res.loss, rows);
      const end = { epoch: e + 1, index: i + 1, steps, step: engine.step, loss: res.loss, grads: res.grads };
      await cb.call('onStepEnd', { ...end, meanLoss: losses.mean() }, state);
      killPoint(() => `step:${e + 1}:${i + 1}`);
      if (probeEvery > 0 && engine.step % probeEvery === 0) await cb.call('onProbe', engine.step, state);
    }
    state.epoch = e + 1;
    const info = await recordEpoch(run, e + 1, losses);
    if (probeEvery === 0) await cb.call('onProbe', engine.step, state);
    await cb.call('onEpochEnd', { ...info, startedAt, timings: cb.timings }, state);
  }
  return { state, midEpoch: false };
}

function interrupted(epoch: number, stepsDone: number) {
  return {
    kind: 'interrupted' as const,
    reason:
      stepsDone > 0
        ? `interrupted during epoch ${epoch + 1}; the checkpoint of epoch ${epoch} is kept (continue with --resume)`
        : `interrupted after epoch ${epoch}; checkpoint saved (continue with --resume)`,
  };
}
