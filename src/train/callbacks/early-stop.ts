import type { Callback } from '../callback.js';

interface Saved {
  bestValLoss: number | null;
  epochsWithoutImprovement: number;
}

/**
 * Stop when the validation loss has not improved (by more than 1e-6) for `patience` epochs
 * (0 = never). Its memory (best loss, epochs since) is checkpointed, so a resumed run stops
 * exactly where the uninterrupted one would.
 */
export function earlyStopCallback(patience: number): Callback {
  let best = Number.POSITIVE_INFINITY;
  let since = 0;
  return {
    name: 'early-stop',
    onEpochEnd(e, state) {
      if (e.valLoss !== null && Number.isFinite(e.valLoss)) {
        if (e.valLoss < best - 1e-6) {
          best = e.valLoss;
          since = 0;
        } else since++;
      }
      if (state.stop || patience <= 0 || since < patience) return;
      state.stop = {
        kind: 'early-stop',
        reason: `validation loss did not improve for ${patience} epochs (best ${best.toFixed(5)})`,
      };
    },
    save: (): Saved => ({
      bestValLoss: Number.isFinite(best) ? best : null,
      epochsWithoutImprovement: since,
    }),
    restore(saved) {
      const s = saved as Partial<Saved> | undefined;
      best = typeof s?.bestValLoss === 'number' ? s.bestValLoss : Number.POSITIVE_INFINITY;
      since = typeof s?.epochsWithoutImprovement === 'number' ? s.epochsWithoutImprovement : 0;
    },
  };
}
