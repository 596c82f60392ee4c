/**
 * The board's HTTP server (node:http; no framework needed for a read-only GET API): a table
 * of thin handlers over the pure *_impl functions of api.ts, static files from web/dist, and
 * one place where errors become responses.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { API, isApiKind } from './api.js';
import { type BatchResponse, encodeJson } from './api-types.js';
import { BadRequestError, HttpError, NotFoundError } from './errors.js';
import { checkRunName } from './paths.js';
import type { DataProvider } from './provider.js';
import { readStatic } from './static.js';

function param(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (!v) throw new BadRequestError(`missing query parameter '${name}'`);
  return v;
}

function samples(q: URLSearchParams): number | undefined {
  const v = q.get('samples');
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) {
    throw new BadRequestError(`'samples' must be an integer from 0 (all) to 100000, got '${v}'`);
  }
  return n;
}

/** Known runs only: a run parameter is never turned into a path. */
async function knownRun(p: DataProvider, q: URLSearchParams): Promise<string> {
  const run = checkRunName(q.get('run'));
  if (!(await isKnown(p, run))) throw new NotFoundError(`no run named '${run}'`);
  return run;
}

async function isKnown(p: DataProvider, run: string): Promise<boolean> {
  return p.hasRun ? p.hasRun(run) : (await p.listRuns()).some((r) => r.name === run);
}

/** Runs one batch may name: fifty runs fit in two, and the URL stays far below any server's limit. */
export const MAX_BATCH_RUNS = 40;

/**
 * /api/batch?kind=KIND&tag=…&run=A&run=B…: the same answer as /api/KIND for each run, in order,
 * each item `{ value }` or `{ status, error }` (one unknown run does not fail the others). The
 * front end coalesces the requests of one moment into these: fifty runs × a screenful of charts
 * are a few requests, not hundreds.
 */
async function batch(p: DataProvider, q: URLSearchParams): Promise<BatchResponse> {
  const kind = param(q, 'kind');
  if (!isApiKind(kind) || !API[kind].needs.includes('run'))
    throw new BadRequestError(`'kind' must be an API kind that takes a run, got '${kind}'`);
  const runs = q.getAll('run');
  if (!runs.length || runs.length > MAX_BATCH_RUNS)
    throw new BadRequestError(
      `a batch names 1 to ${MAX_BATCH_RUNS} runs ('run=…' repeated), got ${runs.length}`,
    );
  const tag = API[kind].needs.includes('tag') ? param(q, 'tag') : '';
  const results = await Promise.all(
    runs.map(async (raw): Promise<BatchResponse['results'][number]> => {
      try {
        const run = checkRunName(raw);
        if (!(await isKnown(p, run))) throw new NotFoundError(`no run named '${run}'`);
        return { value: await API[kind].impl(p, { run, tag, samples: samples(q) }) };
      } catch (e) {
        if (e instanceof HttpError) return { status: e.status, error: e.message };
        throw e;
      }
    }),
  );
  return { results };
}

/** /api/KIND?run=…&tag=…&samples=…: the parameters the kind needs, checked, then its implementation. */
async function answer(p: DataProvider, kind: string, q: URLSearchParams): Promise<unknown> {
  if (kind === 'batch') return batch(p, q);
  if (!isApiKind(kind)) throw new NotFoundError(`no API route /api/${kind}`);
  const route = API[kind];
  const run = route.needs.includes('run') ? await knownRun(p, q) : '';
  const tag = route.needs.includes('tag') ? param(q, 'tag') : '';
  return route.impl(p, { run, tag, samples: samples(q) });
}

export interface BoardOptions {
  provider: DataProvider;
  /** Directory of the built front end (web/dist). */
  staticDir: string;
  /** Host names accepted in the Host header (DNS-rebinding guard); empty = any. */
  allowedHosts?: string[];
}

interface Reply {
  status: number;
  type: string;
  body: Buffer;
  cache: string;
}

function json(status: number, value: unknown): Reply {
  return {
    status,
    type: 'application/json; charset=utf-8',
    body: Buffer.from(encodeJson(value)),
    cache: 'no-store',
  };
}

/** Answer one request: pure apart from the provider and the static directory. */
export async function handle(
  opts: BoardOptions,
  method: string,
  rawUrl: string,
  host?: string,
): Promise<Reply> {
  try {
    if (opts.allowedHosts?.length && host !== undefined) {
      const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      if (!opts.allowedHosts.includes(name)) throw new HttpError(421, `host '${host}' not served here`);
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'the board is read-only: GET only');
    const q = rawUrl.indexOf('?');
    const pathPart = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    if (pathPart.startsWith('/api/')) {
      return json(200, await answer(opts.provider, pathPart.slice('/api/'.length), query));
    }
    const file = await readStatic(opts.staticDir, pathPart);
    return {
      status: 200,
      type: file.type,
      body: file.body,
      cache: file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  } catch (e) {
    if (e instanceof HttpError) return json(e.status, { error: e.message });
    console.error(e);
    return json(500, { error: 'internal error (see the server log)' });
  }
}

export function createBoardServer(opts: BoardOptions): http.Server {
  return http.createServer((req, res) => {
    handle(opts, req.method ?? 'GET', req.url ?? '/', req.headers.host).then((r) => {
      let body = r.body;
      const headers: http.OutgoingHttpHeaders = {
        'content-type': r.type,
        'cache-control': r.cache,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      };
      if (body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        body = gzipSync(body, { level: 4 });
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      headers['content-length'] = body.length;
      res.writeHead(r.status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
}

/** Listen and resolve with the URL (port 0 picks a free port). */
export function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      const h = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      resolve(`http://${h}:${a.port}`);
    });
  });
}
