/**
 * The runs table: each run's health, the settings that differ between runs (first, wrapping),
 * its final metrics and step; click a header to sort. Counterfactual runs sit under the run they
 * explain; with seeds grouped, each configuration is one row with mean ± std over its seeds.
 */
import type { RunSummary } from '../../../src/board/api-types.js';
import { naturalCompare } from '../../../src/board/natural-order.js';
import { STORY_METRICS } from '../../../src/run/tags.js';
import { breakable, clear, h } from '../dom.js';
import { aggregate, bySeedGroup, METRIC_LABEL, STATE_ORDER, sortGroups, worstRun } from '../seeds.js';
import { groupBox } from '../sidebar.js';
import { emptyNote } from './common.js';
import { STATE_LABEL } from './overview.js';
import type { Panel, PanelContext, PanelView } from './types.js';

/** Metrics in a column: always three decimals, so the digits line up. */
function metric(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—';
}

type Column = {
  id: string;
  head: string;
  title?: string;
  cls?: string;
  /** Sort key of a run. */
  key: (r: RunSummary) => string | number | null;
};

function compare(a: string | number | null, b: string | number | null): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return naturalCompare(String(a), String(b));
}

export function stateBadge(r: RunSummary, ctx: PanelContext): HTMLElement {
  return h(
    'a.badge',
    {
      class: `sev-${r.state}`,
      href: `#/overview?run=${encodeURIComponent(r.name)}`,
      title: 'open its health card',
      onclick: () => {
        if (!ctx.state.selected.has(r.name)) ctx.state.setSelected(r.name, true);
      },
    },
    STATE_LABEL[r.state],
    r.cause && r.cause !== 'unknown' ? ` · ${r.cause.replace(/_/g, ' ')}` : '',
  );
}

export const runsPanel: Panel = {
  id: 'runs',
  title: 'Runs',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const render = () => {
      clear(el);
      const top = ctx.state.visibleTop();
      if (!ctx.state.runs.length) {
        el.append(
          emptyNote(`No runs yet in ${ctx.state.logdir}. They appear here as soon as they write events.`),
        );
        return;
      }
      const differing = ctx.state.differing;
      const all = ctx.state.runs;
      const metricKeys = [...STORY_METRICS, 'loss_val'].filter((k) =>
        all.some((r) => r.final[k] !== undefined),
      );
      const columns: Column[] = [
        { id: 'run', head: 'run', key: (r) => r.name },
        {
          id: 'health',
          head: 'health',
          title: "the run's state and the cause named",
          key: (r) => STATE_ORDER[r.state],
        },
        ...differing.map((k) => ({
          id: `cfg:${k}`,
          head: k,
          title: 'setting that differs between runs',
          cls: 'diff',
          key: (r: RunSummary) => (r.config[k] === undefined ? null : (r.config[k] as string | number)),
        })),
        ...metricKeys.map((k) => ({
          id: `m:${k}`,
          head: METRIC_LABEL[k] ?? k,
          title: k,
          cls: 'num',
          key: (r: RunSummary) => r.final[k] ?? null,
        })),
        { id: 'step', head: 'step', cls: 'num', key: (r) => r.lastStep },
      ];
      const sort = ctx.state.sort;
      const col = columns.find((c) => c.id === sort.column) ?? columns[0];
      const sorted = [...top].sort((a, b) => sort.dir * compare(col.key(a), col.key(b)));

      const head = h(
        'tr',
        {},
        h(
          'th',
          {},
          h('input', {
            type: 'checkbox',
            title: 'tick / untick every listed run',
            'aria-label': 'tick every listed run',
            checked: top.length > 0 && top.every((r) => ctx.state.selected.has(r.name)),
            onchange: (e: Event) => ctx.state.setAll((e.target as HTMLInputElement).checked),
          }),
        ),
        ...columns.map((c) =>
          h(
            'th',
            {
              class: `${c.cls ?? ''} sortable`,
              'aria-sort': c.id === sort.column ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none',
              'data-col': c.id,
              title: c.title ?? '',
            },
            h(
              'button.sort',
              {
                type: 'button',
                onclick: () => {
                  const { column, dir } = ctx.state.sort;
                  ctx.state.setSort({ column: c.id, dir: column === c.id ? (-dir as 1 | -1) : 1 });
                  render();
                },
              },
              c.head,
              h('span.arrow', {}, c.id === sort.column ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''),
            ),
          ),
        ),
      );

      const runRow = (r: RunSummary, child = false) =>
        h(
          'tr',
          {
            class: `${ctx.state.selected.has(r.name) ? 'selected' : ''}${child ? ' child' : ''}`,
            'data-run': r.name,
          },
          h(
            'td',
            {},
            h('input', {
              type: 'checkbox',
              checked: ctx.state.selected.has(r.name),
              'aria-label': `show ${r.name}`,
              onchange: (e: Event) => ctx.state.setSelected(r.name, (e.target as HTMLInputElement).checked),
            }),
          ),
          h(
            'td.run-name',
            {},
            h('span.swatch', { style: `background:${r.color}` }),
            h(
              'a',
              { href: `#/overview?run=${encodeURIComponent(r.name)}`, title: 'its health card' },
              child
                ? `↳ ${r.counterfactual ?? r.name.slice((r.parent?.length ?? 0) + 1)}`
                : breakable(r.name),
            ),
            r.finished ? null : h('span.live', { title: 'no DONE file yet' }, 'training'),
          ),
          h('td', {}, stateBadge(r, ctx)),
          ...differing.map((k) =>
            h('td.diff', {}, child ? '' : r.config[k] === undefined ? '—' : breakable(String(r.config[k]))),
          ),
          ...metricKeys.map((k) => h('td.num', {}, metric(r.final[k]))),
          h('td.num.last-step', {}, String(r.lastStep)),
        );

      const rows: HTMLElement[] = [];
      if (ctx.state.groupSeeds) {
        for (const group of sortGroups(bySeedGroup(sorted), sort)) {
          const { key: g, runs: members } = group;
          const color = g === members[0].group ? ctx.state.groupColor(g) : members[0].color;
          const worst = worstRun(members);
          rows.push(
            h(
              'tr.group-row',
              { 'data-group': g },
              h('td', {}, groupBox(ctx.state, group)),
              h(
                'td.run-name',
                {},
                h('span.swatch', { style: `background:${color}` }),
                h('strong', {}, g),
                h('span.seeds', {}, ` ${members.length} seed${members.length === 1 ? '' : 's'}`),
              ),
              h('td', {}, stateBadge(worst, ctx)),
              ...differing.map((k) =>
                h(
                  'td.diff',
                  {},
                  k === 'seed'
                    ? members
                        .map((m) => String(m.config[k]))
                        .sort(naturalCompare)
                        .join(', ')
                    : String(members[0].config[k] ?? '—'),
                ),
              ),
              ...metricKeys.map((k) => h('td.num', {}, aggregate(members, k))),
              h('td.num', {}, String(Math.max(...members.map((m) => m.lastStep)))),
            ),
          );
          for (const m of members) rows.push(runRow(m));
        }
      } else {
        for (const r of sorted) {
          rows.push(runRow(r));
          for (const c of ctx.state.children(r.name)) rows.push(runRow(c, true));
        }
      }
      const common = Object.entries(top[0]?.config ?? {}).filter(([k]) => !differing.includes(k));
      el.append(
        h('div.table-wrap', {}, h('table.runs', {}, h('thead', {}, head), h('tbody', {}, ...rows))),
        h(
          'p.hint',
          {},
          'Highlighted columns are the settings that differ between runs; click a header to sort. Final metrics come from the run’s report (or the last validation values while it trains). ',
          ctx.state.filter
            ? `Filter: ${ctx.state.filter} (${top.length} of ${ctx.state.topLevel().length} runs). `
            : '',
        ),
      );
      if (common.length)
        el.append(
          h(
            'details.common',
            {},
            h('summary', {}, `${common.length} settings the same in every run`),
            h('div.kv', {}, ...common.map(([k, v]) => h('span', {}, `${k}=${v}`))),
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
