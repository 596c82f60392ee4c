import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TrainConfigInput } from '../run/config.js';
import { RUN_FILES } from '../run/files.js';
import { lockPathOf } from '../run/lock.js';
import { train } from '../train/train.js';
import type { TrialResult } from './protocol.js';
import { claimRun, planRun } from './run-claim.js';

const HOLDER = fileURLToPath(new URL('../run/testing/hold-lock.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-claim-'));
after(() => rmSync(root, { recursive: true, force: true }));

function runDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const at = (name: string): TrainConfigInput => ({ logdir: root, name, data: 'seed-like:rows=200' });

test("a trial's claim: a finished run is not trained again; an interrupted one without a checkpoint is removed, under the lock, then trained", async () => {
  const seen: TrainConfigInput[] = [];
  const train = async (c: TrainConfigInput): Promise<TrialResult> => {
    seen.push(c);
    return { kind: 'trained' };
  };
  const done = runDir('done', { [RUN_FILES.done]: '', [RUN_FILES.report]: '{}' });
  assert.deepEqual(await claimRun(at('done'), train), { kind: 'already-done' });
  assert.equal(seen.length, 0);
  assert.ok(existsSync(join(done, RUN_FILES.report)), 'a finished run is left as it is');

  const cut = runDir('cut', { 'events.out.tfevents.1.host': 'partial' });
  const r = await claimRun(at('cut'), async (c) => {
    assert.ok(!existsSync(cut), 'the remains are gone before training starts');
    assert.ok(existsSync(lockPathOf(cut)), 'and the lock is held while it trains');
    return train(c);
  });
  assert.deepEqual(r, { kind: 'trained' });
  assert.equal(seen[0].resume, undefined, 'trained afresh, not resumed');
  assert.ok(!existsSync(lockPathOf(cut)), 'released afterwards');
});

test('a run directory decides: finished, resume from the checkpoint, or start afresh', async () => {
  assert.deepEqual(await planRun(join(root, 'missing')), { kind: 'fresh' });
  assert.deepEqual(await planRun(runDir('begun', { 'events.out.tfevents.1.x': '' })), { kind: 'fresh' });
  const ckpt = { [RUN_FILES.checkpoint]: 'bin', [RUN_FILES.checkpointMeta]: JSON.stringify({ epoch: 7 }) };
  assert.deepEqual(await planRun(runDir('ckpt', ckpt)), { kind: 'resume', afterEpoch: 7 });
  assert.deepEqual(await planRun(runDir('ckpt-done', { ...ckpt, [RUN_FILES.done]: '' })), {
    kind: 'already-done',
  });
  assert.deepEqual(await planRun(runDir('ckpt-cut', { ...ckpt, [RUN_FILES.checkpointMeta]: '{"epo' })), {
    kind: 'fresh',
  });
  assert.deepEqual(
    await planRun(runDir('half', { [RUN_FILES.checkpointMeta]: JSON.stringify({ epoch: 3 }) })),
    {
      kind: 'fresh',
    },
  );
});

test("an interrupted trial's checkpoint is resumed when it is this configuration's, trained afresh when the grid changed since", async () => {
  const config = {
    ...at('real'),
    hidden: [4],
    epochs: 2,
    probes: 'none' as const,
    threads: 1,
    doctor: false,
  };
  await train(config);
  const dir = join(root, 'real');
  rmSync(join(dir, RUN_FILES.done)); // as if killed after its last checkpoint
  const seen: TrainConfigInput[] = [];
  const record = async (c: TrainConfigInput): Promise<TrialResult> => {
    seen.push(c);
    return { kind: 'trained' };
  };
  // More epochs may change (resume allows it); the checkpoint is continued.
  assert.deepEqual(await claimRun({ ...config, epochs: 3 }, record), {
    kind: 'trained',
    resumedAfterEpoch: 2,
  });
  assert.equal(seen[0].resume, true);
  assert.ok(existsSync(join(dir, RUN_FILES.checkpoint)), 'the checkpoint is kept for the resume');
  // Another dropout under the same trial name: not this run's checkpoint; removed, trained afresh.
  const r = await claimRun({ ...config, dropout: 0.3 }, async (c) => {
    assert.ok(!existsSync(dir), 'the other configuration’s run is removed first');
    return record(c);
  });
  assert.deepEqual(r, { kind: 'trained' });
  assert.equal(seen[1].resume, undefined);
});

test('a run whose lock another live process holds is busy: nothing is removed or trained', async () => {
  const held = runDir('held', { 'events.out.tfevents.1.host': 'being written' });
  const holder = spawn(process.execPath, [HOLDER, held, '600000', '100'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((res) => holder.stdout?.once('data', () => res()));
    const r = await claimRun(at('held'), async () => assert.fail('trained a run another process holds'));
    assert.equal(r.kind, 'busy');
    assert.match(r.kind === 'busy' ? r.holder : '', new RegExp(`^pid ${holder.pid} on `));
    assert.equal(readFileSync(join(held, 'events.out.tfevents.1.host'), 'utf8'), 'being written');
  } finally {
    holder.kill('SIGKILL');
  }
});
