import { TAGS } from '../../run/tags.js';
import type { Callback, TrainingRun } from '../callback.js';
import type { EpochInfo } from '../types.js';

function fmt(v: number | null | undefined, d = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d);
}

export function formatEpoch(i: EpochInfo): string {
  const width = String(i.epochs).length;
  return (
    `epoch ${String(i.epoch).padStart(width)}/${i.epochs}  loss ${fmt(i.trainLoss)}  val_loss ${fmt(i.valLoss)}  ` +
    `val_auc micro ${fmt(i.val.roc_auc_micro, 3)} macro ${fmt(i.val.roc_auc_macro, 3)}  ${i.seconds.toFixed(2)}s`
  );
}

/**
 * Progress for people and callers: hooks.onProgress every 10 steps, and after each epoch its
 * wall time (steps, validation and the epoch-end probe) recorded, hooks.onEpoch and a log line.
 */
export function progressCallback(run: TrainingRun): Callback {
  const { hooks, config } = run;
  return {
    name: 'progress',
    onStepEnd(s) {
      if (!hooks.onProgress || (s.index % 10 !== 0 && s.index !== s.steps)) return;
      const loss = Number.isNaN(s.meanLoss) ? 0 : s.meanLoss;
      hooks.onProgress({ epoch: s.epoch, epochs: config.epochs, step: s.index, steps: s.steps, loss });
    },
    onEpochEnd(e) {
      const seconds = (performance.now() - e.startedAt) / 1000;
      run.rec.scalar(TAGS.epochSeconds, seconds, e.step);
      const { startedAt: _, timings, ...rest } = e;
      const info: EpochInfo = { ...rest, seconds, probeSeconds: (timings.get('probes') ?? 0) / 1000 };
      hooks.onEpoch?.(info);
      run.log(formatEpoch(info));
    },
  };
}
