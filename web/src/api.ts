/**
 * How the front end gets data: over HTTP from `trainscope board`, or from the snapshot that
 * `trainscope report` inlines into the HTML file. Panels only see the Api interface.
 */
import type {
  ApiKind,
  DistributionsResponse,
  FindingsResponse,
  HistogramsResponse,
  RunDetailResponse,
  RunsResponse,
  ScalarsResponse,
  Snapshot,
  TagsResponse,
} from '../../src/board/api-types.js';
import { snapshotKey } from '../../src/board/api-types.js';

export interface Api {
  /** False for the static report: nothing changes, so nothing to poll. */
  readonly live: boolean;
  runs(): Promise<RunsResponse>;
  tags(run: string): Promise<TagsResponse>;
  scalars(run: string, tag: string): Promise<ScalarsResponse>;
  histograms(run: string, tag: string): Promise<HistogramsResponse>;
  distributions(run: string, tag: string): Promise<DistributionsResponse>;
  findings(run: string): Promise<FindingsResponse>;
  run(run: string): Promise<RunDetailResponse>;
  /** Forget cached responses of these runs (they have new data). */
  invalidate(runs: Iterable<string>): void;
}

export class HttpApi implements Api {
  readonly live = true;
  private cache = new Map<string, { run?: string; value: Promise<unknown> }>();

  constructor(private readonly base = './api') {}

  private get<T>(kind: ApiKind, run?: string, tag?: string): Promise<T> {
    const key = snapshotKey(kind, run, tag);
    const hit = this.cache.get(key);
    if (hit) return hit.value as Promise<T>;
    const q = new URLSearchParams();
    if (run !== undefined) q.set('run', run);
    if (tag !== undefined) q.set('tag', tag);
    const value = fetch(`${this.base}/${kind}${q.size ? `?${q}` : ''}`).then(async (r) => {
      const body = await r.json();
      if (!r.ok) throw new Error(body.error ?? `HTTP ${r.status}`);
      return body;
    });
    // runs is never cached: it is what the poll loop asks for
    if (kind !== 'runs') this.cache.set(key, { run, value });
    value.catch(() => this.cache.delete(key));
    return value as Promise<T>;
  }

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
}

export class SnapshotApi implements Api {
  readonly live = false;
  constructor(readonly snapshot: Snapshot) {}

  private get<T>(kind: ApiKind, run?: string, tag?: string): Promise<T> {
    const v = this.snapshot.responses[snapshotKey(kind, run, tag)];
    if (v === undefined)
      return Promise.reject(new Error(`not included in this report: ${kind} ${run ?? ''} ${tag ?? ''}`));
    return Promise.resolve(v as T);
  }

  invalidate(): void {}

  runs = () => this.get<RunsResponse>('runs');
  tags = (run: string) => this.get<TagsResponse>('tags', run);
  scalars = (run: string, tag: string) => this.get<ScalarsResponse>('scalars', run, tag);
  histograms = (run: string, tag: string) => this.get<HistogramsResponse>('histograms', run, tag);
  distributions = (run: string, tag: string) => this.get<DistributionsResponse>('distributions', run, tag);
  findings = (run: string) => this.get<FindingsResponse>('findings', run);
  run = (run: string) => this.get<RunDetailResponse>('run', run);
}

/** The report's inlined snapshot, if this page is a static report. */
export function inlinedSnapshot(): Snapshot | null {
  const el = document.getElementById('trainscope-data');
  return el?.textContent ? (JSON.parse(el.textContent) as Snapshot) : null;
}
