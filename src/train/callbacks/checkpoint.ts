import type { Callback, LoopState, TrainingRun } from '../callback.js';
import { saveCheckpoint } from '../checkpoint.js';

/**
 * Checkpoints at consistent points only: before the first step of a fresh run and after every
 * epoch, once everything of that epoch is recorded and the other callbacks have decided whether
 * to stop (so a run killed during its final evaluation resumes straight into it). Records are
 * flushed first: the event file never lags behind the checkpoint. Put it last in the list.
 */
export function checkpointCallback(run: TrainingRun, others: () => Callback[]): Callback {
  const save = (state: LoopState) => {
    run.rec.flush();
    const callbacks: Record<string, unknown> = {};
    for (const c of others()) if (c.save) callbacks[c.name] = c.save();
    saveCheckpoint(
      run.runDir,
      { epoch: state.epoch, step: run.engine.step, stop: state.stop, callbacks },
      run.engine.params(),
      run.engine.optimizerState().slots,
    );
  };
  return {
    name: 'checkpoint',
    onStart(state) {
      if (!run.resumed) save(state);
    },
    onEpochEnd: (_e, state) => save(state),
  };
}
