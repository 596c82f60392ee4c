import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import { UserError } from '../../errors.js';
import type { QueueTarget } from './url.js';

/** How long to wait for Redis to answer before saying it cannot be reached. */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * A Redis connection for BullMQ (`maxRetriesPerRequest: null`, as its workers require), opened
 * and checked with a PING before it is handed out, so a wrong host, port, password or TLS
 * setting is one clear line instead of an endless reconnect loop. Once connected, ioredis
 * reconnects by itself; the caller reports lost connections through `onError`.
 */
export async function connectRedis(
  target: QueueTarget,
  opts: { timeoutMs?: number; name?: string } = {},
): Promise<Redis> {
  const client = new Redis({
    host: target.host,
    port: target.port,
    db: target.db,
    username: target.username,
    password: target.password,
    tls: target.tls ? (isIP(target.host) ? {} : { servername: target.host }) : undefined,
    connectionName: opts.name ?? 'trainscope',
    maxRetriesPerRequest: null,
    lazyConnect: true,
    // Back off to 2 s between attempts; never give up once running (workers ride out restarts).
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastError: Error | undefined;
  const onError = (e: Error) => {
    lastError = e;
  };
  client.on('error', onError);
  const timeoutMs = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const ready = (async () => {
    await client.connect();
    await client.ping();
    return 'ok' as const;
  })().catch((e: Error) => {
    lastError ??= e;
    return 'error' as const;
  });
  const outcome = await Promise.race([ready, timeout]);
  clearTimeout(timer);
  client.off('error', onError);
  if (outcome === 'ok') return client;
  client.on('error', () => {}); // late errors of a connection being closed
  client.disconnect();
  throw new UserError(
    `cannot reach Redis at ${target.shown}: ${explain(lastError, target, timeoutMs, process.env.NODE_EXTRA_CA_CERTS)}`,
  );
}

/** Certificate checks that fail when the server's certificate authority is not trusted here. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/**
 * One line on what went wrong and what to check; never the password. `extraCa` is the
 * NODE_EXTRA_CA_CERTS this process started with: Node adds that file's certificate authorities to
 * the ones it trusts, which is how a private (self-signed) authority is trusted.
 */
export function explain(
  e: Error | undefined,
  target: QueueTarget,
  timeoutMs: number,
  extraCa: string | undefined,
): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const msg = scrub(e?.message ?? '', target);
  if (code === 'ECONNREFUSED')
    return `connection refused (is redis-server running on ${target.host}:${target.port}?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `unknown host '${target.host}'`;
  if (code === 'ECONNRESET' || /^Connection is closed/.test(msg)) {
    return target.tls
      ? 'the server reset the connection during TLS set-up (does it want a client certificate? trainscope sends none)'
      : 'the server reset the connection (is it a TLS port? then use rediss://)';
  }
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(msg)) {
    return target.password
      ? 'the server refused the user name or password'
      : 'the server wants a password: redis://:PASSWORD@host or set TRAINSCOPE_REDIS_PASSWORD';
  }
  if (UNTRUSTED.has(code)) {
    const trust = extraCa
      ? `is NODE_EXTRA_CA_CERTS=${extraCa} the PEM file of the certificate authority that signed it?`
      : 'for a private certificate authority, set NODE_EXTRA_CA_CERTS to its PEM file (e.g. NODE_EXTRA_CA_CERTS=ca.pem)';
    return `TLS failed: the server's certificate is not trusted (${msg || code}); ${trust}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `TLS failed: the server's certificate is not for '${target.host}' (${msg}); connect by a name or address it lists`;
  }
  if (/ssl|tls|certificate|self.signed|wrong version number/i.test(`${code} ${msg}`)) {
    return target.tls
      ? `TLS failed (${msg || code})`
      : `${msg || code} (does the server want TLS? then use rediss://)`;
  }
  if (!e) {
    const hint = target.tls
      ? 'a plain (non-TLS) port addressed with rediss://'
      : 'a TLS port addressed with redis://';
    return `no answer within ${timeoutMs / 1000} s (a firewall, or ${hint}?)`;
  }
  return msg || code || 'connection failed';
}

function scrub(text: string, target: QueueTarget): string {
  return target.password ? text.split(target.password).join('***') : text;
}
