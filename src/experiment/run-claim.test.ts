import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RUN_FILES } from '../run/files.js';
import { lockPathOf } from '../run/lock.js';
import { claimAfresh } from './run-claim.js';

const HOLDER = fileURLToPath(new URL('../run/testing/hold-lock.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-claim-afresh-'));
after(() => rmSync(root, { recursive: true, force: true }));

function runDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

test("a local trial's claim: a finished run is not trained again; an interrupted one is removed, under the lock, then trained", async () => {
  let trained = 0;
  const train = async () => {
    trained++;
    return { kind: 'trained' as const };
  };
  const done = runDir('done', { [RUN_FILES.done]: '', [RUN_FILES.report]: '{}' });
  assert.deepEqual(await claimAfresh(done, train), { kind: 'already-done' });
  assert.equal(trained, 0);
  assert.ok(existsSync(join(done, RUN_FILES.report)), 'a finished run is left as it is');

  const cut = runDir('cut', { 'events.out.tfevents.1.host': 'partial' });
  const seen = await claimAfresh(cut, async () => {
    assert.ok(!existsSync(cut), 'the remains are gone before training starts');
    assert.ok(existsSync(lockPathOf(cut)), 'and the lock is held while it trains');
    return train();
  });
  assert.deepEqual(seen, { kind: 'trained' });
  assert.equal(trained, 1);
  assert.ok(!existsSync(lockPathOf(cut)), 'released afterwards');
});

test('a run whose lock another live process holds is busy: nothing is removed or trained', async () => {
  const held = runDir('held', { 'events.out.tfevents.1.host': 'being written' });
  const holder = spawn(process.execPath, [HOLDER, held, '600000', '100'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((res) => holder.stdout?.once('data', () => res()));
    const r = await claimAfresh(held, async () => assert.fail('trained a run another process holds'));
    assert.equal(r.kind, 'busy');
    assert.match(r.kind === 'busy' ? r.holder : '', new RegExp(`^pid ${holder.pid} on `));
    assert.equal(readFileSync(join(held, 'events.out.tfevents.1.host'), 'utf8'), 'being written');
  } finally {
    holder.kill('SIGKILL');
  }
});
