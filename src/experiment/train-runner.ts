import type { RunTrial } from './protocol.js';

/** The default runner: one ordinary training run, exactly as `trainscope train` would do it. */
export const runTrial: RunTrial = async (config, progress) => {
  const { trainWatched } = await import('../doctor/watched-train.js');
  // the grid's root holds the one hparams experiment record (hparams-root.ts)
  const r = await trainWatched(config, {
    onEpoch: (i) => progress({ epoch: i.epoch, epochs: i.epochs }),
    hparamsExperiment: false,
  });
  return { kind: 'trained', stopped: r.stopped, stopReason: r.stopReason };
};
