/**
 * Reading one run's event data (one or more directories, see layout.ts) with the convention
 * table: every tag gets a role or is listed as unknown; layers are ordered and their fans
 * inferred; and the whole is re-expressed in trainscope's own tag contract (canonical.ts) so the
 * doctor's rules read PyTorch, Keras, TF1 and trainscope runs alike.
 */
import { sharedPerStep } from '../events/run-data.js';
import type { RunData } from '../events/types.js';
import { type CanonicalRun, canonicalRun } from './canonical.js';
import { type Convention, classifyHistogram, classifyScalar } from './conventions.js';
import type { LogFacts } from './facts.js';
import { type InferredLayer, inferLayers } from './layers.js';
import { type RunPart, scalarsDirName } from './layout.js';
import { formatRole, type Role } from './roles.js';

export interface LogPart {
  part: RunPart;
  data: RunData;
}

export interface TagReading {
  /** The tag as the user sees it: prefixed with its directory when the run has several ('validation/epoch_loss'). */
  name: string;
  /** The tag as written in its directory. */
  tag: string;
  part: RunPart;
  kind: 'scalar' | 'histogram' | 'text';
  role?: Role;
  /** Which row of the table (or `--map`) gave the role. */
  source?: Convention | 'map';
}

export interface LayerReading extends InferredLayer {
  /** layer1, layer2, … and output for the chain; absent for normalisation layers. */
  canonical?: string;
  /** Display names of the tags that hold the layer's data. */
  tags: Partial<Record<'weights' | 'bias' | 'weightGradient' | 'biasGradient' | 'activation', string>>;
}

export interface LogReading extends CanonicalRun {
  name: string;
  /** The directories' data as read (tags as written). */
  parts: readonly LogPart[];
  /** True when trainscope wrote the run (trainscope.json beside the events). */
  ours: boolean;
  tags: TagReading[];
  /** Tags no convention row (and no --map) understood: listed, never guessed. */
  unknown: string[];
  layers: LayerReading[];
  /** Conventions the roles came from, most used first. */
  conventions: string[];
  notes: string[];
  hparams?: Record<string, string | number | boolean>;
}

export interface UnderstandOptions {
  /** `--map` overrides by tag (display name or tag as written). */
  overrides?: ReadonlyMap<string, Role>;
  ours?: boolean;
}

/** The i-th (0-based) of the k series one shared histogram tag holds (splitShared): `kernel/histogram[1]`. */
export function sharedSeriesName(tag: string, i: number): string {
  return `${tag}[${i + 1}]`;
}

/**
 * A histogram tag holding the same number k > 1 of records at every step (sharedPerStep) is k
 * series written in turn — Keras 3's callback names weight histograms by `weight.name`, so all
 * kernels share `kernel/histogram`, in model order: read as `kernel/histogram[1]` … `[k]`.
 */
function splitShared(p: LogPart, runName: string, notes: string[]): LogPart {
  let histograms: RunData['histograms'] | undefined;
  for (const [tag, s] of p.data.histograms) {
    const k = sharedPerStep(s);
    if (k < 2) continue;
    histograms ??= new Map(p.data.histograms);
    histograms.delete(tag);
    for (let i = 0; i < k; i++)
      histograms.set(
        sharedSeriesName(tag, i),
        s.filter((_, j) => j % k === i),
      );
    notes.push(
      `${displayName(runName, p.part, tag)} holds ${k} records at every step (one tag shared by ${k} weights, as Keras 3's callback writes them): read as ${k} series in the order written, ${tag}[1] … [${k}]`,
    );
  }
  return histograms ? { part: p.part, data: { ...p.data, histograms } } : p;
}

function displayName(runName: string, part: RunPart, tag: string): string {
  if (part.dir === runName) return tag;
  const rel = runName === '.' ? part.dir : part.dir.slice(runName.length + 1);
  return `${rel}/${tag}`;
}

/** Classify every tag of every part; order the layers; build the canonical run. */
export function understand(
  name: string,
  partsAsRead: readonly LogPart[],
  opts: UnderstandOptions = {},
): LogReading {
  const sharedNotes: string[] = [];
  // trainscope's own runs are the contract itself: nothing to split
  const parts = opts.ours ? partsAsRead : partsAsRead.map((p) => splitShared(p, name, sharedNotes));
  const tags: TagReading[] = [];
  const used = new Set<string>();
  for (const { part, data } of parts) {
    const add = (tag: string, kind: TagReading['kind']) => {
      const display = displayName(name, part, tag);
      const over = opts.overrides?.get(display) ?? opts.overrides?.get(tag);
      if (over) used.add(opts.overrides?.has(display) ? display : tag);
      const match = over
        ? { role: over, convention: 'map' as const }
        : kind === 'histogram'
          ? classifyHistogram(tag)
          : kind === 'scalar'
            ? classifyScalar(part.kind === 'scalars' ? scalarsDirName(part.dir) : tag, part.split)
            : textRole(tag);
      tags.push({
        name: display,
        tag,
        part,
        kind,
        ...(match ? { role: match.role, source: match.convention } : {}),
      });
    };
    for (const t of data.histograms.keys()) add(t, 'histogram');
    for (const t of data.scalars.keys()) add(t, 'scalar');
    for (const t of data.texts.keys()) add(t, 'text');
  }
  const unusedMaps = [...(opts.overrides?.keys() ?? [])].filter((k) => !used.has(k));
  const notes = unusedMaps.length
    ? [`--map names tags this run does not have: ${unusedMaps.join(', ')}`, ...sharedNotes]
    : sharedNotes;

  const series = (t: TagReading) => {
    const d = parts.find((p) => p.part === t.part)?.data;
    return t.kind === 'histogram' ? d?.histograms.get(t.tag) : undefined;
  };
  const byLayer = new Map<string, LayerReading['tags']>();
  const counts = new Map<string, { weights?: number; bias?: number; activations?: number }>();
  for (const t of tags) {
    const r = t.role;
    if (!r || !('layer' in r)) continue;
    const slot =
      r.kind === 'weights'
        ? 'weights'
        : r.kind === 'bias'
          ? 'bias'
          : r.kind === 'activation'
            ? 'activation'
            : r.of === 'weights'
              ? 'weightGradient'
              : 'biasGradient';
    const entry = byLayer.get(r.layer) ?? {};
    if (entry[slot]) {
      notes.push(`${t.name} and ${entry[slot]} both read as ${formatRole(r)}: used ${entry[slot]}`);
      continue;
    }
    entry[slot] = t.name;
    byLayer.set(r.layer, entry);
    const n = series(t)?.[0]?.histogram.num;
    const c = counts.get(r.layer) ?? {};
    if (slot === 'weights' || slot === 'bias' || slot === 'activation')
      c[slot === 'activation' ? 'activations' : slot] = n;
    counts.set(r.layer, c);
  }
  const withParams = [...byLayer].filter(([, t]) => t.weights || t.bias).map(([layer]) => layer);
  for (const [layer, t] of byLayer) {
    if (!t.weights && !t.bias)
      notes.push(
        `${Object.values(t).join(', ')}: no weights or bias histogram of a layer '${layer}' to attach to`,
      );
  }
  const inferred = inferLayers(withParams.map((layer) => ({ name: layer, ...counts.get(layer) })));
  notes.push(...inferred.notes);
  const dense = inferred.layers.filter((l) => l.kind === 'dense');
  const layers: LayerReading[] = inferred.layers.map((l) => {
    const i = dense.indexOf(l);
    const canonical = i < 0 ? undefined : i === dense.length - 1 ? 'output' : `layer${i + 1}`;
    return { ...l, ...(canonical ? { canonical } : {}), tags: byLayer.get(l.name) ?? {} };
  });

  const canonical = canonicalRun(name, parts, tags, layers, opts.ours ?? false);
  notes.push(...canonical.notes);
  const hparams = parts.map((p) => p.data.hparams).find((h) => h !== undefined);
  return {
    name,
    parts,
    ours: opts.ours ?? false,
    tags,
    // trainscope's own tags are the contract itself, read as they are
    unknown: opts.ours ? [] : tags.filter((t) => !t.role).map((t) => t.name),
    layers,
    conventions: conventionsUsed(tags),
    ...canonical,
    notes,
    ...(hparams ? { hparams } : {}),
  };
}

function textRole(tag: string): { role: Role; convention: Convention } {
  if (tag === 'config/text_summary' || tag === 'doctor/text_summary')
    return { role: { kind: 'trainscope' }, convention: 'trainscope' };
  return { role: { kind: 'ignored', why: 'text' }, convention: 'common' };
}

function conventionsUsed(tags: TagReading[]): string[] {
  const n = new Map<string, number>();
  for (const t of tags) {
    if (!t.source || t.source === 'common' || t.role?.kind === 'ignored') continue;
    n.set(t.source, (n.get(t.source) ?? 0) + 1);
  }
  const named = [...n].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  if (named.length) return named;
  return tags.some((t) => t.source === 'common' && t.role?.kind !== 'ignored') ? ['common names'] : [];
}

/** What the doctor's rules may know about how the log was read. */
export function factsOf(r: LogReading): LogFacts {
  return {
    ours: r.ours,
    initial: r.initial,
    layers: r.layers
      .filter((l) => l.canonical)
      .map((l) => ({
        canonical: l.canonical as string,
        name: l.name,
        ...(l.fanIn !== undefined ? { fanIn: l.fanIn, fanOut: l.fanOut } : {}),
      })),
  };
}
