import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireRunLock, type LockOwner, lockPathOf, readOwner } from './lock.js';

const HOLDER = fileURLToPath(new URL('./testing/hold-lock.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Start a holder process; resolves with its first line (`acquired` / `busy PID`). */
function holder(runDir: string, holdMs: number): { proc: ChildProcess; first: Promise<string> } {
  const proc = spawn(process.execPath, [HOLDER, runDir, String(holdMs), '100'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = new Promise<string>((resolve) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    proc.once('exit', () => resolve(out.split('\n')[0]));
  });
  return { proc, first };
}

const exited = (p: ChildProcess) =>
  new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(0) : p.once('exit', r)));

test('a run locked by a live process is busy (with its owner); free again once it releases', async () => {
  const run = join(root, 'a');
  const h = holder(run, 1500);
  assert.equal(await h.first, 'acquired');
  const r = await acquireRunLock(run, { staleMs: 500 });
  assert.equal(r.kind, 'busy');
  assert.equal(r.kind === 'busy' && r.holder.pid, h.proc.pid);
  await exited(h.proc);
  assert.ok(!existsSync(lockPathOf(run)), 'released on exit');
  const again = await acquireRunLock(run);
  assert.equal(again.kind, 'acquired');
  if (again.kind === 'acquired') again.lock.release();
  assert.ok(!existsSync(lockPathOf(run)));
});

test('a nested run whose parent folders do not exist yet is locked (the parents are made)', async () => {
  const run = join(root, 'nested', 'b', 'c');
  const r = await acquireRunLock(run);
  assert.equal(r.kind, 'acquired');
  assert.ok(existsSync(lockPathOf(run)));
  if (r.kind === 'acquired') r.lock.release();
  assert.ok(!existsSync(lockPathOf(run)));
});

test('the lock of a SIGKILLed owner on this host is taken over at once', async () => {
  const run = join(root, 'b');
  const h = holder(run, 60_000);
  assert.equal(await h.first, 'acquired');
  h.proc.kill('SIGKILL');
  await exited(h.proc);
  assert.equal(readOwner(lockPathOf(run))?.pid, h.proc.pid, 'a killed owner leaves its lock behind');
  const t0 = Date.now();
  const r = await acquireRunLock(run, { staleMs: 60_000 });
  assert.equal(r.kind, 'acquired');
  assert.ok(Date.now() - t0 < 5000, 'no waiting for the heartbeat: the pid is gone');
  if (r.kind === 'acquired') {
    assert.equal(readOwner(lockPathOf(run))?.pid, process.pid);
    r.lock.release();
  }
});

test('an owner on another host is live while its beat moves, stale once it stops', async () => {
  const run = join(root, 'c');
  const path = lockPathOf(run);
  const other: LockOwner = { host: 'elsewhere', pid: 1, token: 't-other', since: 'then', beat: 0 };
  writeFileSync(path, JSON.stringify(other));
  const beating = setInterval(() => {
    other.beat++;
    writeFileSync(path, JSON.stringify(other));
  }, 50);
  const busy = await acquireRunLock(run, { beatMs: 100, staleMs: 600 });
  clearInterval(beating);
  assert.equal(busy.kind, 'busy');
  const t0 = Date.now();
  const r = await acquireRunLock(run, { beatMs: 100, staleMs: 600 });
  assert.equal(r.kind, 'acquired');
  assert.ok(Date.now() - t0 >= 550, 'waited for the beat to stay still');
  if (r.kind === 'acquired') r.lock.release();
});

test('a lock file cut by a kill (not JSON) goes stale; nested acquisition in one process', async () => {
  const run = join(root, 'd');
  writeFileSync(lockPathOf(run), '');
  const outer = await acquireRunLock(run, { beatMs: 100, staleMs: 300 });
  assert.equal(outer.kind, 'acquired');
  const inner = await acquireRunLock(run);
  assert.equal(inner.kind, 'acquired');
  if (inner.kind === 'acquired') inner.lock.release();
  assert.ok(existsSync(lockPathOf(run)), 'the outer holder still has it');
  if (outer.kind === 'acquired') outer.lock.release();
  assert.ok(!existsSync(lockPathOf(run)));
});

test('a holder whose lock was taken over is told, and does not remove the new owner', async () => {
  const run = join(root, 'e');
  let lostTo: LockOwner | undefined;
  const r = await acquireRunLock(run, { beatMs: 50, onLost: (by) => (lostTo = by) });
  assert.equal(r.kind, 'acquired');
  const other: LockOwner = { host: 'elsewhere', pid: 1, token: 't-new', since: 'now', beat: 0 };
  writeFileSync(lockPathOf(run), JSON.stringify(other));
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(lostTo?.token, 't-new');
  if (r.kind === 'acquired') r.lock.release();
  assert.equal(JSON.parse(readFileSync(lockPathOf(run), 'utf8')).token, 't-new');
});

test('of four processes taking over one stale lock, exactly one gets it', async () => {
  const run = join(root, 'f');
  const dead: LockOwner = {
    host: (await import('node:os')).hostname(),
    pid: 2 ** 22 + 7,
    token: 'dead',
    since: '',
    beat: 0,
  };
  writeFileSync(lockPathOf(run), JSON.stringify(dead));
  const hs = Array.from({ length: 4 }, () => holder(run, 2000));
  const lines = await Promise.all(hs.map((h) => h.first));
  assert.equal(lines.filter((l) => l === 'acquired').length, 1, lines.join(', '));
  await Promise.all(hs.map((h) => exited(h.proc)));
  assert.ok(!existsSync(lockPathOf(run)));
});
