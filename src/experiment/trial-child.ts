import { isUserError } from '../errors.js';
import type { TrainConfigInput as RunTrialConfig } from '../run/config.js';
import type { FromChild, RunTrial, ToChild } from './protocol.js';
import { claimRun } from './run-claim.js';

/**
 * Entry point of a trial's child process (forked by trial-process.ts): run the one trial it is
 * sent, report progress over IPC, then exit. Exiting (instead of waiting for more work) gives
 * every trial a fresh process, so one trial's crash or memory can never affect another.
 */
function send(msg: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

// The parent died (SIGKILL, machine trouble): stop writing at once. Its trial is handed to
// someone else (the queue re-delivers it), and two processes must never train one run.
process.once('disconnect', () => process.exit(70));

process.once('message', async (raw: unknown) => {
  const msg = raw as ToChild;
  let code = 0;
  try {
    let last = 0;
    const run = async (config: RunTrialConfig) => {
      const mod = (await import(msg.runner)) as { runTrial: RunTrial };
      return mod.runTrial(config, (p) => {
        // Throttle: one message per epoch at most every 200 ms is plenty for a progress line.
        const now = Date.now();
        if (now - last < 200 && p.epoch < p.epochs) return;
        last = now;
        void send({ type: 'progress', trial: msg.trial, epoch: p.epoch, epochs: p.epochs });
      });
    };
    // The runner (and the trainer it imports) is loaded only once the run is ours.
    const result = msg.claim === 'run' ? await claimRun(msg.config, run) : await run(msg.config);
    await send({ type: 'result', trial: msg.trial, result });
  } catch (e) {
    const err = e as Error;
    const text = isUserError(e) ? err.message : (err?.stack ?? String(e)).split('\n').slice(0, 4).join('\n');
    await send({ type: 'failed', trial: msg.trial, error: text });
    code = 1;
  }
  process.exit(code);
});
