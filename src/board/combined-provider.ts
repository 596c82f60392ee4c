/**
 * Several providers under one set of run names (the report takes RUN directories from anywhere):
 * each part gets a prefix, and its run '.' (the directory itself) is named by the prefix alone.
 */
import { NotFoundError } from './errors.js';
import type { DataProvider, RunEntry, RunMeta, RunTags } from './provider.js';

export class CombinedProvider implements DataProvider {
  constructor(
    private readonly parts: { prefix: string; provider: DataProvider }[],
    readonly label: string,
  ) {}

  private outer(prefix: string, inner: string): string {
    return inner === '.' ? prefix : `${prefix}/${inner}`;
  }

  private route(name: string): [DataProvider, string] {
    for (const { prefix, provider } of this.parts) {
      if (name === prefix) return [provider, '.'];
      if (name.startsWith(`${prefix}/`)) return [provider, name.slice(prefix.length + 1)];
    }
    throw new NotFoundError(`no run named '${name}'`);
  }

  async listRuns(fresh = true): Promise<RunEntry[]> {
    const all: RunEntry[] = [];
    for (const { prefix, provider } of this.parts) {
      for (const r of await provider.listRuns(fresh)) all.push({ ...r, name: this.outer(prefix, r.name) });
    }
    return all;
  }

  async hasRun(name: string): Promise<boolean> {
    let routed: [DataProvider, string];
    try {
      routed = this.route(name);
    } catch {
      return false;
    }
    const [p, n] = routed;
    return p.hasRun ? p.hasRun(n) : (await p.listRuns()).some((r) => r.name === n);
  }

  listTags(name: string): Promise<RunTags> {
    const [p, n] = this.route(name);
    return p.listTags(n);
  }

  readScalars(name: string, tag: string, k: number) {
    const [p, n] = this.route(name);
    return p.readScalars(n, tag, k);
  }

  readHistograms(name: string, tag: string, k: number) {
    const [p, n] = this.route(name);
    return p.readHistograms(n, tag, k);
  }

  readTexts(name: string, tag: string) {
    const [p, n] = this.route(name);
    return p.readTexts(n, tag);
  }

  readRunMeta(name: string): Promise<RunMeta> {
    const [p, n] = this.route(name);
    return p.readRunMeta(n);
  }

  runDir(name: string): string | undefined {
    const [p, n] = this.route(name);
    return p.runDir?.(n);
  }

  async countPoints(name: string, kind: 'scalars' | 'histograms', tag: string): Promise<number> {
    const [p, n] = this.route(name);
    return (await p.countPoints?.(n, kind, tag)) ?? 0;
  }
}
