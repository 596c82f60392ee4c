import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RESULT_FILES } from '../run.js';
import { redisSkipReason, startRedis, type TestRedis } from './testing/redis-server.js';
import { makeTestCerts, opensslSkipReason, redisTlsArgs, type TestCerts } from './testing/tls-certs.js';
import { runCli, spawnWorker, type WorkerProcess } from './testing/workers.js';

/**
 * The queue over TLS (`rediss://`), with a real TLS-only, password-protected redis-server whose
 * certificate was signed by a throwaway certificate authority made by openssl for this test.
 * Users trust such an authority the way Node does: NODE_EXTRA_CA_CERTS=ca.pem (certificate checks
 * stay on). A tiny grid goes through one worker and must give local mode's table; a wrong or
 * missing authority and a TLS/plain mismatch must each be one clear line, with no stack trace.
 */
const skip = redisSkipReason() || opensslSkipReason();
const PASSWORD = 'tls-pw-Kx7-never-printed';
const root = mkdtempSync(join(tmpdir(), 'ts-queue-tls-'));
let certs: TestCerts | undefined;
let tls: TestRedis | undefined;
let plain: TestRedis | undefined;
const workers: WorkerProcess[] = [];

before(async () => {
  if (skip) return;
  certs = makeTestCerts();
  tls = await startRedis([...redisTlsArgs(certs), '--requirepass', PASSWORD], { tlsPort: true });
  plain = await startRedis();
});
after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await tls?.stop();
  await plain?.stop();
  certs?.remove();
  rmSync(root, { recursive: true, force: true });
});

/** The environment with NODE_EXTRA_CA_CERTS set to `ca`, or without it. */
function envWith(ca: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return ca ? { ...env, NODE_EXTRA_CA_CERTS: ca } : env;
}

// Two tiny trials; one engine thread so that local and queued runs compute the same numbers.
const GRID = [
  '--name',
  'tls',
  '--grid',
  'dropout=0,0.5',
  '--set',
  'data=seed-like:rows=300',
  '--set',
  'hidden=8',
  '--set',
  'epochs=3',
  '--set',
  'probes=light',
  '--set',
  'threads=1',
];

test('a grid through rediss:// with a password and a private CA (NODE_EXTRA_CA_CERTS): one worker trains it, the table is local mode’s', {
  skip,
  timeout: 300_000,
}, async () => {
  const url = `rediss://:${PASSWORD}@127.0.0.1:${tls!.port}`;
  const env = envWith(certs!.ca);
  const shared = join(root, 'shared');
  mkdirSync(shared);
  const worker = await spawnWorker(['--queue', url, '--logdir', shared, '--threads', '1'], env);
  workers.push(worker);
  const [local, queued] = await Promise.all([
    runCli(['experiment', ...GRID, '--logdir', join(root, 'local'), '--workers', '1']),
    runCli(['experiment', ...GRID, '--queue', url, '--logdir', shared], env),
  ]);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(queued.code, 0, queued.stderr);
  assert.match(queued.stderr, /queueing 2 on rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0/);
  const log = worker.output();
  for (const trial of ['dropout=0', 'dropout=0.5']) {
    assert.equal(log.split('\n').filter((l) => l.startsWith(`  done   tls/${trial} (`)).length, 1, log);
  }
  for (const f of Object.values(RESULT_FILES)) {
    assert.equal(
      readFileSync(join(shared, 'tls', f), 'utf8'),
      readFileSync(join(root, 'local', 'tls', f), 'utf8'),
      f,
    );
  }
  assert.ok(!`${queued.stdout}${queued.stderr}${log}`.includes(PASSWORD), 'the password is never printed');
  await worker.stop();
});

test('TLS that cannot work is one line each, no stack trace: a wrong or no CA, rediss:// to a plain server, redis:// to a TLS one', {
  skip,
  timeout: 300_000,
}, async () => {
  const tlsUrl = `rediss://:${PASSWORD}@127.0.0.1:${tls!.port}`;
  const cases: { cmd: string[]; env: NodeJS.ProcessEnv; error: RegExp }[] = [
    ...['experiment', 'worker'].map((cmd) => ({
      cmd: [cmd, '--queue', tlsUrl],
      env: envWith(certs!.otherCa),
      error: new RegExp(
        `TLS failed: the server's certificate is not trusted \\(.+\\); is NODE_EXTRA_CA_CERTS=${escapeRegExp(certs!.otherCa)} the PEM file of the certificate authority that signed it\\?$`,
      ),
    })),
    {
      cmd: ['worker', '--queue', tlsUrl],
      env: envWith(undefined),
      error:
        /TLS failed: the server's certificate is not trusted \(.+\); for a private certificate authority, set NODE_EXTRA_CA_CERTS to its PEM file/,
    },
    {
      cmd: ['worker', '--queue', `rediss://127.0.0.1:${plain!.port}`],
      env: envWith(certs!.ca),
      error: /no answer within 5 s \(a firewall, or a plain \(non-TLS\) port addressed with rediss:\/\/\?\)$/,
    },
    {
      cmd: ['worker', '--queue', `redis://:${PASSWORD}@127.0.0.1:${tls!.port}`],
      env: envWith(certs!.ca),
      error: /the server reset the connection \(is it a TLS port\? then use rediss:\/\/\)$/,
    },
  ];
  const results = await Promise.all(
    cases.map((c) => runCli([...c.cmd, '--logdir', root, ...(c.cmd[0] === 'experiment' ? GRID : [])], c.env)),
  );
  results.forEach((r, i) => {
    const { cmd, error } = cases[i];
    const what = `${cmd.join(' ')}:\n${r.stderr}`;
    assert.equal(r.code, 2, what);
    const lines = r.stderr.trim().split('\n');
    const errors = lines.filter((l) => l.startsWith(`trainscope ${cmd[0]}: `));
    assert.equal(errors.length, 1, what);
    assert.match(
      errors[0],
      /^trainscope \w+: cannot reach Redis at rediss?:\/\/(:\*\*\*@)?127\.0\.0\.1:\d+\/0: /,
    );
    assert.match(errors[0], error, what);
    // Besides the error, at most the experiment's plan line: no stack trace, no warnings.
    assert.deepEqual(
      lines.filter((l) => l !== errors[0] && !/^experiment tls: 2 trials; queueing 2 on /.test(l)),
      [],
      what,
    );
    assert.ok(!r.stderr.includes(PASSWORD), what);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
