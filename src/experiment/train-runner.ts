import type { RunTrial } from './protocol.js';

/** The default runner: one ordinary training run, exactly as `trainscope train` would do it. */
export const runTrial: RunTrial = async (config, progress) => {
  const { train } = await import('../train/index.js');
  const r = await train(config, { onEpoch: (i) => progress({ epoch: i.epoch, epochs: i.epochs }) });
  return { stopped: r.stopped, stopReason: r.stopReason };
};
