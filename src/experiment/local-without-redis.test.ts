import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN } from './queue/testing/workers.js';
import { tinyGrid } from './testing/shared-logdir.js';

/**
 * The local default needs no Redis: `trainscope experiment` without --queue trains a grid in a
 * process tree where importing BullMQ or ioredis fails and no redis-server is on the PATH.
 */
const NO_QUEUE = fileURLToPath(new URL('./testing/no-queue-libs.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-no-redis-'));
after(() => rmSync(root, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, PATH: join(root, 'empty-path') };
  const proc = spawn(process.execPath, ['--import', NO_QUEUE, BIN, ...args], { env });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stdout, stderr })));
}

test('the local default trains a grid with no Redis and without loading the queue libraries', {
  timeout: 300_000,
}, async () => {
  // The guard works: the queue's own command cannot start in such a process.
  const worker = await cli(['worker', '--queue', 'redis://127.0.0.1:1', '--logdir', root]);
  assert.notEqual(worker.code, 0);
  assert.match(worker.stderr, /bullmq was imported, but this process must not need the queue's libraries/);

  const r = await cli([...tinyGrid('alone', join(root, 'runs'), 5), '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  const table = JSON.parse(r.stdout);
  assert.equal(table.rows[0].done, 3, r.stderr);
  assert.equal(table.rows[0].failed, 0);
});
