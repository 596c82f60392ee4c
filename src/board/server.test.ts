import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LogdirProvider } from './logdir-provider.js';
import { createBoardServer, handle, listen } from './server.js';
import { tinyRuns } from './testing/fixtures.js';

let dir: string;
let url: string;
let server: http.Server;
let provider: LogdirProvider;

before(async () => {
  provider = new LogdirProvider(await tinyRuns());
  dir = await mkdtemp(path.join(tmpdir(), 'board-server-'));
  await mkdir(path.join(dir, 'web', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'web', 'index.html'), '<!doctype html><title>board</title>');
  await writeFile(path.join(dir, 'web', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'SECRET');
  await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'web', 'link.txt'));
  server = createBoardServer({
    provider,
    staticDir: path.join(dir, 'web'),
    allowedHosts: ['127.0.0.1', 'localhost'],
  });
  url = await listen(server, 0, '127.0.0.1');
});

after(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Raw request: fetch() would normalise `..` away before sending it. */
function get(rawPath: string, host?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: rawPath, headers: host ? { host } : {} },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('serves the front end and the API', async () => {
  assert.match((await get('/')).body, /<title>board/);
  assert.equal((await get('/assets/app.js')).status, 200);
  const runs = JSON.parse((await get('/api/runs')).body);
  assert.deepEqual(
    runs.runs.map((r: { name: string }) => r.name),
    ['glorot', 'std1-dropout'],
  );
  const s = JSON.parse((await get('/api/scalars?run=glorot&tag=loss%2Ftrain')).body);
  assert.equal(s.points.length, (await provider.readScalars('glorot', 'loss/train', 0)).length);
  const two = JSON.parse((await get('/api/scalars?run=glorot&tag=loss%2Ftrain&samples=2')).body);
  assert.equal(two.points.length, 2);
  const health = JSON.parse((await get('/api/health?run=std1-dropout')).body);
  assert.equal(health.run, 'std1-dropout');
  assert.equal(health.numbers.length, 4);
});

test('refuses traversal: .., encoded, absolute, symlinks out, unknown runs', async () => {
  for (const p of [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '//etc/passwd',
    '/link.txt',
  ]) {
    const r = await get(p);
    assert.ok(r.status >= 400 && r.status < 500, `${p} → ${r.status}`);
    assert.doesNotMatch(r.body, /SECRET|root:/, p);
  }
  for (const run of ['..', '../..', '%2e%2e', '/etc', encodeURIComponent(dir)]) {
    const r = await get(`/api/tags?run=${run}`);
    assert.ok(r.status === 403 || r.status === 404, `run=${run} → ${r.status}`);
  }
});

test('errors become JSON with their status; the board is read-only', async () => {
  const bad = await get('/api/scalars?run=glorot&tag=nope');
  assert.equal(bad.status, 404);
  assert.match(JSON.parse(bad.body).error, /no scalar tag 'nope'/);
  assert.equal((await get('/api/scalars?run=glorot&tag=loss/train&samples=-3')).status, 400);
  assert.match(
    JSON.parse((await get('/api/scalars?run=glorot')).body).error,
    /missing query parameter 'tag'/,
  );
  assert.equal((await get('/api/health?run=nobody')).status, 404);
  assert.equal((await get('/api/nothing')).status, 404);
  assert.equal((await handle({ provider, staticDir: dir }, 'POST', '/api/runs')).status, 405);
  assert.equal((await get('/api/runs', 'evil.example:80')).status, 421);
});

test('a batch answers as the single requests do, run by run; an unknown run fails alone', async () => {
  const tag = 'loss/train';
  const single = async (run: string) =>
    JSON.parse(
      (await get(`/api/scalars?run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}`)).body,
    );
  const q = new URLSearchParams({ kind: 'scalars', tag });
  for (const r of ['glorot', 'nope', 'std1-dropout', '../x']) q.append('run', r);
  const r = await get(`/api/batch?${q}`);
  assert.equal(r.status, 200);
  const { results } = JSON.parse(r.body);
  assert.deepEqual(results[0], { value: await single('glorot') });
  assert.deepEqual(results[2], { value: await single('std1-dropout') });
  assert.equal(results[1].status, 404);
  assert.match(results[1].error, /no run named 'nope'/);
  assert.ok([400, 403, 404].includes(results[3].status), JSON.stringify(results[3]));
  assert.equal((await get('/api/batch?kind=runs&run=glorot')).status, 400);
  assert.equal((await get(`/api/batch?kind=tags&${'run=glorot&'.repeat(41)}`)).status, 400);
});
