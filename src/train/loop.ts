import { gatherLabels, gatherRows } from '../data/gather.js';
import type { Engine, Tensor32 } from '../engine/types.js';
import { createRng, shuffle } from '../model/rng.js';
import type { TrainConfig } from '../run/config.js';
import { STORY_METRICS, TAGS } from '../run/tags.js';
import { type loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { type ProbeState, probeBatchFrom, recordGradients, runProbe } from './probes.js';
import { finishRun, type RunParts } from './run-files.js';
import type { EpochInfo, TrainHooks, TrainResult } from './types.js';
import { fullValidationReport, validate } from './validate.js';

/**
 * The epoch loop: steps, validation, probes, checkpoints, the live doctor, stopping rules.
 * train.ts sets up (data, spec, engine, run directory); finishRun in run-files.ts closes.
 */

/**
 * Recorded gradients cost nothing extra with Adam: its bias-corrected first moment is the
 * exponential average of the recent gradients (≈ the last 1/(1-β1) = 10 steps), read from the
 * optimiser state at the probe. Other optimisers fetch the gradient of the last step before it.
 */
function recentGradients(engine: Engine, config: TrainConfig): Tensor32[] | null {
  if (config.optimizer !== 'adam') return null;
  const { step, slots } = engine.optimizerState();
  const correction = 1 - config.beta1 ** Math.max(1, step);
  return slots
    .filter((s) => s.name.endsWith('/m'))
    .map((s) => ({ name: s.name.slice(0, -2), shape: s.shape, data: s.data.map((v) => v / correction) }));
}

export interface LoopArgs extends RunParts {
  hooks: TrainHooks;
  log: (line: string) => void;
  resumeFrom: ReturnType<typeof loadCheckpoint> | null;
}

export async function loop(a: LoopArgs): Promise<TrainResult> {
  const { config, data, engine, rec, runDir, meta, labelNames, hooks, log, doctor } = a;
  const { train: ds, val } = data;
  const nF = ds.nFeatures;
  const nL = ds.nLabels;
  const probe = probeBatchFrom(ds, config.probeBatch, config.seed);
  const probeState: ProbeState = { previous: null, initial: null };
  const bs = Math.min(config.batchSize, ds.nRows);
  const stepsPerEpoch = Math.ceil(ds.nRows / bs);
  const probeEvery = config.probeEvery > 0 ? config.probeEvery : stepsPerEpoch;
  const xb = new Float32Array(bs * nF);
  const yb = new Float32Array(bs * nL);

  let startEpoch = 0;
  let bestVal = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  if (a.resumeFrom) {
    startEpoch = a.resumeFrom.meta.epoch;
    bestVal = a.resumeFrom.meta.bestValLoss ?? Number.POSITIVE_INFINITY;
    sinceBest = a.resumeFrom.meta.epochsWithoutImprovement;
    log(`resuming ${runDir} after epoch ${startEpoch} (step ${engine.step})`);
  } else {
    await runProbe(engine, rec, probe, probeState, labelNames, config.threshold, 0, config.probes);
    doctor.afterProbe(0);
    rec.flush();
  }

  let gradSum: Tensor32[] | null = null;
  let gradCount = 0;
  let stopped: TrainResult['stopped'] = 'completed';
  let stopReason: string | undefined;
  let epoch = startEpoch;
  let probeMs = 0;
  const checkpoint = (ep: number) =>
    saveCheckpoint(
      runDir,
      {
        epoch: ep,
        step: engine.step,
        bestValLoss: Number.isFinite(bestVal) ? bestVal : null,
        epochsWithoutImprovement: sinceBest,
      },
      engine.params(),
      engine.optimizerState().slots,
    );

  for (; epoch < config.epochs; epoch++) {
    const t0 = performance.now();
    probeMs = 0;
    const order = shuffle(
      Uint32Array.from({ length: ds.nRows }, (_, i) => i),
      createRng(config.seed * 7919 + epoch + 1),
    );
    let lossSum = 0;
    let lossRows = 0;
    const nonFinite = { nan: 0, inf: 0 };
    for (let s = 0; s < stepsPerEpoch; s++) {
      if (hooks.signal?.aborted) break;
      const start = s * bs;
      const rows = Math.min(bs, ds.nRows - start);
      const batch = order.subarray(start, start + rows);
      gatherRows(ds, batch, xb);
      gatherLabels(ds, batch, yb);
      const stepsToProbe = probeEvery - ((engine.step + 1) % probeEvery || probeEvery);
      const fetchGrads = config.probes !== 'none' && config.optimizer !== 'adam' && stepsToProbe === 0;
      const res = await engine.trainStep(
        rows === bs ? xb : xb.subarray(0, rows * nF),
        rows === bs ? yb : yb.subarray(0, rows * nL),
        rows,
        { fetchGrads },
      );
      if (!Number.isFinite(res.loss)) {
        if (Number.isNaN(res.loss)) nonFinite.nan++;
        else nonFinite.inf++;
      } else {
        lossSum += res.loss * rows;
        lossRows += rows;
      }
      if (hooks.onProgress && (s % 10 === 9 || s === stepsPerEpoch - 1)) {
        hooks.onProgress({
          epoch: epoch + 1,
          epochs: config.epochs,
          step: s + 1,
          steps: stepsPerEpoch,
          loss: lossSum / Math.max(1, lossRows),
        });
      }
      if (res.grads) {
        if (!gradSum) gradSum = res.grads.map((g) => ({ ...g, data: new Float32Array(g.data.length) }));
        res.grads.forEach((g, i) => {
          const acc = gradSum![i].data;
          for (let j = 0; j < acc.length; j++) acc[j] += g.data[j];
        });
        gradCount++;
      }
      if (config.probeEvery > 0 && engine.step % probeEvery === 0) {
        await probeNow(engine.step);
      }
    }
    if (hooks.signal?.aborted) {
      checkpoint(epoch);
      stopped = 'interrupted';
      stopReason = `interrupted during epoch ${epoch + 1}; checkpoint of epoch ${epoch} saved (continue with --resume)`;
      break;
    }
    const step = engine.step;
    const trainLoss = lossRows ? lossSum / lossRows : Number.NaN;
    rec.scalar(TAGS.trainLoss, trainLoss, step);
    rec.scalar(TAGS.learningRate, config.lr, step);
    rec.scalar(TAGS.nanCount, nonFinite.nan, step);
    rec.scalar(TAGS.infCount, nonFinite.inf, step);
    let valLoss: number | null = null;
    const valMetrics: Record<string, number | null> = {};
    if (val) {
      const v = await validate(engine, val, config.threshold);
      valLoss = v.loss;
      rec.scalar(TAGS.valLoss, valLoss, step);
      for (const m of STORY_METRICS) {
        valMetrics[m] = Number.isFinite(v.metrics[m]) ? v.metrics[m] : null;
        if (valMetrics[m] !== null) rec.scalar(TAGS.valMetric(m), valMetrics[m]!, step);
      }
      if (config.reportEvery > 0 && (epoch + 1) % config.reportEvery === 0)
        fullValidationReport(runDir, epoch + 1, val, v, config.threshold);
    }
    if (config.probeEvery === 0) await probeNow(step);
    // Wall time of the whole epoch: steps, validation and the epoch-end probe.
    const seconds = (performance.now() - t0) / 1000;
    rec.scalar(TAGS.epochSeconds, seconds, step);
    const info: EpochInfo = {
      epoch: epoch + 1,
      epochs: config.epochs,
      step,
      trainLoss,
      valLoss,
      val: valMetrics,
      seconds,
      probeSeconds: probeMs / 1000,
    };
    hooks.onEpoch?.(info);
    log(formatEpoch(info));

    if (valLoss !== null && Number.isFinite(valLoss)) {
      if (valLoss < bestVal - 1e-6) {
        bestVal = valLoss;
        sinceBest = 0;
      } else sinceBest++;
    }
    rec.flush();
    checkpoint(epoch + 1);
    const fatal = doctor.shouldStop();
    if (fatal) {
      stopped = 'doctor';
      stopReason = fatal;
      epoch++;
      break;
    }
    if (!Number.isFinite(trainLoss)) {
      stopped = 'doctor';
      stopReason = `training loss became ${trainLoss} in epoch ${epoch + 1} (NaN/Inf); lower --lr or set --clip-norm`;
      epoch++;
      break;
    }
    if (config.earlyStop > 0 && sinceBest >= config.earlyStop) {
      stopped = 'early-stop';
      stopReason = `validation loss did not improve for ${config.earlyStop} epochs (best ${bestVal.toFixed(5)})`;
      epoch++;
      break;
    }
  }

  async function probeNow(step: number): Promise<void> {
    const t0 = performance.now();
    await runProbe(engine, rec, probe, probeState, labelNames, config.threshold, step, config.probes);
    const fromAdam = engine.step > 0 ? recentGradients(engine, config) : null;
    if (fromAdam) recordGradients(rec, engine.spec, fromAdam, step, config.probes);
    else if (gradSum && gradCount > 0) {
      for (const g of gradSum) for (let j = 0; j < g.data.length; j++) g.data[j] /= gradCount;
      recordGradients(rec, engine.spec, gradSum, step, config.probes);
    }
    gradSum = null;
    gradCount = 0;
    probeMs += performance.now() - t0;
    doctor.afterProbe(step);
  }

  return finishRun({
    config,
    data,
    engine,
    rec,
    runDir,
    meta,
    labelNames,
    doctor,
    epochsRun: epoch,
    stopped,
    stopReason,
  });
}

function fmt(v: number | null | undefined, d = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d);
}

function formatEpoch(i: EpochInfo): string {
  const width = String(i.epochs).length;
  return (
    `epoch ${String(i.epoch).padStart(width)}/${i.epochs}  loss ${fmt(i.trainLoss)}  val_loss ${fmt(i.valLoss)}  ` +
    `val_auc micro ${fmt(i.val.roc_auc_micro, 3)} macro ${fmt(i.val.roc_auc_macro, 3)}  ${i.seconds.toFixed(2)}s`
  );
}
