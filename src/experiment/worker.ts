import { isUserError } from '../errors.js';
import type { FromWorker, RunTrial, ToWorker } from './protocol.js';

/**
 * Entry point of a worker process (forked by pool.ts): run the one trial it is sent, report
 * progress over IPC, then exit. Exiting (instead of waiting for more work) gives every trial a
 * fresh process, so one trial's crash or memory can never affect another.
 */
function send(msg: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

process.once('message', async (raw: unknown) => {
  const msg = raw as ToWorker;
  let code = 0;
  try {
    const mod = (await import(msg.runner)) as { runTrial: RunTrial };
    let last = 0;
    const r = await mod.runTrial(msg.config, (p) => {
      // Throttle: one message per epoch at most every 200 ms is plenty for a progress line.
      const now = Date.now();
      if (now - last < 200 && p.epoch < p.epochs) return;
      last = now;
      void send({ type: 'progress', trial: msg.trial, epoch: p.epoch, epochs: p.epochs });
    });
    await send({ type: 'done', trial: msg.trial, stopped: r?.stopped, stopReason: r?.stopReason });
  } catch (e) {
    const err = e as Error;
    const text = isUserError(e) ? err.message : (err?.stack ?? String(e)).split('\n').slice(0, 4).join('\n');
    await send({ type: 'failed', trial: msg.trial, error: text });
    code = 1;
  }
  process.exit(code);
});
