import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { RUN_FILES } from '../../run/files.js';
import { lockPathOf } from '../../run/lock.js';
import { connectRedis } from './connect.js';
import { JOB_NAME, jobId, QUEUE_NAME } from './jobs.js';
import { freePort, redisSkipReason, startRedis, type TestRedis } from './testing/redis-server.js';
import { runCli, spawnWorker, type WorkerProcess } from './testing/workers.js';
import { parseQueueUrl } from './url.js';

/**
 * What goes wrong around the queue, with a real password-protected redis-server: a trial with a
 * user error fails once; a run locked by a live process is not trained until it is free; the
 * password never reaches a file or a line of output; unreachable Redis, a wrong password and a
 * queue holding another version's jobs are one clear line each.
 */
const skip = redisSkipReason();
const PASSWORD = 'pw-Zq8-never-printed';
const HOLDER = fileURLToPath(new URL('../../run/testing/hold-lock.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-queue-err-'));
let redis: TestRedis | undefined;
let url = '';
const workers: WorkerProcess[] = [];

before(async () => {
  if (skip) return;
  redis = await startRedis(['--requirepass', PASSWORD]);
  url = `redis://:${PASSWORD}@127.0.0.1:${redis.port}`;
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a user error fails once with its message; a locked run waits for its lock; no password anywhere', {
  skip,
  timeout: 300_000,
}, async () => {
  const logdir = join(root, 'runs');
  const expDir = join(logdir, 'errs');
  mkdirSync(expDir, { recursive: true });
  // A live process holds the good trial's run lock (a worker the queue wrongly thought dead).
  const good = 'data=seed-like-rows-300';
  const holder = spawn(process.execPath, [HOLDER, join(expDir, good), '600000', '100'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((res) => holder.stdout?.once('data', () => res()));
  const holderExit = new Promise<number>((res) => holder.once('exit', () => res(Date.now())));

  const worker = await spawnWorker([
    '--queue',
    url,
    '--logdir',
    logdir,
    '--lock-seconds',
    '1',
    '--threads',
    '1',
  ]);
  workers.push(worker);
  // Once the worker has found the run busy, the holder dies (SIGKILL: its lock stays behind, stale).
  const busy = new RegExp(`busy   errs/${good.replace(/[.+]/g, '\\$&')}: locked by pid ${holder.pid}`);
  const watch = setInterval(() => {
    if (busy.test(worker.output())) holder.kill('SIGKILL');
  }, 50);
  const running = runCli([
    'experiment',
    '--queue',
    url,
    '--logdir',
    logdir,
    '--name',
    'errs',
    '--grid',
    'data=seed-like:rows=300,no-such-file.csv',
    '--set',
    'hidden=8',
    '--set',
    'epochs=2',
  ]);
  const released = await holderExit;
  const r = await running;
  clearInterval(watch);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /FAILED data=no-such-file\.csv/);
  assert.match(r.stderr, /no-such-file\.csv/);
  assert.match(r.stdout, /1\/1/);
  const log = worker.output();
  assert.equal(log.split('\n').filter((l) => l.includes('start  errs/data=no-such-file.csv')).length, 1, log);
  assert.match(log, busy);
  assert.ok(
    statSync(join(expDir, good, RUN_FILES.done)).mtimeMs >= released - 50,
    'trained only after the lock was free',
  );

  const conn = await connectRedis(parseQueueUrl(url));
  const queue = new Queue(QUEUE_NAME, { connection: conn });
  const id = JSON.parse(readFileSync(join(expDir, 'experiment.json'), 'utf8')).id;
  const failed = await queue.getJob(jobId(id, 'data=no-such-file.csv'));
  assert.equal(await failed?.getState(), 'failed');
  assert.equal(failed?.attemptsMade, 1, 'no retries for a user error');
  await queue.close();
  conn.disconnect();

  assert.ok(!readdirSync(expDir).some((f) => f.endsWith('.lock')), 'locks released');
  assert.ok(!`${r.stdout}${r.stderr}${log}`.includes(PASSWORD));
  for (const f of filesUnder(logdir))
    assert.ok(!readFileSync(f).includes(PASSWORD), `${f} holds the password`);
});

test('unreachable Redis and a wrong password: one line each, without the password', {
  skip,
  timeout: 300_000,
}, async () => {
  const closed = `redis://:${PASSWORD}@127.0.0.1:${await freePort()}`;
  for (const cmd of [['experiment', '--seeds', '1', '--name', 'x'], ['worker']]) {
    const r = await runCli([...cmd, '--queue', closed, '--logdir', root]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^trainscope \w+: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: connection refused/m,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const wrong = await runCli([
    'worker',
    '--queue',
    `redis://:not-${PASSWORD}@127.0.0.1:${redis!.port}`,
    '--logdir',
    root,
  ]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /refused the user name or password/);
  assert.ok(!wrong.stderr.includes(PASSWORD));
  const none = await runCli(['worker', '--queue', `redis://127.0.0.1:${redis!.port}`, '--logdir', root]);
  assert.match(none.stderr, /wants a password/);
  assert.equal(lockPathOf(`${root}/x/`), `${root}/x.lock`);
});

test('a queue holding another version’s trials: the experiment refuses, a worker puts the trial back and stops', {
  skip,
  timeout: 300_000,
}, async () => {
  const conn = await connectRedis(parseQueueUrl(url));
  const queue = new Queue(QUEUE_NAME, { connection: conn });
  await queue.obliterate({ force: true });
  const old = await queue.add(
    JOB_NAME,
    { trainscope: '0.0.1-old', protocol: 1, trial: 't', experiment: 'e' },
    { jobId: 'old/t' },
  );
  const logdir = join(root, 'v');
  mkdirSync(logdir);
  const exp = await runCli(['experiment', '--seeds', '1', '--name', 'v', '--queue', url, '--logdir', logdir]);
  assert.equal(exp.code, 2, exp.stderr);
  assert.match(
    exp.stderr,
    /holds 1 unfinished job\(s\) that this trainscope cannot share: a trial queued by trainscope 0\.0\.1-old/,
  );
  const w = await spawnWorker(['--queue', url, '--logdir', logdir]);
  workers.push(w);
  const { code } = await w.exited;
  assert.equal(code, 2, w.output());
  assert.match(w.output(), /gave this worker a trial queued by trainscope 0\.0\.1-old/);
  assert.equal(
    await (await queue.getJob(old.id!))?.getState(),
    'waiting',
    'the trial went back for a worker of its version',
  );
  await queue.obliterate({ force: true });
  await queue.close();
  conn.disconnect();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}
