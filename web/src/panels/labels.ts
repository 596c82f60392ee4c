/** Per-label table: prevalence, predicted-positive rate, AUC, precision, recall; outputs stuck at 0 or 1 stand out. */
import { clear, h } from '../dom.js';
import { pct } from '../format.js';
import { emptyNote, showError } from './common.js';
import type { Panel, PanelContext, PanelView } from './types.js';

/** Scores in a column read best with the same number of decimals. */
const fixed3 = (x: number | null | undefined) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(3));

export async function labelTable(ctx: PanelContext, run: string): Promise<HTMLElement> {
  const d = await ctx.api.run(run);
  if (!d.labels.length) return emptyNote(`${run}: no per-label data.`);
  const bar = (v: number | undefined) =>
    h('span.bar', {}, h('span', { style: `width:${Math.round((v ?? 0) * 100)}%` }));
  const rows = d.labels.map((l) => {
    const stuck = l.positiveRate !== undefined && (l.positiveRate >= 0.999 || l.positiveRate <= 0.001);
    return h(
      'tr',
      { class: stuck ? 'stuck' : '' },
      h('td', {}, l.label),
      h('td.num', {}, pct(l.prevalence), bar(l.prevalence)),
      h(
        'td.num',
        { title: stuck ? 'every sample gets the same prediction' : '' },
        pct(l.positiveRate),
        bar(l.positiveRate),
      ),
      h('td.num', {}, fixed3(l.auc)),
      h('td.num', {}, fixed3(l.precision)),
      h('td.num', {}, fixed3(l.recall)),
    );
  });
  return h(
    'section.label-block',
    {},
    h(
      'h3',
      {},
      h('span.swatch', { style: `background:${ctx.state.color(run)}` }),
      run,
      h('span.sub', {}, d.labelsSource === 'report' ? 'final report' : 'last probe'),
    ),
    h(
      'table.labels',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['label', 'prevalence', 'predicted positive', 'AUC', 'precision', 'recall'].map((t, i) =>
            h(i ? 'th.num' : 'th', {}, t),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

export const labelsPanel: Panel = {
  id: 'labels',
  title: 'Labels',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const render = async () => {
      const runs = ctx.state.shownRuns();
      const blocks = await Promise.all(
        runs.map((r) =>
          labelTable(ctx, r.name).catch((e) => {
            const d = h('div');
            showError(d, e);
            return d;
          }),
        ),
      );
      clear(el);
      if (!runs.length) el.append(emptyNote('Tick runs on the left.'));
      el.append(h('div.label-grid', {}, ...blocks));
    };
    const off = ctx.state.onChange(render);
    render();
    return { refresh: () => render(), destroy: off };
  },
};
