import type { RunData } from '../events/types.js';
import { downsample } from './downsample.js';
import { NotFoundError } from './errors.js';
import type { DataProvider, RunEntry, RunMeta, RunTags } from './provider.js';

export interface MemoryRun {
  data: RunData;
  meta?: Partial<RunMeta>;
}

/** A DataProvider over runs already in memory (tests, fixtures, the static report). */
export class MemoryProvider implements DataProvider {
  private readonly runs = new Map<string, MemoryRun>();

  constructor(
    runs: MemoryRun[],
    readonly label = 'memory',
  ) {
    for (const r of runs) this.runs.set(r.data.name, r);
  }

  private get(run: string): MemoryRun {
    const r = this.runs.get(run);
    if (!r) throw new NotFoundError(`no run named '${run}'`);
    return r;
  }

  async listRuns(): Promise<RunEntry[]> {
    return [...this.runs.values()].map(({ data }) => {
      let lastStep = 0;
      let wallTime = 0;
      let count = 0;
      for (const series of [...data.scalars.values(), ...data.histograms.values()]) {
        count += series.length;
        const last = series[series.length - 1];
        if (last && last.step > lastStep) lastStep = last.step;
        if (last && last.wallTime > wallTime) wallTime = last.wallTime;
      }
      return { name: data.name, version: count, lastStep, wallTime, warnings: data.warnings };
    });
  }

  async listTags(run: string): Promise<RunTags> {
    const { data } = this.get(run);
    return {
      scalars: [...data.scalars.keys()],
      histograms: [...data.histograms.keys()],
      texts: [...data.texts.keys()],
    };
  }

  async readScalars(run: string, tag: string, k: number) {
    const s = this.get(run).data.scalars.get(tag);
    if (!s) throw new NotFoundError(`run '${run}' has no scalar tag '${tag}'`);
    return downsample(s, k);
  }

  async readHistograms(run: string, tag: string, k: number) {
    const h = this.get(run).data.histograms.get(tag);
    if (!h) throw new NotFoundError(`run '${run}' has no histogram tag '${tag}'`);
    return downsample(h, k);
  }

  async readTexts(run: string, tag: string) {
    return this.get(run).data.texts.get(tag) ?? [];
  }

  async readRunMeta(run: string): Promise<RunMeta> {
    const r = this.get(run);
    return { finished: true, hparams: r.data.hparams, ...r.meta };
  }

  async countPoints(run: string, kind: 'scalars' | 'histograms', tag: string): Promise<number> {
    return this.get(run).data[kind].get(tag)?.length ?? 0;
  }
}
