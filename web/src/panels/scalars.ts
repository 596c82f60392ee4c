/**
 * Scalars: one chart per tag, the shown runs overlaid (or seeds grouped as mean ± band). The
 * charts the doctor points at come first, in an open group; smoothing, log scale, x as step or
 * time, a tag filter. A tag opened from a link shows alone without changing the filter.
 */
import { LineChart, type XAxis } from '../charts/line.js';
import { clear, h } from '../dom.js';
import { chartId } from '../format.js';
import { tagHelp } from '../tag-help.js';
import { scalarGroups } from '../tags.js';
import {
  ChartSet,
  card,
  emptyNote,
  focus,
  group,
  linkedTag,
  livePanel,
  selectedTags,
  tagFilter,
  whenOpen,
} from './common.js';
import { evidenceFor } from './evidence.js';
import type { Panel, PanelContext, PanelView } from './types.js';

const settings = { smoothing: 0.6, logScale: false, filter: '', xAxis: 'step' as XAxis };

export const scalarsPanel: Panel = {
  id: 'scalars',
  title: 'Scalars',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const linked = linkedTag(ctx, 'scalars');
    const charts = new Set<LineChart>();
    let set = new ChartSet();
    const content = h('div.groups');
    const filter = h('input.filter', {
      type: 'search',
      placeholder: 'filter tags (regex)',
      'aria-label': 'filter tags',
      value: settings.filter,
    });
    const smoothing = h('input', {
      type: 'range',
      min: 0,
      max: 0.99,
      step: 0.01,
      value: settings.smoothing,
      'aria-label': 'smoothing',
    });
    const smoothingLabel = h('span.value', {}, settings.smoothing.toFixed(2));
    const log = h('input', { type: 'checkbox', checked: settings.logScale });
    const xAxis = h(
      'select',
      { 'aria-label': 'x axis' },
      ...(['step', 'relative', 'wall'] as const).map((v) =>
        h(
          'option',
          { value: v, selected: settings.xAxis === v },
          { step: 'step', relative: 'time since start', wall: 'wall clock' }[v],
        ),
      ),
    );
    filter.addEventListener('input', () => {
      settings.filter = filter.value;
      render();
    });
    smoothing.addEventListener('input', () => {
      settings.smoothing = Number(smoothing.value);
      smoothingLabel.textContent = settings.smoothing.toFixed(2);
      for (const c of charts) c.setOptions({ smoothing: settings.smoothing });
    });
    log.addEventListener('change', () => {
      settings.logScale = log.checked;
      for (const c of charts) c.setOptions({ logScale: settings.logScale });
    });
    xAxis.addEventListener('change', () => {
      settings.xAxis = xAxis.value as XAxis;
      for (const c of charts) c.setOptions({ xAxis: settings.xAxis });
    });
    el.append(
      h(
        'div.toolbar',
        {},
        linked.chip ?? filter,
        h('label', {}, 'smoothing ', smoothing, smoothingLabel),
        h('label', {}, log, ' log scale'),
        h('label', {}, 'x ', xAxis),
      ),
      content,
    );

    const chartCard = (tag: string, runs: string[], idPrefix = '') => {
      const c = card(`${idPrefix}${chartId('scalars', tag)}`, tag);
      set.lazy(c.el, () => {
        const chart = new LineChart(c.body, {
          smoothing: settings.smoothing,
          logScale: settings.logScale,
          xAxis: settings.xAxis,
          yLabel: tagHelp(tag)?.axis,
          title: tag,
        });
        charts.add(chart);
        c.exports(chart);
        return {
          runs,
          refresh: async () => {
            const data = new Map(
              await Promise.all(runs.map(async (r) => [r, (await ctx.api.scalars(r, tag)).points] as const)),
            );
            chart.setData(
              ctx.state
                .shownGroups()
                .map((g) => {
                  const members = g.runs.filter((r) => data.has(r.name));
                  return {
                    key: g.key,
                    label: g.label,
                    color: g.color,
                    members: members.map((r) => data.get(r.name)!),
                    runs: members.map((r) => r.name),
                  };
                })
                .filter((s) => s.members.length),
            );
          },
          destroy: () => chart.destroy(),
        };
      });
      return c.el;
    };

    let known = '';
    async function render() {
      set.destroy();
      set = new ChartSet();
      charts.clear();
      // the doctor's evidence (every shown run's health) is asked for alongside the tags, not after them
      const evidenceSoon = evidenceFor(
        ctx,
        ctx.state.shownRuns().map((r) => r.name),
      );
      const { runs, byRun, tags: all, key } = await selectedTags(ctx, 'scalars');
      known = key;
      clear(content);
      if (!runs.length) return content.append(emptyNote('Tick runs on the left to see their scalars.'));
      const withTag = (tag: string) => runs.filter((r) => byRun.get(r)?.scalars.includes(tag));
      if (linked.tag) {
        const grid = h('div.grid');
        content.append(grid);
        grid.append(chartCard(linked.tag, withTag(linked.tag)));
        focus(chartId('scalars', linked.tag));
        return;
      }
      const keep = tagFilter(settings.filter);
      const evidence = await evidenceSoon;
      const pinned = evidence.tags.filter((t) => all.includes(t) && keep(t));
      if (pinned.length) {
        const g = group(
          "The doctor's evidence",
          pinned.length,
          true,
          'charts the findings and health numbers point at',
        );
        g.el.classList.add('evidence-group');
        content.append(g.el);
        for (const tag of pinned) g.grid.append(chartCard(tag, withTag(tag), 'pinned-'));
      }
      const groups = scalarGroups(all.filter(keep));
      if (!groups.length && !pinned.length) return content.append(emptyNote('No scalar tags match.'));
      groups.forEach((g, gi) => {
        const pointed = g.tags.some((t) => evidence.tags.includes(t));
        const grp = group(g.name, g.tags.length, pointed || gi < 2 || groups.length < 6);
        content.append(grp.el);
        whenOpen(grp, () => {
          for (const tag of g.tags) grp.grid.append(chartCard(tag, withTag(tag)));
        });
      });
    }

    return livePanel(ctx, 'scalars', render, () => ({ known, set }));
  },
};
