/**
 * The DataProvider over a log directory on disk, read incrementally: each event file's byte
 * offset is remembered and only appended records are decoded on the next refresh; new run
 * directories are picked up as they appear. Series are held in reservoirs (TensorBoard's size
 * guidance), so memory stays bounded however long a run trains. Only directories and files whose
 * real path lies inside the logdir are ever read.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ExplainResult, explainDir } from '../doctor/explain.js';
import type { DoctorReport } from '../doctor/types.js';
import {
  createDecodeContext,
  type DecodeContext,
  type EventItem,
  findRunDirs,
  readEventFile,
} from '../events/index.js';
import type { HistogramPoint, ScalarPoint, TextPoint } from '../events/types.js';
import { RUN_FILES } from '../run/files.js';
import { downsample, Reservoir } from './downsample.js';
import { NotFoundError } from './errors.js';
import { addRecord, type Block, seriesOf, writtenTag } from './histogram-blocks.js';
import { isInside } from './paths.js';
import type { DataProvider, RunEntry, RunMeta, RunTags } from './provider.js';

/** Points kept per tag while reading (TensorBoard: 10000 scalars, 500 histograms). */
export interface SizeGuidance {
  scalars: number;
  histograms: number;
  texts: number;
}

/** Where `doctor --explain` saves its result, relative to the run directory. */
const EXPLAIN_FILE = path.join(explainDir('.'), 'explain.json');

export const DEFAULT_SIZE_GUIDANCE: SizeGuidance = { scalars: 10_000, histograms: 500, texts: 100 };

interface JsonFile {
  mtimeMs: number;
  value: unknown;
}

interface RunState {
  name: string;
  dir: string;
  offsets: Map<string, number>;
  ctx: DecodeContext;
  scalars: Map<string, Reservoir<ScalarPoint>>;
  /** Per tag, the records of each step (one tag may hold several series: histogram-blocks.ts). */
  histograms: Map<string, Reservoir<Block>>;
  texts: Map<string, Reservoir<TextPoint>>;
  hparams?: Record<string, string | number | boolean>;
  warnings: string[];
  version: number;
  lastStep: number;
  wallTime: number;
  json: Map<string, JsonFile | null>;
  /** The run's files besides event files, as read in one scan generation. */
  meta?: { generation: number; value: Promise<RunMeta> };
}

/** Sorted by step, the last point of a repeated step winning (already so after purging restarts; kept as a guard). */
function bySteps<T extends { step: number }>(xs: readonly T[]): T[] {
  const out: T[] = [];
  const sorted = xs.every((x, i) => i === 0 || x.step > xs[i - 1].step);
  const src = sorted
    ? xs
    : xs
        .map((p, i) => ({ p, i }))
        .sort((a, b) => a.p.step - b.p.step || a.i - b.i)
        .map((x) => x.p);
  for (const p of src) {
    if (out.length && out[out.length - 1].step === p.step) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

export class LogdirProvider implements DataProvider {
  readonly label: string;
  private runs = new Map<string, RunState>();
  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;
  /** Counts scans: a run's JSON files are looked at again once per scan, not once per request. */
  private generation = 0;

  constructor(
    readonly logdir: string,
    private readonly opts: { guidance?: SizeGuidance; minRefreshMs?: number } = {},
  ) {
    this.label = logdir;
  }

  /** Scan for new runs and new records (at most once per minRefreshMs; concurrent callers share one scan). */
  refresh(force = false): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (!force && Date.now() - this.lastRefresh < (this.opts.minRefreshMs ?? 1000)) return Promise.resolve();
    this.refreshing = this.scan().finally(() => {
      this.lastRefresh = Date.now();
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async scan(): Promise<void> {
    const root = await realpath(this.logdir);
    const dirs = await findRunDirs(root);
    for (const [dir, files] of dirs) {
      const real = await realpath(dir).catch(() => null);
      if (!real || !isInside(root, real)) continue;
      const rel = path.relative(root, dir);
      const name = rel === '' ? '.' : rel.split(path.sep).join('/');
      let run = this.runs.get(name);
      if (!run) {
        run = this.newRun(name, dir);
        this.runs.set(name, run);
      }
      for (const f of files) await this.readFile(root, run, f);
    }
    this.generation++;
  }

  private newRun(name: string, dir: string): RunState {
    return {
      name,
      dir,
      offsets: new Map(),
      ctx: createDecodeContext(),
      scalars: new Map(),
      histograms: new Map(),
      texts: new Map(),
      warnings: [],
      version: 0,
      lastStep: 0,
      wallTime: 0,
      json: new Map(),
    };
  }

  private async readFile(root: string, run: RunState, file: string): Promise<void> {
    const real = await realpath(file).catch(() => null);
    if (!real || !isInside(root, real)) return;
    const size = (await stat(real)).size;
    let offset = run.offsets.get(file) ?? 0;
    if (size < offset) {
      // the file was replaced by a shorter one: start the run over
      Object.assign(run, this.newRun(run.name, run.dir));
      offset = 0;
    }
    if (size === offset) return;
    const r = readEventFile(real, offset, run.ctx);
    run.offsets.set(file, r.nextOffset);
    run.warnings.push(...r.warnings);
    if (run.warnings.length > 50) run.warnings.splice(0, run.warnings.length - 50);
    this.add(run, r.events);
  }

  private add(run: RunState, items: EventItem[]): void {
    const g = this.opts.guidance ?? DEFAULT_SIZE_GUIDANCE;
    // A step that goes back restarts the tag from there: the abandoned attempt's points at that
    // step and later are purged (events/run-data.ts restartSeries, the same rule for every reader).
    const bucket = <T extends { step: number }>(m: Map<string, Reservoir<T>>, tag: string, size: number) => {
      let r = m.get(tag);
      if (!r) {
        r = new Reservoir<T>(size);
        m.set(tag, r);
      }
      const res = r;
      return {
        add(p: T) {
          const kept = res.values();
          const last = kept[kept.length - 1];
          if (last && p.step <= last.step) res.purgeFrom(p.step, (x) => x.step);
          res.add(p);
        },
      };
    };
    for (const it of items) {
      if (it.kind === 'scalar')
        bucket(run.scalars, it.tag, g.scalars).add({ step: it.step, wallTime: it.wallTime, value: it.value });
      else if (it.kind === 'histogram') {
        let r = run.histograms.get(it.tag);
        if (!r) {
          r = new Reservoir<Block>(g.histograms);
          run.histograms.set(it.tag, r);
        }
        addRecord(r, { step: it.step, wallTime: it.wallTime, histogram: it.histogram });
      } else if (it.kind === 'text')
        bucket(run.texts, it.tag, g.texts).add({ step: it.step, wallTime: it.wallTime, text: it.text });
      else if (it.kind === 'hparams') run.hparams = it.hparams;
      if (it.step > run.lastStep) run.lastStep = it.step;
      if (it.wallTime > run.wallTime) run.wallTime = it.wallTime;
    }
    run.version += items.length;
  }

  private async get(name: string): Promise<RunState> {
    if (!this.lastRefresh) await this.refresh();
    const r = this.runs.get(name);
    if (!r) throw new NotFoundError(`no run named '${name}'`);
    return r;
  }

  async listRuns(fresh = true): Promise<RunEntry[]> {
    if (fresh || !this.lastRefresh) await this.refresh();
    return [...this.runs.values()].map((r) => ({
      name: r.name,
      version: r.version,
      lastStep: r.lastStep,
      wallTime: r.wallTime,
      warnings: r.warnings.slice(-10),
    }));
  }

  async hasRun(name: string): Promise<boolean> {
    if (!this.lastRefresh) await this.refresh();
    return this.runs.has(name);
  }

  async listTags(name: string): Promise<RunTags> {
    const r = await this.get(name);
    return {
      scalars: [...r.scalars.keys()],
      histograms: [...r.histograms].flatMap(([tag, b]) => seriesOf(tag, b.values()).map(([name]) => name)),
      texts: [...r.texts.keys()],
    };
  }

  async readScalars(name: string, tag: string, k: number): Promise<ScalarPoint[]> {
    const s = (await this.get(name)).scalars.get(tag);
    if (!s) throw new NotFoundError(`run '${name}' has no scalar tag '${tag}'`);
    return downsample(bySteps(s.values()), k);
  }

  async readHistograms(name: string, tag: string, k: number): Promise<HistogramPoint[]> {
    const r = await this.get(name);
    // `kernel/histogram[2]` is the second series of the tag `kernel/histogram`
    const written = r.histograms.has(tag) ? tag : writtenTag(tag);
    const blocks = written === undefined ? undefined : r.histograms.get(written)?.values();
    const s = blocks && seriesOf(written as string, blocks).find(([n]) => n === tag)?.[1];
    if (!s) throw new NotFoundError(`run '${name}' has no histogram tag '${tag}'`);
    return downsample(bySteps(s), k);
  }

  async readTexts(name: string, tag: string): Promise<TextPoint[]> {
    return bySteps((await this.get(name)).texts.get(tag)?.values() ?? []);
  }

  async countPoints(name: string, kind: 'scalars' | 'histograms', tag: string): Promise<number> {
    const r = await this.get(name);
    if (kind === 'scalars') return r.scalars.get(tag)?.totalSeen ?? 0;
    // steps seen: each series of a shared tag has one record per step
    const written = r.histograms.has(tag) ? tag : writtenTag(tag);
    return (written === undefined ? undefined : r.histograms.get(written))?.totalSeen ?? 0;
  }

  /**
   * trainscope.json, doctor.json, report.json, explain.json and DONE, looked at once per scan
   * (each /api/runs poll): fifty health cards opening together do not stat 250 files each time.
   */
  async readRunMeta(name: string): Promise<RunMeta> {
    const r = await this.get(name);
    if (r.meta?.generation === this.generation) return r.meta.value;
    const value = this.readMeta(r);
    r.meta = { generation: this.generation, value };
    value.catch(() => {
      r.meta = undefined;
    });
    return value;
  }

  private async readMeta(r: RunState): Promise<RunMeta> {
    const root = await realpath(this.logdir);
    const [meta, doctor, report, explain] = (await Promise.all(
      [RUN_FILES.meta, RUN_FILES.doctor, RUN_FILES.report, EXPLAIN_FILE].map((f) => this.json(root, r, f)),
    )) as [
      Record<string, unknown> | undefined,
      DoctorReport | undefined,
      Record<string, unknown> | undefined,
      ExplainResult | undefined,
    ];
    const done = await stat(path.join(r.dir, RUN_FILES.done)).then(
      () => true,
      () => false,
    );
    // foreign runs have no DONE file: call them finished when quiet for a minute
    const finished = done || (!meta && Date.now() / 1000 - r.wallTime > 60);
    return { meta, doctor, report, hparams: r.hparams, explain, finished };
  }

  runDir(name: string): string | undefined {
    return name === '.' ? this.logdir : path.join(this.logdir, ...name.split('/'));
  }

  /** A JSON file of the run directory, re-read only when its mtime changes; broken JSON → a warning. */
  private async json(root: string, r: RunState, file: string): Promise<unknown> {
    const p = path.join(r.dir, file);
    const st = await stat(p).catch(() => null);
    if (!st?.isFile()) return undefined;
    const cached = r.json.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs) return cached.value;
    const real = await realpath(p).catch(() => null);
    if (!real || !isInside(root, real)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(await readFile(real, 'utf8'));
    } catch (e) {
      // a file being written right now parses next time
      r.warnings.push(`${p}: not valid JSON yet (${(e as Error).message})`);
      return cached?.value;
    }
    r.json.set(file, { mtimeMs: st.mtimeMs, value });
    return value;
  }
}
