import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RUN_FILES } from '../../run/files.js';
import { planRun } from './claim-runner.js';
import { parseQueueUrl } from './url.js';

test('queue URLs: host, port, db, password and TLS; the password only ever shown masked', () => {
  const t = parseQueueUrl('rediss://:s%40cret@q.example:6380/2', {});
  assert.deepEqual(
    { host: t.host, port: t.port, db: t.db, password: t.password, tls: t.tls },
    { host: 'q.example', port: 6380, db: 2, password: 's@cret', tls: true },
  );
  assert.equal(t.shown, 'rediss://:***@q.example:6380/2');
  const plain = parseQueueUrl('redis://localhost', {});
  assert.equal(plain.shown, 'redis://localhost:6379/0');
  assert.equal(plain.password, undefined);
  const fromEnv = parseQueueUrl('redis://u@h', { TRAINSCOPE_REDIS_PASSWORD: 'env-pw' });
  assert.equal(fromEnv.password, 'env-pw');
  assert.equal(fromEnv.username, 'u');
  assert.equal(fromEnv.shown, 'redis://u:***@h:6379/0');
  assert.equal(parseQueueUrl('redis://[::1]:7000', {}).host, '::1');
  for (const [bad, why] of [
    ['http://:pw@host', /unsupported scheme 'http:\/\/'/],
    ['redis://:pw@host/abc', /database number/],
    ['not a url :pw@', /not a URL/],
    ['redis://:pw@host?tls=1', /query parameters/],
  ] as const) {
    assert.throws(
      () => parseQueueUrl(bad, {}),
      (e: Error) => why.test(e.message) && !e.message.includes(':pw@'),
    );
  }
});

const root = mkdtempSync(join(tmpdir(), 'ts-claim-'));
after(() => rmSync(root, { recursive: true, force: true }));

test("a re-delivered trial's directory decides: finished, resume from the checkpoint, or start afresh", () => {
  const dir = (name: string, files: Record<string, string>) => {
    const d = join(root, name);
    mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
    return d;
  };
  assert.deepEqual(planRun(join(root, 'missing')), { kind: 'fresh' });
  assert.deepEqual(planRun(dir('begun', { 'events.out.tfevents.1.x': '' })), { kind: 'fresh' });
  const ckpt = { [RUN_FILES.checkpoint]: 'bin', [RUN_FILES.checkpointMeta]: JSON.stringify({ epoch: 7 }) };
  assert.deepEqual(planRun(dir('ckpt', ckpt)), { kind: 'resume', afterEpoch: 7 });
  assert.deepEqual(planRun(dir('done', { ...ckpt, [RUN_FILES.done]: '' })), { kind: 'already-done' });
  assert.deepEqual(planRun(dir('cut', { ...ckpt, [RUN_FILES.checkpointMeta]: '{"epo' })), { kind: 'fresh' });
  assert.deepEqual(planRun(dir('half', { [RUN_FILES.checkpointMeta]: JSON.stringify({ epoch: 3 }) })), {
    kind: 'fresh',
  });
});
