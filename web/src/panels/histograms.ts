/**
 * Histograms per layer and kind (weights, biases, activations, gradients, outputs): one chart
 * per run, or the shown runs overlaid in one chart per tag. By default the first recorded step
 * (dashed) against the latest (solid), which shows at a glance whether the weights moved; also
 * every step overlaid, or offset as a ridgeline. A step slider per chart.
 */
import type { HistogramStep } from '../../../src/board/api-types.js';
import { HistogramChart, type HistogramMode, type XRange } from '../charts/histogram.js';
import { h } from '../dom.js';
import { chartId, fmt } from '../format.js';
import { tagHelp } from '../tag-help.js';
import { HIST_KINDS, type HistKind, histogramGroups, histogramKind } from '../tags.js';
import { card, focus, linkedTag } from './common.js';
import { tagView } from './tag-view.js';
import type { Panel, PanelContext, PanelView } from './types.js';

type Layout = 'per-run' | 'overlaid';

/** Per-run charts of one tag built at once; more runs wait for a click ("runs: overlaid" shows all in one). */
const PER_TAG = 6;

const settings = {
  mode: 'first-last' as HistogramMode,
  xRange: 'highlighted' as XRange,
  layout: 'per-run' as Layout,
  filter: '',
  kinds: new Set<HistKind>(HIST_KINDS),
};

export const MODE_TEXT: Record<HistogramMode, string> = {
  'first-last': 'first vs chosen step',
  overlay: 'every step overlaid',
  offset: 'offset by step',
};

function stepLabel(run: string | null, s: HistogramStep | undefined): string {
  if (!s) return '';
  return `${run ? `${run}: ` : ''}step ${s.step} · mean ${fmt(s.mean)} · std ${fmt(s.std)} · min ${fmt(s.min)} · max ${fmt(s.max)} · n ${s.num}`;
}

export interface HistCardOptions {
  mode: () => HistogramMode;
  xRange: () => XRange;
}

/** One histogram chart (one run, or several overlaid) with its step slider; the compare view uses it too. */
export function histogramCard(
  ctx: PanelContext,
  runs: string[],
  tag: string,
  o: HistCardOptions,
  id?: string,
) {
  const single = runs.length === 1;
  const c = card(
    id ?? chartId('histograms', tag, single ? runs[0] : 'overlaid'),
    tag,
    single ? ctx.state.label(runs[0]) : `${runs.length} runs`,
  );
  const slider = h('input.step-slider', {
    type: 'range',
    min: 0,
    max: 0,
    value: 0,
    'aria-label': `step of ${tag} (${single ? runs[0] : 'overlaid runs'})`,
  });
  const stats = h('div.stats');
  let chart: HistogramChart | null = null;
  let steps: number[] = [];
  const showStats = () => {
    const hl = chart?.highlighted() ?? [];
    stats.replaceChildren(
      ...hl.map(({ run, chosen }) =>
        h(
          'div',
          {},
          single ? null : h('span.swatch', { style: `background:${ctx.state.color(run)}` }),
          stepLabel(single ? null : run, chosen),
        ),
      ),
    );
  };
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    chart?.setStep(i >= steps.length - 1 ? null : steps[i]);
    showStats();
  });
  const mount = () => {
    const area = h('div.hist-area');
    c.body.append(area, h('div.slider-row', {}, slider), stats);
    chart = new HistogramChart(area, {
      mode: o.mode(),
      xRange: o.xRange(),
      title: single ? `${tag} · ${runs[0]}` : tag,
      xLabel: tagHelp(tag)?.axis,
    });
    c.exports(chart);
    return {
      runs,
      refresh: async () => {
        const atEnd = Number(slider.value) >= steps.length - 1;
        const data = await Promise.all(runs.map((r) => ctx.api.histograms(r, tag)));
        chart!.setData(data.map((d) => ({ run: d.run, color: ctx.state.color(d.run), steps: d.steps })));
        steps = chart!.allSteps();
        slider.max = String(Math.max(0, steps.length - 1));
        if (atEnd) slider.value = slider.max;
        chart!.setStep(atEnd ? null : steps[Number(slider.value)]);
        showStats();
      },
      destroy: () => chart?.destroy(),
      setOptions: (x: { mode?: HistogramMode; xRange?: XRange }) => {
        chart?.setOptions(x);
        showStats();
      },
    };
  };
  return { el: c.el, mount };
}

export const histogramsPanel: Panel = {
  id: 'histograms',
  title: 'Histograms',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const linked = linkedTag(ctx, 'histograms');
    const focusRun = ctx.params.get('run');
    const setters = new Set<(x: { mode?: HistogramMode; xRange?: XRange }) => void>();
    const content = h('div.groups');
    const filter = h('input.filter', {
      type: 'search',
      placeholder: 'filter tags (regex)',
      'aria-label': 'filter tags',
      value: settings.filter,
    });
    filter.addEventListener('input', () => {
      settings.filter = filter.value;
      tv.render();
    });
    const select = <T extends string>(
      label: string,
      value: T,
      options: Record<T, string>,
      on: (v: T) => void,
    ) => {
      const s = h(
        'select',
        { 'aria-label': label, 'data-setting': label },
        ...(Object.keys(options) as T[]).map((k) =>
          h('option', { value: k, selected: k === value }, options[k]),
        ),
      );
      s.addEventListener('change', () => on(s.value as T));
      return h('label', {}, `${label} `, s);
    };
    const kinds = HIST_KINDS.map((k) => {
      const input = h('input', { type: 'checkbox', checked: settings.kinds.has(k) });
      input.addEventListener('change', () => {
        if (input.checked) settings.kinds.add(k);
        else settings.kinds.delete(k);
        tv.render();
      });
      return h('label.chip', {}, input, ` ${k}`);
    });
    el.append(
      h(
        'div.toolbar',
        {},
        linked.chip ?? filter,
        select('show', settings.mode, MODE_TEXT, (v) => {
          settings.mode = v;
          for (const f of setters) f({ mode: v });
        }),
        select(
          'x range',
          settings.xRange,
          { highlighted: 'fit highlighted steps', all: 'span every step' },
          (v) => {
            settings.xRange = v;
            for (const f of setters) f({ xRange: v });
          },
        ),
        select(
          'runs',
          settings.layout,
          { 'per-run': 'one chart per run', overlaid: 'overlaid in one chart' },
          (v) => {
            settings.layout = v;
            tv.render();
          },
        ),
        linked.chip ? null : h('span.kinds', {}, ...kinds),
      ),
      content,
    );

    const opts: HistCardOptions = { mode: () => settings.mode, xRange: () => settings.xRange };
    const add = (grid: HTMLElement, runs: string[], tag: string, id?: string) => {
      const hc = histogramCard(ctx, runs, tag, opts, id);
      grid.append(hc.el);
      tv.charts().lazy(hc.el, () => {
        const m = hc.mount();
        setters.add(m.setOptions);
        return m;
      });
    };
    const addTag = (grid: HTMLElement, runs: string[], tag: string, pinned = false) => {
      if (!runs.length) return;
      if (settings.layout === 'overlaid' && runs.length > 1) {
        add(grid, runs, tag, pinned ? `pinned-${chartId('histograms', tag, 'overlaid')}` : undefined);
      } else {
        const one = (r: string) =>
          add(grid, [r], tag, pinned ? `pinned-${chartId('histograms', tag, r)}` : undefined);
        runs.slice(0, PER_TAG).forEach(one);
        if (runs.length <= PER_TAG) return;
        // many runs: the first few per tag, the rest a click away (or overlaid in one chart)
        const more = h(
          'button.more-runs',
          { type: 'button' },
          `${tag}: show the other ${runs.length - PER_TAG} runs`,
        );
        more.addEventListener('click', () => {
          more.remove();
          runs.slice(PER_TAG).forEach(one);
        });
        grid.append(more);
      }
    };

    const tv = tagView(ctx, content, linked.tag, {
      reset: () => setters.clear(),
      kind: 'histograms',
      filter: () => settings.filter,
      keep: (t) => settings.kinds.has(histogramKind(t)),
      groups: histogramGroups,
      evidenceNote: 'histograms the findings point at',
      add: addTag,
      linked: (grid, runs, tag) => {
        const target = focusRun && runs.includes(focusRun) ? [focusRun] : runs;
        addTag(grid, target, tag);
        focus(
          chartId(
            'histograms',
            tag,
            target.length === 1 ? target[0] : settings.layout === 'overlaid' ? 'overlaid' : target[0],
          ),
        );
      },
    });
    return tv.view;
  },
};
