/** Grouping of tags for the views, following the tag contract (src/run/tags.ts). */
import { STORY_METRICS, TAGS } from '../../src/run/tags.js';

export interface TagGroup {
  name: string;
  tags: string[];
}

const layerRank = (p: string) => {
  if (/^layer\d+$/.test(p)) return 100 + Number(p.slice(5));
  if (p === 'output') return 10_000;
  return 20_000;
};

/** Story metrics first (in the story's order), losses, other metrics, then layer by layer. */
export function scalarGroups(tags: Iterable<string>): TagGroup[] {
  const all = new Set(tags);
  const story = STORY_METRICS.map((m) => TAGS.valMetric(m)).filter((t) => all.has(t));
  const groups = new Map<string, string[]>();
  for (const t of [...all].sort()) {
    if (story.includes(t)) continue;
    const prefix = t.startsWith('loss/') ? 'loss' : t.includes('/') ? t.slice(0, t.indexOf('/')) : 'other';
    const list = groups.get(prefix) ?? [];
    list.push(t);
    groups.set(prefix, list);
  }
  const order = (p: string) => (p === 'loss' ? 0 : p === 'metrics' ? 1 : layerRank(p));
  const rest = [...groups.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const out: TagGroup[] = [];
  if (story.length) out.push({ name: 'Story metrics (validation)', tags: story });
  for (const p of rest) out.push({ name: p === 'loss' ? 'Loss' : p, tags: groups.get(p)! });
  return out;
}

export type HistKind = 'weights' | 'biases' | 'activations' | 'gradients' | 'outputs' | 'other';
export const HIST_KINDS: HistKind[] = ['weights', 'biases', 'activations', 'gradients', 'outputs', 'other'];

export function histogramKind(tag: string): HistKind {
  const parts = tag.split('/');
  if (parts[0] === 'output' && (parts[1] === 'logits' || parts[1] === 'probabilities')) return 'outputs';
  if (parts[1] === 'weights' || parts[1] === 'biases') return parts[1];
  if (parts[1] === 'activations' || parts[1] === 'preactivations') return 'activations';
  if (parts[1] === 'gradients') return 'gradients';
  return 'other';
}

/** Histogram tags grouped by layer (layer1, layer2, …, output, then anything else). */
export function histogramGroups(tags: Iterable<string>): TagGroup[] {
  const groups = new Map<string, string[]>();
  for (const t of tags) {
    const p = t.includes('/') ? t.slice(0, t.indexOf('/')) : '(root)';
    const list = groups.get(p) ?? [];
    list.push(t);
    groups.set(p, list);
  }
  const kindRank = (t: string) => HIST_KINDS.indexOf(histogramKind(t));
  return [...groups.keys()]
    .sort((a, b) => layerRank(a) - layerRank(b) || a.localeCompare(b))
    .map((name) => ({
      name,
      tags: groups.get(name)!.sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b)),
    }));
}
