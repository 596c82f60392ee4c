/** Two runs side by side (e.g. with and without dropout): settings, final metrics, findings, key charts. */
import type { RunSummary } from '../../../src/board/api-types.js';
import { layersInTags, STORY_METRICS, TAGS } from '../../../src/run/tags.js';
import { LineChart } from '../charts/line.js';
import { clear, h } from '../dom.js';
import { fmt } from '../format.js';
import { tagHelp } from '../tag-help.js';
import { ChartSet, card, emptyNote } from './common.js';
import { histogramCard } from './histograms.js';
import type { Panel, PanelContext, PanelView } from './types.js';

/** Settings that differ between any two runs without making them different experiments. */
const BOOKKEEPING = new Set(['name', 'logdir', 'resume', 'threads']);

function settingsApart(a: RunSummary, b: RunSummary): string[] {
  const keys = new Set([...Object.keys(a.config), ...Object.keys(b.config)]);
  return [...keys].filter(
    (k) => !BOOKKEEPING.has(k) && k !== 'seed' && String(a.config[k]) !== String(b.config[k]),
  );
}

/**
 * The pair that tells most: runs one setting apart (so the difference has one cause) whose final
 * ROC AUC macro differs most; failing that, any two with the largest difference.
 */
export function mostDifferentPair(runs: RunSummary[]): [string, string] | null {
  let best: { a: string; b: string; score: number } | null = null;
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i];
      const b = runs[j];
      const apart = settingsApart(a, b).length;
      if (apart === 0) continue;
      const auc = (r: RunSummary) => r.final.roc_auc_macro ?? r.final.roc_auc_micro;
      const gap = auc(a) !== undefined && auc(b) !== undefined ? Math.abs(auc(a)! - auc(b)!) : 0;
      const score = (apart === 1 ? 10 : 0) + gap;
      if (!best || score > best.score) best = { a: a.name, b: b.name, score };
    }
  }
  return best ? [best.a, best.b] : null;
}

export const comparePanel: Panel = {
  id: 'compare',
  title: 'Compare',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    let set = new ChartSet();
    const pick = () => {
      const shown = ctx.state.shownRuns().filter((r) => r.parent === undefined);
      const pool = shown.length >= 2 ? shown : ctx.state.topLevel();
      const pair = mostDifferentPair(pool) ?? [pool[0]?.name, pool[1]?.name];
      const a = ctx.params.get('a') ?? pair[0];
      const b = ctx.params.get('b') ?? pair[1];
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
      el.append(
        h(
          'p.hint',
          {},
          ctx.params.get('a')
            ? ''
            : 'Opened on the pair of runs one setting apart whose ROC AUC differs most; choose any two above.',
        ),
      );
      const metricKeys = [...STORY_METRICS, 'loss_val'].filter(
        (k) => ra.final[k] !== undefined || rb.final[k] !== undefined,
      );
      const [fa, fb] = await Promise.all([
        ctx.api.health(a).catch(() => null),
        ctx.api.health(b).catch(() => null),
      ]);
      const findingList = (f: typeof fa) =>
        !f || f.doctorSource === 'none'
          ? 'not checked'
          : f.groups.length
            ? h(
                'ul.compact',
                {},
                ...f.groups.map((g) =>
                  h(
                    'li',
                    { class: `sev-${g.severity}` },
                    g.id,
                    g.places.length ? ` (${g.places.join(', ')})` : '',
                  ),
                ),
              )
            : 'no problem found';
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
              h('td', {}, 'health'),
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
          const chart = new LineChart(c.body, {
            smoothing: 0,
            scale: 'auto',
            xAxis: 'step',
            height: 180,
            yLabel: tagHelp(tag)?.axis,
            title: tag,
          });
          c.exports(chart);
          return {
            runs,
            refresh: async () => {
              const data = await Promise.all(runs.map((r) => ctx.api.scalars(r, tag)));
              chart.setData(
                data.map((d) => ({
                  key: d.run,
                  label: d.run,
                  color: ctx.state.color(d.run),
                  members: [d.points],
                  runs: [d.run],
                })),
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
          const hc = histogramCard(
            ctx,
            [run],
            tag,
            { mode: () => 'first-last', xRange: () => 'highlighted' },
            `compare-${tag}@${run}`,
          );
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
