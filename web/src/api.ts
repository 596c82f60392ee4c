/**
 * How the front end gets data: over HTTP from `trainscope board`, or from the snapshot that
 * `trainscope report` inlines into the HTML file. One class; only the source differs. Panels
 * see the typed methods.
 */
import type {
  ApiKind,
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
import { reviveNonFinite, snapshotKey } from '../../src/board/api-types.js';

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

function httpSource(base: string): Source {
  const limit = limiter(MAX_IN_FLIGHT);
  return (kind, run, tag) =>
    limit(async () => {
      const q = new URLSearchParams();
      if (run !== undefined) q.set('run', run);
      if (tag !== undefined) q.set('tag', tag);
      const r = await fetch(`${base}/${kind}${q.size ? `?${q}` : ''}`);
      // NaN and ±Infinity travel as strings (api-types.ts encodeJson)
      const body = JSON.parse(await r.text(), reviveNonFinite);
      if (!r.ok) throw new Error(body.error ?? `HTTP ${r.status}`);
      return body;
    });
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
  return el?.textContent ? (JSON.parse(el.textContent, reviveNonFinite) as Snapshot) : null;
}
