import { UserError } from '../../errors.js';

/**
 * Where the queue lives: a Redis URL `redis://[[user]:password@]host[:port][/db]`, or `rediss://…`
 * for TLS. The password may also come from the environment (PASSWORD_ENV), which keeps it out
 * of shell history and `ps`. Only `shown` (password replaced by ***) is ever printed or written.
 */
export interface QueueTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with its password masked: the only form of it that reaches a terminal or a file. */
  shown: string;
}

export const PASSWORD_ENV = 'TRAINSCOPE_REDIS_PASSWORD';
const USAGE = 'expected redis://[:password@]host[:port][/db] or rediss://… (TLS)';

export function parseQueueUrl(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  flag = '--queue',
): QueueTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UserError(`${flag}: not a URL; ${USAGE}`);
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'redis' && scheme !== 'rediss') {
    throw new UserError(`${flag}: unsupported scheme '${scheme}://'; ${USAGE}`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new UserError(`${flag}: no host in '${mask(text)}'; ${USAGE}`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\/+/, '');
  if (path !== '' && !/^\d+$/.test(path)) {
    throw new UserError(`${flag}: the path must be a database number (/0, /1, …), got '/${path}'`);
  }
  if (u.search || u.hash)
    throw new UserError(`${flag}: query parameters are not supported in '${mask(text)}'`);
  const db = path === '' ? 0 : Number(path);
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : env[PASSWORD_ENV] || undefined;
  const target: QueueTarget = { host, port, db, tls: scheme === 'rediss', shown: '' };
  if (username) target.username = username;
  if (password) target.password = password;
  const auth = password ? `${username ?? ''}:***@` : username ? `${username}@` : '';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  target.shown = `${scheme}://${auth}${hostPart}:${port}/${db}`;
  return target;
}

/** Mask the password of a URL-like text that failed to parse (never echo a secret). */
function mask(text: string): string {
  return text.replace(/\/\/([^/@]*):[^/@]*@/, '//$1:***@');
}
