/** Distributions: each histogram tag as percentile bands over steps, one chart per run. */
import { BandsChart } from '../charts/bands.js';
import { clear, h } from '../dom.js';
import { chartId } from '../format.js';
import { histogramGroups } from '../tags.js';
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

const settings = { filter: '' };

export const distributionsPanel: Panel = {
  id: 'distributions',
  title: 'Distributions',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const focusTag = ctx.params.get('tag');
    if (focusTag) settings.filter = `^${escapeRegExp(focusTag)}$`;
    let set = new ChartSet();
    const content = h('div.groups');
    const filter = h('input.filter', {
      type: 'search',
      placeholder: 'filter tags (regex)',
      value: settings.filter,
    });
    filter.addEventListener('input', () => {
      settings.filter = filter.value;
      render();
    });
    el.append(
      h(
        'div.toolbar',
        {},
        filter,
        h('span.hint', {}, 'bands: min–max, ±1.5σ, ±1σ, ±0.5σ (normal-equivalent percentiles); line: median'),
      ),
      content,
    );

    let known = '';
    async function render() {
      set.destroy();
      set = new ChartSet();
      clear(content);
      const { runs, byRun, tags: all, key } = await selectedTags(ctx, 'histograms');
      known = key;
      if (!runs.length)
        return content.append(emptyNote('Select runs on the left to see their distributions.'));
      const groups = histogramGroups(all.filter(tagFilter(settings.filter)));
      if (!groups.length) return content.append(emptyNote('No histogram tags match.'));
      for (const g of groups) {
        const { el: gEl, grid } = group(g.name, g.tags.length);
        content.append(gEl);
        for (const tag of g.tags) {
          for (const run of runs) {
            if (!byRun.get(run)?.histograms.includes(tag)) continue;
            const c = card(chartId('distributions', tag, run), tag, run);
            grid.append(c.el);
            set.lazy(c.el, () => {
              const chart = new BandsChart(c.body, ctx.state.color(run));
              return {
                runs: [run],
                refresh: async () => chart.setData((await ctx.api.distributions(run, tag)).points),
                destroy: () => chart.destroy(),
              };
            });
          }
        }
      }
      if (focusTag) focus(chartId('distributions', focusTag, ctx.params.get('run') ?? runs[0]));
    }

    return livePanel(ctx, 'histograms', render, () => ({ known, set }));
  },
};
