/** Scalars: one chart per tag, the selected runs overlaid; smoothing, log scale, tag filter. */
import { LineChart } from '../charts/line.js';
import { clear, h } from '../dom.js';
import { chartId } from '../format.js';
import { scalarGroups } from '../tags.js';
import {
  ChartSet,
  card,
  emptyNote,
  escapeRegExp,
  focus,
  group,
  livePanel,
  selectedTags,
  tagFilter,
} from './common.js';
import type { Panel, PanelContext, PanelView } from './types.js';

const settings = { smoothing: 0.6, logScale: false, filter: '' };

export const scalarsPanel: Panel = {
  id: 'scalars',
  title: 'Scalars',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const focusTag = ctx.params.get('tag');
    if (focusTag) settings.filter = `^${escapeRegExp(focusTag)}$`;
    const charts = new Set<LineChart>();
    let set = new ChartSet();
    const content = h('div.groups');
    const filter = h('input.filter', {
      type: 'search',
      placeholder: 'filter tags (regex)',
      value: settings.filter,
    });
    const smoothing = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, value: settings.smoothing });
    const smoothingLabel = h('span.value', {}, settings.smoothing.toFixed(2));
    const log = h('input', { type: 'checkbox', checked: settings.logScale });
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
    el.append(
      h(
        'div.toolbar',
        {},
        filter,
        h('label', {}, 'smoothing ', smoothing, smoothingLabel),
        h('label', {}, log, ' log scale'),
      ),
      content,
    );

    let known = '';
    async function render() {
      set.destroy();
      set = new ChartSet();
      charts.clear();
      clear(content);
      const { runs, byRun, tags: all, key } = await selectedTags(ctx, 'scalars');
      known = key;
      if (!runs.length) return content.append(emptyNote('Select runs on the left to see their scalars.'));
      const keep = tagFilter(settings.filter);
      const groups = scalarGroups(all.filter(keep));
      if (!groups.length) return content.append(emptyNote('No scalar tags match.'));
      groups.forEach((g, gi) => {
        const { el: gEl, grid } = group(g.name, g.tags.length, gi < 3 || groups.length < 6);
        content.append(gEl);
        for (const tag of g.tags) {
          const withTag = runs.filter((r) => byRun.get(r)?.scalars.includes(tag));
          const c = card(chartId('scalars', tag), tag);
          grid.append(c.el);
          set.lazy(c.el, () => {
            const chart = new LineChart(c.body, {
              smoothing: settings.smoothing,
              logScale: settings.logScale,
            });
            charts.add(chart);
            return {
              runs: withTag,
              refresh: async () => {
                const data = await Promise.all(withTag.map((r) => ctx.api.scalars(r, tag)));
                chart.setData(
                  data.map((d) => ({ run: d.run, color: ctx.state.color(d.run), points: d.points })),
                );
              },
              destroy: () => chart.destroy(),
            };
          });
        }
      });
      if (focusTag) focus(chartId('scalars', focusTag));
    }

    return livePanel(ctx, 'scalars', render, () => ({ known, set }));
  },
};
