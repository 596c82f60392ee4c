/** Pieces shared by the chart views: cards, lazy chart sets, tag unions, focusing a linked chart. */

import type { TagsResponse } from '../../../src/board/api-types.js';
import type { Api } from '../api.js';
import { downloadCsv, downloadPng, type Exportable } from '../charts/export.js';
import { whenVisible } from '../charts/lazy.js';
import { h } from '../dom.js';
import { tagHelp } from '../tag-help.js';
import type { PanelContext, PanelView } from './types.js';

export interface Card {
  el: HTMLElement;
  body: HTMLElement;
  /** Give the card's PNG and CSV buttons a chart to export. */
  exports(chart: Exportable): void;
}

/** A chart card: title, an optional subtitle (the run), what the tag means, PNG/CSV downloads. */
export function card(id: string, title: string, subtitle?: string, tag: string | null = title): Card {
  const body = h('div.card-body');
  let chart: Exportable | null = null;
  const button = (text: string, what: string, act: (c: Exportable) => unknown) =>
    h(
      'button.dl',
      {
        type: 'button',
        title: `download ${what}`,
        'aria-label': `download ${title}${subtitle ? ` (${subtitle})` : ''} as ${text}`,
        onclick: () => {
          if (chart) Promise.resolve(act(chart)).catch((e) => showError(body, e));
        },
      },
      text,
    );
  const help = tag ? tagHelp(tag) : null;
  const el = h(
    'section.card',
    { id },
    h(
      'header.card-head',
      {},
      h('span.card-title', { title }, title),
      subtitle ? h('span.card-sub', { title: subtitle }, subtitle) : null,
      h(
        'span.card-tools',
        {},
        button('PNG', 'the chart as a PNG image', downloadPng),
        button('CSV', 'the data as CSV', downloadCsv),
      ),
    ),
    help ? h('p.card-help', {}, help.text) : null,
    body,
  );
  return {
    el,
    body,
    exports: (c) => {
      chart = c;
    },
  };
}

export function group(
  name: string,
  count: number,
  open = true,
  note?: string,
): { el: HTMLDetailsElement; grid: HTMLElement } {
  const grid = h('div.grid');
  const el = h(
    'details.group',
    { open },
    h('summary', {}, name, h('span.count', {}, String(count)), note ? h('span.group-note', {}, note) : null),
    grid,
  );
  return { el, grid };
}

/**
 * Build a group's cards when it is first opened: a closed group of fifty runs' charts costs
 * nothing until someone looks (with many runs, building every card up front took seconds).
 */
export function whenOpen(g: { el: HTMLDetailsElement }, build: () => void): void {
  if (g.el.open) {
    build();
    return;
  }
  const onToggle = () => {
    if (!g.el.open) return;
    g.el.removeEventListener('toggle', onToggle);
    build();
  };
  g.el.addEventListener('toggle', onToggle);
}

export interface MountedChart {
  runs: string[];
  refresh(): Promise<void>;
  destroy(): void;
}

/** Charts created lazily when their card scrolls into view, refreshed when their runs change. */
export class ChartSet {
  private charts: MountedChart[] = [];
  private destroyed = false;

  lazy(el: HTMLElement, create: () => MountedChart): void {
    whenVisible(el, () => {
      if (this.destroyed) return;
      const c = create();
      this.charts.push(c);
      c.refresh().catch((e) => showError(el, e));
    });
  }

  refresh(changed: Set<string>): void {
    for (const c of this.charts) if (c.runs.some((r) => changed.has(r))) c.refresh().catch(() => {});
  }

  destroy(): void {
    this.destroyed = true;
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }
}

export function showError(el: HTMLElement, e: unknown): void {
  el.append(h('div.error', {}, String((e as Error)?.message ?? e)));
}

/** Tags of several runs; the map says which runs have each tag. */
export async function tagsByRun(api: Api, runs: string[]): Promise<Map<string, TagsResponse>> {
  const all = await Promise.all(runs.map((r) => api.tags(r).catch(() => null)));
  const out = new Map<string, TagsResponse>();
  all.forEach((t, i) => {
    if (t) out.set(runs[i], t);
  });
  return out;
}

export function union(tags: Map<string, TagsResponse>, kind: 'scalars' | 'histograms'): string[] {
  return [...new Set([...tags.values()].flatMap((t) => t[kind]))];
}

/** Filter by a case-insensitive regular expression (or plain text when it does not parse). */
export function tagFilter(pattern: string): (tag: string) => boolean {
  if (!pattern) return () => true;
  try {
    const re = new RegExp(pattern, 'i');
    return (t) => re.test(t);
  } catch {
    const p = pattern.toLowerCase();
    return (t) => t.toLowerCase().includes(p);
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Scroll a chart (linked from a finding) into view and mark it. */
export function focus(id: string): void {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('focused');
  });
}

/**
 * A tag opened from a link (`?tag=…`) shows that chart only, without touching the view's own
 * filter: a chip says so and clears it. Returns the chip (or null) and the filter to use.
 */
export function linkedTag(ctx: PanelContext, view: string): { tag: string | null; chip: HTMLElement | null } {
  const tag = ctx.params.get('tag');
  if (!tag) return { tag: null, chip: null };
  return {
    tag,
    chip: h(
      'span.linked',
      {},
      'showing ',
      h('code', {}, tag),
      ' only · ',
      h('a', { href: `#/${view}` }, 'show all charts'),
    ),
  };
}

export function emptyNote(text: string): HTMLElement {
  return h('p.empty', {}, text);
}

/** The shown runs, their tags, and the sorted union of one kind of tag (with a key to compare). */
export async function selectedTags(ctx: PanelContext, kind: 'scalars' | 'histograms') {
  const runs = ctx.state.shownRuns().map((r) => r.name);
  const byRun = await tagsByRun(ctx.api, runs);
  const tags = union(byRun, kind).sort();
  return { runs, byRun, tags, key: tags.join('\n') };
}

/**
 * The live lifecycle every chart panel shares: render on selection changes; on new data,
 * render again when the set of tags changed, else let the charts fetch their new points.
 */
export function livePanel(
  ctx: PanelContext,
  kind: 'scalars' | 'histograms',
  render: () => Promise<unknown>,
  current: () => { known: string; set: ChartSet },
): PanelView {
  const off = ctx.state.onChange(() => render());
  render();
  return {
    async refresh(changed) {
      const { key } = await selectedTags(ctx, kind);
      if (key !== current().known) render();
      else current().set.refresh(changed);
    },
    destroy() {
      off();
      current().set.destroy();
    },
  };
}
