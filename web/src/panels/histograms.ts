/**
 * Histograms per layer and kind (weights, biases, activations, gradients, outputs), one chart
 * per run: offset (ridgeline over steps) or overlay mode, and a step slider per chart.
 */
import type { HistogramStep } from '../../../src/board/api-types.js';
import { HistogramChart, type HistogramMode } from '../charts/histogram.js';
import { clear, h } from '../dom.js';
import { chartId, fmt } from '../format.js';
import { HIST_KINDS, type HistKind, histogramGroups, histogramKind } from '../tags.js';
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

const settings = { mode: 'offset' as HistogramMode, filter: '', kinds: new Set<HistKind>(HIST_KINDS) };

function stepLabel(s: HistogramStep | undefined): string {
  if (!s) return '';
  return `step ${s.step} · mean ${fmt(s.mean)} · std ${fmt(s.std)} · min ${fmt(s.min)} · max ${fmt(s.max)} · n ${s.num}`;
}

/** One histogram chart with its slider; exported for the compare view. */
export function histogramCard(ctx: PanelContext, run: string, tag: string, modeOf: () => HistogramMode) {
  const c = card(chartId('histograms', tag, run), tag, run);
  const slider = h('input.step-slider', {
    type: 'range',
    min: 0,
    max: 0,
    value: 0,
    'aria-label': `step of ${tag} (${run})`,
  });
  const stats = h('div.stats');
  let chart: HistogramChart | null = null;
  let steps: HistogramStep[] = [];
  slider.addEventListener('input', () => {
    chart?.setIndex(Number(slider.value));
    stats.textContent = stepLabel(steps[Number(slider.value)]);
  });
  const mount = () => {
    const area = h('div.hist-area');
    c.body.append(area, h('div.slider-row', {}, slider), stats);
    chart = new HistogramChart(area, ctx.state.color(run));
    chart.setMode(modeOf());
    return {
      runs: [run],
      refresh: async () => {
        const atEnd = Number(slider.value) >= steps.length - 1;
        steps = (await ctx.api.histograms(run, tag)).steps;
        slider.max = String(Math.max(0, steps.length - 1));
        if (atEnd) slider.value = slider.max;
        chart!.setData(steps);
        chart!.setIndex(Number(slider.value));
        stats.textContent = stepLabel(steps[Number(slider.value)]);
      },
      destroy: () => chart?.destroy(),
      setMode: (m: HistogramMode) => chart?.setMode(m),
    };
  };
  return { el: c.el, mount };
}

export const histogramsPanel: Panel = {
  id: 'histograms',
  title: 'Histograms',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const focusTag = ctx.params.get('tag');
    const focusRun = ctx.params.get('run');
    if (focusTag) settings.filter = `^${escapeRegExp(focusTag)}$`;
    let set = new ChartSet();
    const modeSetters = new Set<(m: HistogramMode) => void>();
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
    const modes = (['offset', 'overlay'] as const).map((m) => {
      const input = h('input', { type: 'radio', name: 'hist-mode', value: m, checked: settings.mode === m });
      input.addEventListener('change', () => {
        settings.mode = m;
        for (const set of modeSetters) set(m);
      });
      return h('label', {}, input, ` ${m}`);
    });
    const kinds = HIST_KINDS.map((k) => {
      const input = h('input', { type: 'checkbox', checked: settings.kinds.has(k) });
      input.addEventListener('change', () => {
        if (input.checked) settings.kinds.add(k);
        else settings.kinds.delete(k);
        render();
      });
      return h('label.chip', {}, input, ` ${k}`);
    });
    el.append(
      h('div.toolbar', {}, filter, h('span.modes', {}, ...modes), h('span.kinds', {}, ...kinds)),
      content,
    );

    let known = '';
    async function render() {
      set.destroy();
      set = new ChartSet();
      modeSetters.clear();
      clear(content);
      const { runs, byRun, tags: all, key } = await selectedTags(ctx, 'histograms');
      known = key;
      if (!runs.length) return content.append(emptyNote('Select runs on the left to see their histograms.'));
      const keep = tagFilter(settings.filter);
      const groups = histogramGroups(all.filter((t) => keep(t) && settings.kinds.has(histogramKind(t))));
      if (!groups.length) return content.append(emptyNote('No histogram tags match.'));
      for (const g of groups) {
        const { el: gEl, grid } = group(g.name, g.tags.length);
        content.append(gEl);
        for (const tag of g.tags) {
          for (const run of runs) {
            if (!byRun.get(run)?.histograms.includes(tag)) continue;
            const hc = histogramCard(ctx, run, tag, () => settings.mode);
            grid.append(hc.el);
            set.lazy(hc.el, () => {
              const m = hc.mount();
              modeSetters.add(m.setMode);
              return m;
            });
          }
        }
      }
      if (focusTag) focus(chartId('histograms', focusTag, focusRun ?? runs[0]));
    }

    return livePanel(ctx, 'histograms', render, () => ({ known, set }));
  },
};
