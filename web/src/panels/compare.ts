/** Two runs side by side (e.g. with and without dropout): settings, final metrics, findings, key charts. */
import { layersInTags, STORY_METRICS, TAGS } from '../../../src/run/tags.js';
import { LineChart } from '../charts/line.js';
import { clear, h } from '../dom.js';
import { fmt } from '../format.js';
import { ChartSet, card, emptyNote } from './common.js';
import { histogramCard } from './histograms.js';
import type { Panel, PanelContext, PanelView } from './types.js';

/** Settings that differ between any two runs without making them different experiments. */
const BOOKKEEPING = new Set(['name', 'logdir', 'resume', 'threads']);

export const comparePanel: Panel = {
  id: 'compare',
  title: 'Compare',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    let set = new ChartSet();
    const pick = () => {
      const names = ctx.state.runs.map((r) => r.name);
      const sel = ctx.state.selectedRuns().map((r) => r.name);
      const a = ctx.params.get('a') ?? sel[0] ?? names[0];
      const b = ctx.params.get('b') ?? sel.find((n) => n !== a) ?? names.find((n) => n !== a);
      return [a, b] as const;
    };
    let [a, b] = pick();

    const render = async () => {
      set.destroy();
      set = new ChartSet();
      clear(el);
      const names = ctx.state.runs.map((r) => r.name);
      if (names.length < 2 || !a || !b)
        return el.append(emptyNote('Comparing needs two runs in the log directory.'));
      const select = (value: string, on: (v: string) => void) =>
        h(
          'select',
          { onchange: (e: Event) => on((e.target as HTMLSelectElement).value) },
          ...names.map((n) => h('option', { value: n, selected: n === value }, n)),
        );
      el.append(
        h(
          'div.toolbar',
          {},
          h(
            'label',
            {},
            'A ',
            select(a, (v) => {
              a = v;
              render();
            }),
          ),
          h(
            'label',
            {},
            'B ',
            select(b, (v) => {
              b = v;
              render();
            }),
          ),
        ),
      );
      const ra = ctx.state.runs.find((r) => r.name === a)!;
      const rb = ctx.state.runs.find((r) => r.name === b)!;
      const sw = (n: string) => h('span.swatch', { style: `background:${ctx.state.color(n)}` });

      const keys = [...new Set([...Object.keys(ra.config), ...Object.keys(rb.config)])].sort();
      const diff = keys.filter((k) => !BOOKKEEPING.has(k) && String(ra.config[k]) !== String(rb.config[k]));
      const metricKeys = [...STORY_METRICS, 'loss_val'].filter(
        (k) => ra.final[k] !== undefined || rb.final[k] !== undefined,
      );
      const [fa, fb] = await Promise.all([
        ctx.api.findings(a).catch(() => null),
        ctx.api.findings(b).catch(() => null),
      ]);
      const findingList = (f: typeof fa) =>
        !f || f.source === 'none'
          ? '—'
          : f.findings.length
            ? h('ul.compact', {}, ...f.findings.map((x) => h('li', { class: `sev-${x.severity}` }, x.id)))
            : 'none';
      el.append(
        h(
          'table.compare',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, ''),
              h('th', {}, sw(a), a),
              h('th', {}, sw(b), b),
              h('th.num', {}, 'B − A'),
            ),
          ),
          h(
            'tbody',
            {},
            ...diff.map((k) =>
              h(
                'tr.diff',
                {},
                h('td', {}, k),
                h('td', {}, String(ra.config[k] ?? '—')),
                h('td', {}, String(rb.config[k] ?? '—')),
                h('td', {}, ''),
              ),
            ),
            ...metricKeys.map((k) => {
              const d = (rb.final[k] ?? Number.NaN) - (ra.final[k] ?? Number.NaN);
              return h(
                'tr',
                {},
                h('td', {}, k),
                h('td.num', {}, fmt(ra.final[k], 3)),
                h('td.num', {}, fmt(rb.final[k], 3)),
                h(
                  'td.num',
                  { class: d > 0 ? 'up' : d < 0 ? 'down' : '' },
                  Number.isNaN(d) ? '—' : (d > 0 ? '+' : '') + fmt(d, 3),
                ),
              );
            }),
            h(
              'tr',
              {},
              h('td', {}, 'doctor'),
              h('td', {}, findingList(fa)),
              h('td', {}, findingList(fb)),
              h('td', {}, ''),
            ),
          ),
        ),
      );

      // scalars overlaid (both runs in one chart), histograms side by side
      const [ta, tb] = await Promise.all([ctx.api.tags(a), ctx.api.tags(b)]);
      const layers = layersInTags(ta.histograms);
      const lastHidden = layers.filter((l) => l !== 'output').at(-1) ?? 'layer1';
      const scalarTags = [
        TAGS.valLoss,
        TAGS.valMetric('roc_auc_macro'),
        TAGS.deadFraction(lastHidden, 'inference_mode'),
        TAGS.changeSinceInit('layer1', 'weights'),
        TAGS.exactZeroOne,
        TAGS.meanAbsLogit,
      ].filter((t) => ta.scalars.includes(t) || tb.scalars.includes(t));
      const grid = h('div.grid');
      el.append(h('h3', {}, 'Scalars'), grid);
      for (const tag of scalarTags) {
        const c = card(`compare-${tag}`, tag);
        grid.append(c.el);
        const runs = [a, b].filter((r) => (r === a ? ta : tb).scalars.includes(tag));
        set.lazy(c.el, () => {
          const chart = new LineChart(c.body, { smoothing: 0, logScale: false, height: 180 });
          return {
            runs,
            refresh: async () => {
              const data = await Promise.all(runs.map((r) => ctx.api.scalars(r, tag)));
              chart.setData(
                data.map((d) => ({ run: d.run, color: ctx.state.color(d.run), points: d.points })),
              );
            },
            destroy: () => chart.destroy(),
          };
        });
      }
      const histTags = [
        TAGS.param('layer1', 'weights'),
        TAGS.activations(lastHidden, 'inference_mode'),
        TAGS.param('output', 'biases'),
        TAGS.probabilities('inference_mode'),
      ].filter((t) => ta.histograms.includes(t) || tb.histograms.includes(t));
      const pairs = h('div.pairs');
      el.append(h('h3', {}, 'Histograms'), pairs);
      for (const tag of histTags) {
        for (const [run, tags] of [
          [a, ta],
          [b, tb],
        ] as const) {
          if (!tags.histograms.includes(tag)) {
            pairs.append(h('div.card.placeholder', {}, `${run}: no ${tag}`));
            continue;
          }
          const hc = histogramCard(ctx, run, tag, () => 'offset');
          pairs.append(hc.el);
          set.lazy(hc.el, hc.mount);
        }
      }
    };
    const off = ctx.state.onChange(() => {
      [a, b] = [a ?? pick()[0], b ?? pick()[1]];
      render();
    });
    render();
    return {
      refresh: (changed) => set.refresh(changed),
      destroy() {
        off();
        set.destroy();
      },
    };
  },
};
