import { acquireRunLock } from '../lock.js';

/**
 * A separate process for the lock's tests: `node hold-lock.js RUN_DIR HOLD_MS [BEAT_MS]` tries
 * to take the run lock, prints `acquired` or `busy <pid>`, holds it HOLD_MS, releases, exits.
 */
const [runDir, holdMs, beatMs] = process.argv.slice(2);
const r = await acquireRunLock(runDir, { beatMs: Number(beatMs ?? 2000), staleMs: 60_000 });
process.stdout.write(r.kind === 'acquired' ? 'acquired\n' : `busy ${r.holder.pid}\n`);
if (r.kind === 'acquired') {
  await new Promise((res) => setTimeout(res, Number(holdMs)));
  r.lock.release();
}
