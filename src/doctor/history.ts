import type { RunData, ScalarPoint } from '../events/types.js';
import type { ModelSpec } from '../model/spec.js';
import { layersInTags } from '../run/tags.js';
import type { RunContext } from './types.js';

/** Small read helpers over a RunData, so rules stay a few lines of logic each. */

export function series(run: RunData, tag: string): ScalarPoint[] {
  return run.scalars.get(tag) ?? [];
}

export function last(run: RunData, tag: string): ScalarPoint | undefined {
  const s = series(run, tag);
  return s[s.length - 1];
}

export function at(run: RunData, tag: string, step: number): number | undefined {
  return series(run, tag).find((p) => p.step === step)?.value;
}

/** True when the run holds the tag, or any tag under it when `need` ends with '/'. */
export function hasTag(run: RunData, need: string): boolean {
  return tagsMatching(run, need).length > 0;
}

/** The run's tags that satisfy a need: the tag itself, tags under a prefix ending in '/', or a `*` pattern. */
export function tagsMatching(run: RunData, need: string): string[] {
  const all = [...run.scalars.keys(), ...run.histograms.keys(), ...run.texts.keys()];
  if (need.endsWith('/')) return all.filter((t) => t.startsWith(need));
  return all.filter((t) => t === need || matchesPattern(t, need));
}

/** A `*` in a need stands for one path segment, e.g. `layer*` or `output/spread/*`. */
function matchesPattern(tag: string, pattern: string): boolean {
  if (!pattern.includes('*')) return false;
  const re = new RegExp(`^${pattern.split('*').map(escapeRe).join('[^/]+')}$`);
  return re.test(tag);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Layer names in order; from the tags, or from the spec when the run has no per-layer weights tags. */
export function layers(run: RunData, ctx?: RunContext): string[] {
  const fromTags = layersInTags([...run.scalars.keys(), ...run.histograms.keys()].map(stripStat));
  if (fromTags.length) return fromTags;
  if (ctx?.spec) return [...ctx.spec.hidden.map((_, i) => `layer${i + 1}`), 'output'];
  return [];
}

function stripStat(tag: string): string {
  const m = /^(layer\d+|output)\/weights(\/|$)/.exec(tag);
  return m ? `${m[1]}/weights` : tag;
}

/** Label names: from the context, or from the `output/positive_rate/<label>` tags. */
export function labels(run: RunData, ctx?: RunContext): string[] {
  if (ctx?.labelNames?.length) return ctx.labelNames;
  const prefix = 'output/positive_rate/';
  return [...run.scalars.keys()].filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

/** The activation of a layer when the spec is known ('sigmoid' for the output layer). */
export function activationOf(layer: string, spec?: ModelSpec): string | undefined {
  if (layer === 'output') return 'sigmoid';
  if (!spec) return undefined;
  return spec.hidden[Number(layer.slice(5)) - 1]?.activation;
}

/** Fan-in and fan-out of a layer from the spec. */
export function fans(layer: string, spec: ModelSpec): { fanIn: number; fanOut: number } | undefined {
  const sizes = [spec.inputs, ...spec.hidden.map((l) => l.units), spec.outputs];
  const i = layer === 'output' ? spec.hidden.length : Number(layer.slice(5)) - 1;
  if (!(i >= 0 && i < sizes.length - 1)) return undefined;
  return { fanIn: sizes[i], fanOut: sizes[i + 1] };
}

/** Sorted distinct steps at which a tag was recorded. */
export function steps(run: RunData, tag: string): number[] {
  return series(run, tag).map((p) => p.step);
}

export function round(v: number, digits = 3): number {
  if (!Number.isFinite(v)) return v;
  if (v === 0) return 0;
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const f = 10 ** Math.max(0, digits - 1 - mag);
  return Math.abs(v) >= 1e-3 || Math.abs(v) === 0 ? Math.round(v * f) / f : Number(v.toPrecision(digits));
}
