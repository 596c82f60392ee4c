/**
 * How the tag views (scalars, histograms) lay out their charts for the shown runs: a tag opened
 * from a link alone; else the doctor's evidence first, in an open group, then the tags in their
 * groups (opened when pointed at, or when there are few), each group's charts built when opened.
 * The panel says only how to draw the charts of one tag.
 */
import { h } from '../dom.js';
import { ChartSet, emptyNote, group, livePanel, selectedTags, tagFilter, whenOpen } from './common.js';
import { evidenceFor } from './evidence.js';
import type { PanelContext, PanelView } from './types.js';

export interface TagViewSpec {
  kind: 'scalars' | 'histograms';
  /** the view's tag filter (a regex) as it is now, and any further condition on a tag */
  filter(): string;
  keep?: (tag: string) => boolean;
  groups(tags: string[]): { name: string; tags: string[] }[];
  /** what the evidence group holds, in the panel's words */
  evidenceNote: string;
  /** The charts of one tag for the runs that have it; `pinned` when in the evidence group. */
  add(grid: HTMLElement, runs: string[], tag: string, pinned: boolean): void;
  /** A tag opened from a link: its charts only (the panel focuses the right one). */
  linked(grid: HTMLElement, runs: string[], tag: string): void;
  /** Forget the charts of the last rendering (e.g. the ones whose options the toolbar sets). */
  reset?(): void;
}

export interface TagView {
  view: PanelView;
  /** Lay the charts out again (a toolbar setting changed). */
  render(): Promise<void>;
  /** The current rendering's charts: cards register with it to be built when scrolled to. */
  charts(): ChartSet;
}

/** The view's whole life: rendered now, again on selection changes, its charts refreshed on new data. */
export function tagView(
  ctx: PanelContext,
  content: HTMLElement,
  linkedTag: string | null,
  spec: TagViewSpec,
): TagView {
  let set = new ChartSet();
  let known = '';
  const render = async () => {
    set.destroy();
    set = new ChartSet();
    spec.reset?.();
    await renderTagView(ctx, content, linkedTag, spec, (key) => {
      known = key;
    });
  };
  return { view: livePanel(ctx, spec.kind, render, () => ({ known, set })), render, charts: () => set };
}

/**
 * Fills `content` (already emptied by the caller's `clear`) and returns the key of the tag set,
 * through `known` as soon as the tags are in, so live refreshes can tell when it changes.
 */
async function renderTagView(
  ctx: PanelContext,
  content: HTMLElement,
  linkedTag: string | null,
  spec: TagViewSpec,
  known: (key: string) => void,
): Promise<void> {
  // the doctor's evidence (every shown run's health) is asked for alongside the tags, not after them
  const evidenceSoon = evidenceFor(
    ctx,
    ctx.state.shownRuns().map((r) => r.name),
  );
  const { runs, byRun, tags: all, key } = await selectedTags(ctx, spec.kind);
  known(key);
  content.replaceChildren();
  if (!runs.length) return void content.append(emptyNote(`Tick runs on the left to see their ${spec.kind}.`));
  const withTag = (tag: string) => runs.filter((r) => byRun.get(r)?.[spec.kind].includes(tag));
  if (linkedTag) {
    const grid = h('div.grid');
    content.append(grid);
    spec.linked(grid, withTag(linkedTag), linkedTag);
    return;
  }
  const keep = tagFilter(spec.filter());
  const shown = all.filter((t) => keep(t) && (spec.keep?.(t) ?? true));
  const evidence = await evidenceSoon;
  const pinned = evidence.tags.filter((t) => shown.includes(t));
  if (pinned.length) {
    const g = group("The doctor's evidence", pinned.length, true, spec.evidenceNote);
    g.el.classList.add('evidence-group');
    content.append(g.el);
    for (const tag of pinned) spec.add(g.grid, withTag(tag), tag, true);
  }
  const groups = spec.groups(shown);
  if (!groups.length && !pinned.length)
    return void content.append(
      emptyNote(`No ${spec.kind === 'scalars' ? 'scalar' : 'histogram'} tags match.`),
    );
  groups.forEach((g, gi) => {
    const pointed = g.tags.some((t) => evidence.tags.includes(t));
    const grp = group(g.name, g.tags.length, pointed || gi < 2 || groups.length < 6);
    content.append(grp.el);
    whenOpen(grp, () => {
      for (const tag of g.tags) spec.add(grp.grid, withTag(tag), tag, false);
    });
  });
}
