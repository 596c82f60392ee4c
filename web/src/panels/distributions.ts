/** Distributions: each histogram tag as percentile bands over steps, one chart per run. */
import { BandsChart } from '../charts/bands.js';
import { clear, h } from '../dom.js';
import { chartId } from '../format.js';
import { tagHelp } from '../tag-help.js';
import { histogramGroups } from '../tags.js';
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
} from './common.js';
import type { Panel, PanelContext, PanelView } from './types.js';

const settings = { filter: '' };

export const distributionsPanel: Panel = {
  id: 'distributions',
  title: 'Distributions',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const linked = linkedTag(ctx, 'distributions');
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
        linked.chip ?? filter,
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
      const keep = linked.tag ? (t: string) => t === linked.tag : tagFilter(settings.filter);
      const groups = histogramGroups(all.filter(keep));
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
              const chart = new BandsChart(
                c.body,
                ctx.state.color(run),
                `${tag} · ${run}`,
                tagHelp(tag)?.axis,
              );
              c.exports(chart);
              return {
                runs: [run],
                refresh: async () => chart.setData((await ctx.api.distributions(run, tag)).points),
                destroy: () => chart.destroy(),
              };
            });
          }
        }
      }
      if (linked.tag) focus(chartId('distributions', linked.tag, ctx.params.get('run') ?? runs[0]));
    }

    return livePanel(ctx, 'histograms', render, () => ({ known, set }));
  },
};
