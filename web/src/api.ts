/**
 * How the front end gets data: over HTTP from `trainscope board`, or from the snapshot that
 * `trainscope report` inlines into the HTML file. One class; only the source differs. Panels
 * see the typed methods.
 */
import type {
  ApiKind,
  BatchResponse,
  DistributionsResponse,
  FindingsResponse,
  HealthResponse,
  HistogramsResponse,
  RunDetailResponse,
  RunsResponse,
  ScalarsResponse,
  Snapshot,
  TagsResponse,
} from '../../src/board/api-types.js';
import { decodeJson, snapshotKey } from '../../src/board/api-types.js';

type Source = (kind: ApiKind, run?: string, tag?: string) => Promise<unknown>;

/**
 * At most this many requests in flight: fifty runs × a screenful of charts would otherwise ask
 * for hundreds at once, and the browser refuses them (net::ERR_INSUFFICIENT_RESOURCES).
 */
const MAX_IN_FLIGHT = 6;

function limiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (job) => {
    if (active >= max) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

async function getJson(url: string): Promise<unknown> {
  const r = await fetch(url);
  // NaN and ±Infinity travel as strings (api-types.ts encodeJson)
  const body = decodeJson(await r.text()) as { error?: string };
  if (!r.ok) throw new Error(body.error ?? `HTTP ${r.status}`);
  return body;
}

/** Runs per /api/batch request (the server takes up to 40). */
const BATCH_RUNS = 25;

interface Waiting {
  run: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * Requests of one kind and tag made in the same moment (a view opening on fifty runs, the charts
 * scrolled into view together) travel as one /api/batch request per BATCH_RUNS runs.
 */
function httpSource(base: string): Source {
  const limit = limiter(MAX_IN_FLIGHT);
  const pending = new Map<string, { kind: ApiKind; tag?: string; waiting: Waiting[] }>();
  let scheduled = false;
  const send = (kind: ApiKind, tag: string | undefined, waiting: Waiting[]) =>
    limit(async () => {
      const q = new URLSearchParams();
      if (waiting.length === 1) {
        q.set('run', waiting[0].run);
        if (tag !== undefined) q.set('tag', tag);
        return [{ value: await getJson(`${base}/${kind}?${q}`) }] as BatchResponse['results'];
      }
      q.set('kind', kind);
      if (tag !== undefined) q.set('tag', tag);
      for (const w of waiting) q.append('run', w.run);
      return ((await getJson(`${base}/batch?${q}`)) as BatchResponse).results;
    }).then(
      (results) =>
        waiting.forEach((w, i) => {
          const r = results[i];
          if (r && 'value' in r) w.resolve(r.value);
          else w.reject(new Error(r?.error ?? 'no answer'));
        }),
      (e: Error) => {
        for (const w of waiting) w.reject(e);
      },
    );
  const flush = () => {
    scheduled = false;
    const groups = [...pending.values()];
    pending.clear();
    for (const g of groups)
      for (let i = 0; i < g.waiting.length; i += BATCH_RUNS)
        void send(g.kind, g.tag, g.waiting.slice(i, i + BATCH_RUNS));
  };
  return (kind, run, tag) => {
    if (run === undefined) {
      const q = new URLSearchParams();
      if (tag !== undefined) q.set('tag', tag);
      return limit(() => getJson(`${base}/${kind}${q.size ? `?${q}` : ''}`));
    }
    return new Promise((resolve, reject) => {
      const key = `${kind}\u0000${tag ?? ''}`;
      const g = pending.get(key) ?? { kind, tag, waiting: [] };
      g.waiting.push({ run, resolve, reject });
      pending.set(key, g);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    });
  };
}

function snapshotSource(snapshot: Snapshot): Source {
  return async (kind, run, tag) => {
    const v = snapshot.responses[snapshotKey(kind, run, tag)];
    if (v === undefined) throw new Error(`not included in this report: ${kind} ${run ?? ''} ${tag ?? ''}`);
    return v;
  };
}

export class Api {
  private cache = new Map<string, { run?: string; value: Promise<unknown> }>();

  /** live: false for the static report (nothing changes, nothing to poll). */
  constructor(
    private readonly source: Source,
    readonly live: boolean,
  ) {}

  private get<T>(kind: ApiKind, run?: string, tag?: string): Promise<T> {
    const key = snapshotKey(kind, run, tag);
    const hit = this.cache.get(key);
    if (hit) return hit.value as Promise<T>;
    const value = this.source(kind, run, tag);
    // runs is never cached: it is what the poll loop asks for
    if (kind !== 'runs') this.cache.set(key, { run, value });
    value.catch(() => this.cache.delete(key));
    return value as Promise<T>;
  }

  /** Forget cached responses of these runs (they have new data). */
  invalidate(runs: Iterable<string>): void {
    const set = new Set(runs);
    for (const [k, v] of this.cache) if (v.run !== undefined && set.has(v.run)) this.cache.delete(k);
  }

  runs = () => this.get<RunsResponse>('runs');
  tags = (run: string) => this.get<TagsResponse>('tags', run);
  scalars = (run: string, tag: string) => this.get<ScalarsResponse>('scalars', run, tag);
  histograms = (run: string, tag: string) => this.get<HistogramsResponse>('histograms', run, tag);
  distributions = (run: string, tag: string) => this.get<DistributionsResponse>('distributions', run, tag);
  findings = (run: string) => this.get<FindingsResponse>('findings', run);
  run = (run: string) => this.get<RunDetailResponse>('run', run);
  health = (run: string) => this.get<HealthResponse>('health', run);
}

export function httpApi(base = './api'): Api {
  return new Api(httpSource(base), true);
}

export function snapshotApi(snapshot: Snapshot): Api {
  return new Api(snapshotSource(snapshot), false);
}

/** The report's inlined snapshot, if this page is a static report. */
export function inlinedSnapshot(): Snapshot | null {
  const el = document.getElementById('trainscope-data');
  return el?.textContent ? (decodeJson(el.textContent) as Snapshot) : null;
}
