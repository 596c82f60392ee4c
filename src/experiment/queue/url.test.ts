import assert from 'node:assert/strict';
import { test } from 'node:test';
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
