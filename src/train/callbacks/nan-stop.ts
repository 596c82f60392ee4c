import type { Callback } from '../callback.js';

/** Stop when an epoch's training loss is NaN or Inf: training on from there only wastes time. */
export function nanStopCallback(): Callback {
  return {
    name: 'nan-stop',
    onEpochEnd(e, state) {
      if (state.stop || Number.isFinite(e.trainLoss)) return;
      state.stop = {
        kind: 'doctor',
        reason: `training loss became ${e.trainLoss} in epoch ${e.epoch} (NaN/Inf); lower --lr or set --clip-norm`,
      };
    },
  };
}
