import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Queue, QueueEvents } from 'bullmq';
import { RUN_FILES } from '../../run/files.js';
import { lockPathOf, readOwner } from '../../run/lock.js';
import { expandGrid, type GridSpec, seedAxis } from '../grid.js';
import type { PoolEvent } from '../pool.js';
import { RESULT_FILES, runExperiment } from '../run.js';
import { hparamsKinds } from '../testing/hparams-records.js';
import { connectRedis } from './connect.js';
import { jobId, QUEUE_NAME } from './jobs.js';
import { redisSkipReason, startRedis, type TestRedis } from './testing/redis-server.js';
import { BIN, spawnWorker, type WorkerProcess } from './testing/workers.js';
import { parseQueueUrl } from './url.js';

/**
 * The queue end to end, with a real redis-server and real `trainscope worker` processes: a
 * small grid on three workers, one of them SIGKILLed in the middle of a trial. BullMQ's stalled
 * check must give that trial to another worker, which resumes it from its checkpoint; every
 * trial must finish exactly once, and the table must be the local mode's, byte for byte.
 */
const skip = redisSkipReason();
const root = mkdtempSync(join(tmpdir(), 'ts-queue-'));
let redis: TestRedis | undefined;
const workers: WorkerProcess[] = [];
/** Closed after the tests, whatever failed (a connection left open would retry forever). */
const cleanups: (() => Promise<unknown> | unknown)[] = [];

before(async () => {
  if (!skip) redis = await startRedis();
});
after(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

// Tiny but long enough (40 epochs) to be killed in the middle; 1 engine thread everywhere, so
// the local and the queued runs compute exactly the same numbers.
const spec = (): GridSpec => ({
  name: 'grid',
  base: { data: 'seed-like:rows=400', hidden: [8], epochs: 40, probes: 'light', threads: 1 },
  axes: [{ field: 'dropout', values: [0, 0.5] }, seedAxis(2)],
});

test('a grid on 3 workers, one SIGKILLed mid-trial: every trial done exactly once, the same table as local mode', {
  skip,
  timeout: 300_000,
}, async () => {
  const url = redis!.url;
  const target = parseQueueUrl(url);
  const local = await runExperiment(spec(), { logdir: join(root, 'local'), workers: 2, cores: 2 });
  assert.ok([...local.outcomes.values()].every((o) => o.status === 'done'));

  const shared = join(root, 'shared');
  mkdirSync(shared);
  for (let i = 0; i < 3; i++) {
    workers.push(await spawnWorker(['--queue', url, '--logdir', shared, '--lock-seconds', '2']));
  }
  // An independent witness of every completion the queue records.
  const witnessConn = await connectRedis(target);
  cleanups.push(() => witnessConn.disconnect());
  const witness = new QueueEvents(QUEUE_NAME, { connection: witnessConn });
  cleanups.push(() => witness.close());
  await witness.waitUntilReady();
  const completions = new Map<string, number>();
  witness.on('completed', ({ jobId: id }) => completions.set(id, (completions.get(id) ?? 0) + 1));

  // The board over the shared logdir, polled while the grid runs.
  const board = await startBoard(shared);
  cleanups.push(board.stop);
  const seen: { name: string; finished: boolean }[][] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const r = await fetch(`${board.url}/api/runs`).catch(() => undefined);
      if (r?.ok) seen.push(((await r.json()) as { runs: { name: string; finished: boolean }[] }).runs);
      await new Promise((res) => setTimeout(res, 250));
    }
  })();

  // The victim: the first worker found training a trial past its second checkpoint (the run's
  // lock names the trial's process; its parent is the worker), SIGKILLed on the spot.
  let victim: { trial: string; worker: WorkerProcess; epoch: number } | undefined;
  const expDir = join(shared, 'grid');
  const hunt = setInterval(() => {
    if (victim) return;
    for (const t of expandGrid(spec(), shared)) {
      const dir = join(expDir, t.name);
      const epoch = checkpointEpoch(dir);
      const owner = readOwner(lockPathOf(dir));
      if (existsSync(join(dir, RUN_FILES.done)) || epoch === undefined || epoch < 2 || epoch > 35 || !owner)
        continue;
      const worker = workers.find((w) => w.proc.pid === parentPid(owner.pid));
      if (!worker) continue;
      victim = { trial: t.name, worker, epoch };
      worker.proc.kill('SIGKILL');
      return;
    }
  }, 20);
  const events: PoolEvent[] = [];
  const result = await runExperiment(spec(), {
    logdir: shared,
    queue: { target, reconcileMs: 1000 },
    onEvent: (e) => events.push(e),
  });
  clearInterval(hunt);
  polling = false;
  await poll;
  board.stop();

  assert.ok(victim, 'a worker was killed in the middle of a trial');
  assert.equal((await victim.worker.exited).signal, 'SIGKILL');
  for (const t of result.trials) {
    assert.equal(
      result.outcomes.get(t.name)?.status,
      'done',
      `${t.name}: ${result.outcomes.get(t.name)?.error}`,
    );
  }
  // The killed worker's trial went back to the queue and was resumed by another worker.
  assert.ok(events.some((e) => e.type === 'requeued' && e.trial.name === victim?.trial));
  const victimDone = events.find((e) => e.type === 'done' && e.trial.name === victim?.trial);
  assert.ok(victimDone?.type === 'done');
  const resumed = /on (\S+), resumed after epoch (\d+)/.exec(victimDone.note ?? '');
  assert.ok(resumed, `resumed from a checkpoint: ${victimDone.note}`);
  assert.notEqual(resumed[1], victim.worker.name);
  // Killed with a checkpoint of epoch ≥ 2 on disk: it resumed from that one or a later one.
  assert.ok(Number(resumed[2]) >= victim.epoch && Number(resumed[2]) < 40, resumed[2]);

  // Exactly once: one completion per trial on the queue, one finished training per trial in the
  // workers' logs, and nothing else.
  await new Promise((res) => setTimeout(res, 500));
  const ids = result.trials.map((t) => jobId(readId(result.expDir), t.name));
  assert.deepEqual(
    ids.map((id) => completions.get(id) ?? 0),
    ids.map(() => 1),
  );
  assert.equal(completions.size, ids.length);
  const logs = workers.map((w) => w.output()).join('\n');
  for (const t of result.trials) {
    const done = logs.split('\n').filter((l) => l.includes(`done   grid/${t.name} (`));
    assert.equal(done.length, 1, `${t.name} finished once:\n${logs}`);
  }

  // The same table as local mode, and the same numbers in every run.
  for (const f of Object.values(RESULT_FILES)) {
    assert.equal(
      readFileSync(join(result.expDir, f), 'utf8'),
      readFileSync(join(local.expDir, f), 'utf8'),
      f,
    );
  }
  for (const t of result.trials) {
    const report = (dir: string) =>
      JSON.parse(readFileSync(join(dir, t.name, RUN_FILES.report), 'utf8')).metrics;
    assert.deepEqual(report(result.expDir), report(local.expDir), t.name);
    // The same kinds of hparams records: a trial's session only (a resumed trial starts its
    // session again), the experiment record at the grid's root.
    const kinds = hparamsKinds(join(result.expDir, t.name));
    assert.deepEqual(new Set(kinds), new Set(hparamsKinds(join(local.expDir, t.name))), t.name);
    assert.ok(!kinds.includes('experiment'), `${t.name}: ${kinds}`);
  }
  assert.deepEqual(hparamsKinds(result.expDir), ['experiment']);
  assert.deepEqual(hparamsKinds(local.expDir), ['experiment']);

  // The board listed the grid's trials while they ran, and at the end all of them finished.
  const names = result.trials.map((t) => `grid/${t.name}`);
  assert.ok(
    seen.some((runs) => runs.some((r) => names.includes(r.name) && !r.finished)),
    'the board showed a trial in progress',
  );

  // Rerunning against the finished grid queues nothing.
  const queue = new Queue(QUEUE_NAME, { connection: witnessConn });
  cleanups.push(() => queue.close());
  const before = await queue.getJobCounts();
  let queued: unknown;
  const again = await runExperiment(spec(), {
    logdir: shared,
    queue: { target, onQueued: (info) => (queued = info) },
  });
  assert.equal(again.plan.todo.length, 0);
  assert.equal(queued, undefined, 'nothing was put on the queue');
  assert.deepEqual(await queue.getJobCounts(), before);
  assert.equal(
    readFileSync(join(again.expDir, RESULT_FILES.json), 'utf8'),
    readFileSync(join(local.expDir, RESULT_FILES.json), 'utf8'),
  );
});

function checkpointEpoch(dir: string): number | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, RUN_FILES.checkpointMeta), 'utf8')).epoch;
  } catch {
    return undefined;
  }
}

/** Linux: the parent of a process, from /proc/PID/stat (field 4, after the parenthesised name). */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function readId(expDir: string): string {
  return JSON.parse(readFileSync(join(expDir, 'experiment.json'), 'utf8')).id;
}

async function startBoard(logdir: string): Promise<{ url: string; stop: () => void }> {
  const proc = spawn(process.execPath, [BIN, 'board', logdir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = / at (http:\/\/\S+?)\/? /.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 20);
    proc.once('exit', () => {
      clearInterval(timer);
      reject(new Error(`board exited:\n${out}`));
    });
  });
  return { url, stop: () => proc.kill('SIGTERM') };
}
