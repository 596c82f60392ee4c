import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Trial } from '../grid.js';
import type { PoolEvent, PoolOutcome } from '../pool.js';
import { connectRedis } from './connect.js';
import { checkQueueVersions, enqueueTrials } from './enqueue.js';
import { reportConnectionErrors } from './errors.js';
import { followTrials } from './follow.js';
import { QUEUE_NAME } from './jobs.js';
import type { QueueTarget } from './url.js';

export interface QueuedOptions {
  target: QueueTarget;
  logdir: string;
  expDir: string;
  experiment: { id: string; name: string };
  onEvent?: (e: PoolEvent) => void;
  /** Told once the trials are on the queue: how many were added, how many were there already. */
  onQueued?: (info: { added: number; already: number; workers: number | null }) => void;
  log?: (line: string) => void;
  /** Stop following; the trials stay on the queue and workers finish them. */
  signal?: AbortSignal;
  reconcileMs?: number;
}

/**
 * The experiment's side of queue mode: put the unfinished trials on the queue (each once) and
 * follow them until every one has completed or failed. Training happens in `trainscope worker`
 * processes anywhere; results are read back from the shared logdir by the caller, exactly as
 * in local mode.
 */
export async function runQueued(todo: Trial[], o: QueuedOptions): Promise<Map<string, PoolOutcome>> {
  const log = o.log ?? (() => {});
  const conn = await connectRedis(o.target, { name: 'trainscope-experiment' });
  const eventsConn = await connectRedis(o.target, { name: 'trainscope-experiment-events' }).catch((e) => {
    conn.disconnect();
    throw e;
  });
  const queue = new Queue(QUEUE_NAME, { connection: conn });
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConn });
  reportConnectionErrors(queue, o.target.shown, log);
  reportConnectionErrors(events, o.target.shown, log);
  try {
    await checkQueueVersions(queue, o.target.shown);
    // Listen before adding, so that no event of these jobs can be missed.
    await events.waitUntilReady();
    const from = `${hostname()}:${resolve(o.logdir)}`;
    const { added, already } = await enqueueTrials(queue, todo, { ...o.experiment, from });
    const workers = await queue.getWorkersCount().catch(() => null);
    o.onQueued?.({ added: added.length, already: already.length, workers });
    return await followTrials({
      queue,
      events,
      trials: todo,
      experimentId: o.experiment.id,
      expDir: o.expDir,
      onEvent: o.onEvent,
      signal: o.signal,
      reconcileMs: o.reconcileMs,
    });
  } finally {
    await events.close().catch(() => {});
    await queue.close().catch(() => {});
    conn.disconnect();
    eventsConn.disconnect();
  }
}
