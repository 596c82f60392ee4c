import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throwaway TLS material for the queue's TLS tests, made by `openssl` at test time in a
 * temporary directory: a private certificate authority, a server certificate it signed (for
 * 127.0.0.1 and localhost), and a second, unrelated authority (the "wrong CA"). Valid one day.
 */
export interface TestCerts {
  dir: string;
  /** The authority that signed the server certificate (what a user puts in NODE_EXTRA_CA_CERTS). */
  ca: string;
  /** An authority that signed nothing the server presents. */
  otherCa: string;
  serverCert: string;
  serverKey: string;
  remove(): void;
}

/** Skip reason for tests that need openssl: never skip in CI (CI=true), where it must exist. */
export function opensslSkipReason(): string | false {
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0) return false;
  if (process.env.CI === 'true') throw new Error('openssl is not installed; .ci/run installs it');
  return 'openssl is not installed (apt-get install openssl); skipped outside CI';
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'ts-tls-'));
  const at = (f: string) => join(dir, f);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const authority = (name: string) =>
    openssl([
      'req',
      '-x509',
      ...ec,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.pem`),
      '-days',
      '1',
      '-subj',
      `/CN=trainscope test ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  authority('ca');
  authority('other-ca');
  openssl([
    'req',
    '-new',
    ...ec,
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl([
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-set_serial',
    '1',
    '-days',
    '1',
    '-extfile',
    at('server.ext'),
    '-out',
    at('server.pem'),
  ]);
  return {
    dir,
    ca: at('ca.pem'),
    otherCa: at('other-ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** redis-server arguments for a TLS-only server with these certificates (no client certificates). */
export function redisTlsArgs(certs: TestCerts): string[] {
  return [
    '--tls-cert-file',
    certs.serverCert,
    '--tls-key-file',
    certs.serverKey,
    '--tls-ca-cert-file',
    certs.ca,
    '--tls-auth-clients',
    'no',
  ];
}

function openssl(args: string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.slice(0, 2).join(' ')} failed:\n${r.stderr}`);
}
