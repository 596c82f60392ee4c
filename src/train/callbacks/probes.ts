import { initialParams } from '../../engine/params.js';
import type { Engine, Tensor32 } from '../../engine/types.js';
import type { TrainConfig } from '../../run/config.js';
import type { Callback, TrainingRun } from '../callback.js';
import { recordValidationEvidence } from '../epoch-end.js';
import { type ProbeState, recordGradients, runProbe } from '../probes.js';
import { validate } from '../validate.js';

/**
 * Recorded gradients cost nothing extra with Adam: its bias-corrected first moment is the
 * exponential average of the recent gradients (≈ the last 1/(1-β1) = 10 steps), read from the
 * optimiser state at the probe. Other optimisers fetch the gradient of the step before it.
 */
function recentGradients(engine: Engine, config: TrainConfig): Tensor32[] | null {
  if (config.optimizer !== 'adam') return null;
  const { step, slots } = engine.optimizerState();
  const correction = 1 - config.beta1 ** Math.max(1, step);
  return slots
    .filter((s) => s.name.endsWith('/m'))
    .map((s) => ({ name: s.name.slice(0, -2), shape: s.shape, data: s.data.map((v) => v / correction) }));
}

/** What is recorded inside the network at every probe point (train/probes.ts), per --probes. */
export function probesCallback(run: TrainingRun): Callback {
  const { config, engine, rec } = run;
  const state: ProbeState = { previous: null, initial: null };
  let grads: Tensor32[] | null = null;
  return {
    name: 'probes',
    onStart() {
      // A resumed run measures change since init against the seed's initial weights (the
      // engine draws them from the seed alone) and update ratios against the checkpoint.
      if (run.resumed && config.probes !== 'none') {
        state.initial = initialParams(engine.spec, config.seed);
        state.previous = engine.params();
      }
    },
    wantsGradients: () => config.probes !== 'none' && config.optimizer !== 'adam',
    onStepEnd(s) {
      if (s.grads) grads = s.grads;
    },
    async onProbe(step) {
      await runProbe(engine, rec, run.probe, state, run.labelNames, config.threshold, step, config.probes);
      if (step === 0 && run.data.val && config.probes !== 'none') {
        // The untrained network on the validation rows: the doctor's baseline for "has learned".
        const v = await validate(engine, run.data.val, config.threshold);
        recordValidationEvidence(run, v.logits, 0);
      }
      const g = engine.step > 0 ? (recentGradients(engine, config) ?? grads) : null;
      if (g) recordGradients(rec, engine.spec, g, step, config.probes);
      grads = null;
    },
  };
}
