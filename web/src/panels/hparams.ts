/**
 * Hyperparameters against the final metric, for the shown runs: parallel coordinates (one axis
 * per setting that differs, one for the metric) and a scatter of one setting against the metric.
 * With seeds grouped, each configuration is one line at its mean. Click a line or point to open
 * that run's health card; drag on an axis to keep the runs that cross it there.
 */
import type { RunSummary } from '../../../src/board/api-types.js';
import { STORY_METRICS } from '../../../src/run/tags.js';
import { metricColor, ParallelChart, type PCRow } from '../charts/parallel.js';
import { ScatterChart } from '../charts/scatter.js';
import { clear, h } from '../dom.js';
import { bySeedGroup, finals, meanStd } from '../seeds.js';
import { card, emptyNote } from './common.js';
import type { Panel, PanelContext, PanelView } from './types.js';

const settings = { metric: 'roc_auc_macro', x: '' };

function rowsOf(ctx: PanelContext, runs: RunSummary[], params: string[], metric: string): PCRow[] {
  if (!ctx.state.groupSeeds) {
    return runs.map((r) => ({
      key: r.name,
      label: r.name,
      values: Object.fromEntries(
        params.map((p) => [p, (r.config[p] as string | number | undefined) ?? null]),
      ),
      metric: r.final[metric] ?? null,
    }));
  }
  return bySeedGroup(runs).map(({ key: g, runs: members }) => {
    const ms = finals(members, metric);
    return {
      key: members[0].name,
      label: `${g} (${members.length} seeds)`,
      values: Object.fromEntries(
        params.map((p) => [p, (members[0].config[p] as string | number | undefined) ?? null]),
      ),
      metric: ms.length ? meanStd(ms).m : null,
    };
  });
}

export const hparamsPanel: Panel = {
  id: 'hparams',
  title: 'HParams',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    let charts: { destroy(): void }[] = [];
    const render = () => {
      for (const c of charts) c.destroy();
      charts = [];
      clear(el);
      const runs = ctx.state.shownRuns().filter((r) => r.parent === undefined);
      const params = ctx.state.differing.filter((k) => !(ctx.state.groupSeeds && k === 'seed'));
      if (runs.length < 2 || !params.length) {
        el.append(
          emptyNote(
            'The hyperparameter view needs at least two shown runs whose settings differ (e.g. an experiment grid).',
          ),
        );
        return;
      }
      const metrics = [...STORY_METRICS, 'loss_val'].filter((k) =>
        runs.some((r) => r.final[k] !== undefined),
      );
      if (!metrics.includes(settings.metric)) settings.metric = metrics[0] ?? 'roc_auc_macro';
      if (!params.includes(settings.x)) settings.x = params.find((p) => p !== 'seed') ?? params[0];
      const metricSel = h(
        'select',
        { 'aria-label': 'metric', 'data-setting': 'metric' },
        ...metrics.map((m) => h('option', { value: m, selected: m === settings.metric }, m)),
      );
      metricSel.addEventListener('change', () => {
        settings.metric = metricSel.value;
        render();
      });
      const xSel = h(
        'select',
        { 'aria-label': 'scatter x', 'data-setting': 'x' },
        ...params.map((p) => h('option', { value: p, selected: p === settings.x }, p)),
      );
      xSel.addEventListener('change', () => {
        settings.x = xSel.value;
        render();
      });
      const keptNote = h('span.hint');
      el.append(
        h(
          'div.toolbar',
          {},
          h('label', {}, 'metric ', metricSel),
          h(
            'span.pc-scale',
            {},
            'low ',
            h('span.gradient', {
              style: `background:linear-gradient(90deg,${[0, 0.25, 0.5, 0.75, 1].map(metricColor).join(',')})`,
            }),
            ' high',
          ),
          keptNote,
        ),
      );
      const rows = rowsOf(ctx, runs, params, settings.metric);
      const open = (key: string) => ctx.navigate('overview', { run: key });
      const pc = card(
        'chart-hparams-parallel',
        `${params.length} settings → ${settings.metric}`,
        `${rows.length} ${ctx.state.groupSeeds ? 'configurations' : 'runs'}`,
        null,
      );
      pc.el.classList.add('wide');
      el.append(pc.el);
      const parallel = new ParallelChart(pc.body, params, settings.metric, open);
      parallel.setData(rows);
      pc.exports(parallel);
      charts.push(parallel);
      pc.body.addEventListener('brush', (e) => {
        const kept = (e as CustomEvent<string[]>).detail;
        keptNote.textContent =
          kept.length === rows.length
            ? ''
            : `${kept.length} of ${rows.length} kept by the brushes (drag on an axis; click it to clear)`;
      });
      const sc = card('chart-hparams-scatter', `${settings.x} → ${settings.metric}`, undefined, null);
      sc.body.prepend(h('div.toolbar', {}, h('label', {}, 'x ', xSel)));
      el.append(sc.el);
      const scatter = new ScatterChart(sc.body, settings.x, settings.metric, open);
      scatter.setData(
        rows.map((r) => ({
          key: r.key,
          label: r.label,
          x: r.values[settings.x] ?? null,
          y: r.metric,
          color: ctx.state.color(r.key),
        })),
      );
      sc.exports(scatter);
      charts.push(scatter);
    };
    const off = ctx.state.onChange(render);
    render();
    return {
      refresh: render,
      destroy() {
        off();
        for (const c of charts) c.destroy();
      },
    };
  },
};
