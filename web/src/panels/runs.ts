/** The runs table: what each run was (configuration, differences highlighted), how it ended, what the doctor says. */
import type { RunSummary } from '../../../src/board/api-types.js';
import { STORY_METRICS } from '../../../src/run/tags.js';
import { clear, h } from '../dom.js';
import { emptyNote } from './common.js';
import type { Panel, PanelContext, PanelView } from './types.js';

const METRIC_LABEL: Record<string, string> = {
  roc_auc_micro: 'AUC µ',
  roc_auc_macro: 'AUC M',
  precision_micro: 'P µ',
  precision_macro: 'P M',
  precision_weighted: 'P w',
  recall_micro: 'R µ',
  recall_macro: 'R M',
  recall_weighted: 'R w',
  loss_val: 'val loss',
};

/** Metrics in a column: always three decimals, so the digits line up. */
function metric(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—';
}

export function doctorBadge(r: RunSummary, ctx: PanelContext): HTMLElement {
  const { status, counts } = r.doctor;
  const text =
    status === 'unknown'
      ? 'not checked'
      : status === 'ok'
        ? 'ok'
        : `${counts.fatal ? `${counts.fatal} fatal ` : ''}${counts.warning ? `${counts.warning} warn ` : ''}${counts.info ? `${counts.info} info` : ''}`.trim();
  return h(
    'a.badge',
    {
      class: `sev-${status}`,
      href: `#/findings?run=${encodeURIComponent(r.name)}`,
      onclick: () => ctx.state.setSelected(r.name, true),
    },
    text,
  );
}

export const runsPanel: Panel = {
  id: 'runs',
  title: 'Runs',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const render = () => {
      clear(el);
      const runs = ctx.state.runs;
      if (!runs.length) {
        el.append(
          emptyNote(`No runs yet in ${ctx.state.logdir}. They appear here as soon as they write events.`),
        );
        return;
      }
      const differing = ctx.state.differing;
      const metricKeys = [...STORY_METRICS, 'loss_val'].filter((k) =>
        runs.some((r) => r.final[k] !== undefined),
      );
      const head = h(
        'tr',
        {},
        h(
          'th',
          {},
          h('input', {
            type: 'checkbox',
            title: 'all / none',
            checked: ctx.state.selected.size === runs.length,
            onchange: (e: Event) => ctx.state.setAll((e.target as HTMLInputElement).checked),
          }),
        ),
        h('th', {}, 'run'),
        h('th', {}, 'doctor'),
        // final metrics first: they are what a comparison is read for; the settings that differ follow
        ...metricKeys.map((k) => h('th.num', { title: k }, METRIC_LABEL[k] ?? k)),
        ...differing.map((k) => h('th.diff', { title: 'differs between runs' }, k)),
        h('th.num', {}, 'step'),
        h('th', {}, 'same in all runs'),
      );
      const rows = runs.map((r) => {
        const common = Object.entries(r.config).filter(([k]) => !differing.includes(k));
        return h(
          'tr',
          { class: ctx.state.selected.has(r.name) ? 'selected' : '' },
          h(
            'td',
            {},
            h('input', {
              type: 'checkbox',
              checked: ctx.state.selected.has(r.name),
              'aria-label': `select ${r.name}`,
              onchange: (e: Event) => ctx.state.setSelected(r.name, (e.target as HTMLInputElement).checked),
            }),
          ),
          h(
            'td.run-name',
            {},
            h('span.swatch', { style: `background:${ctx.state.color(r.name)}` }),
            r.name,
            r.finished ? null : h('span.live', { title: 'no DONE file yet' }, 'running'),
          ),
          h('td', {}, doctorBadge(r, ctx)),
          ...metricKeys.map((k) => h('td.num', {}, metric(r.final[k]))),
          ...differing.map((k) => h('td.diff', {}, r.config[k] === undefined ? '—' : String(r.config[k]))),
          h('td.num.last-step', {}, String(r.lastStep)),
          h(
            'td.common',
            {},
            common.length
              ? h(
                  'details',
                  {},
                  h('summary', {}, `${common.length} settings`),
                  h('div.kv', {}, ...common.map(([k, v]) => h('span', {}, `${k}=${v}`))),
                )
              : '—',
          ),
        );
      });
      el.append(
        h('div.table-wrap', {}, h('table.runs', {}, h('thead', {}, head), h('tbody', {}, ...rows))),
        h(
          'p.hint',
          {},
          "Final metrics come from the run's report (or the last validation values while it trains); highlighted columns are the settings that differ between runs.",
        ),
      );
    };
    const off = ctx.state.onChange(render);
    render();
    return {
      refresh: render,
      destroy: off,
    };
  },
};
