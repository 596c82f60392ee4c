/**
 * The run selector beside every view: a filter (name or settings, see filter.ts), tick runs to
 * show them, counterfactual runs nested under the run they explain. With seeds grouped, one
 * entry per configuration (its seed count and the mean ± std of the metric the runs table is
 * sorted by, in that order), ticked as a whole or opened to its seeds.
 * Names wrap instead of being cut; colours match the charts.
 */
import type { RunSummary } from '../../src/board/api-types.js';
import { breakable, clear, h } from './dom.js';
import {
  aggregate,
  bySeedGroup,
  listedMetric,
  METRIC_LABEL,
  type SeedGroup,
  sortGroups,
  worstRun,
} from './seeds.js';
import type { AppState } from './state.js';

const STATE_TEXT: Record<RunSummary['state'], string> = {
  collapsed: 'collapsed',
  fatal: 'fatal finding',
  warning: 'warning',
  ok: 'no problem found',
  unchecked: 'not checked',
};

function runRow(state: AppState, r: RunSummary, label: string): HTMLElement {
  return h(
    'label.run-row',
    { title: `${r.name} — ${STATE_TEXT[r.state]}${r.finished ? '' : ' (training)'}` },
    h('input', {
      type: 'checkbox',
      checked: state.selected.has(r.name),
      'data-run': r.name,
      onchange: (e: Event) => state.setSelected(r.name, (e.target as HTMLInputElement).checked),
    }),
    h('span.swatch', { style: `background:${r.color}` }),
    h('span.run-label', {}, breakable(label)),
    r.finished ? null : h('span.live-dot', { title: 'training' }),
    h('span.dot', { class: `sev-${r.state}`, 'aria-label': STATE_TEXT[r.state] }),
  );
}

/** A run, with its counterfactual runs a click away. */
function runEntry(el: HTMLElement, state: AppState, r: RunSummary, label: string): HTMLElement {
  const kids = state.children(r.name);
  const li = h('li', {}, runRow(state, r, label));
  if (!kids.length) return li;
  const open = state.expanded.has(r.name);
  li.append(
    h(
      'button.kids-toggle',
      {
        type: 'button',
        'aria-expanded': String(open),
        onclick: () => {
          state.toggleExpanded(r.name);
          renderSidebar(el, state);
        },
      },
      `${open ? '▾' : '▸'} ${kids.length} counterfactual run${kids.length === 1 ? '' : 's'}`,
    ),
  );
  if (open)
    li.append(
      h(
        'ul.run-kids',
        {},
        ...kids.map((k) =>
          h('li', {}, runRow(state, k, k.counterfactual ?? k.name.slice(r.name.length + 1))),
        ),
      ),
    );
  return li;
}

/** Ticks or unticks every seed of a configuration; half-ticked when only some are. */
export function groupBox(state: AppState, g: SeedGroup): HTMLInputElement {
  const names = g.runs.map((r) => r.name);
  const ticked = names.filter((n) => state.selected.has(n)).length;
  const box = h('input', {
    type: 'checkbox',
    checked: ticked === names.length,
    'data-group': g.key,
    'aria-label': `show the ${names.length} seeds of ${g.key}`,
    onchange: (e: Event) => state.setSelectedMany(names, (e.target as HTMLInputElement).checked),
  });
  box.indeterminate = ticked > 0 && ticked < names.length;
  return box;
}

/** One configuration: ticked as a whole (half-ticked when some seeds are), opened to its seeds. */
function groupEntry(el: HTMLElement, state: AppState, g: SeedGroup): HTMLElement {
  const names = g.runs.map((r) => r.name);
  const metric = listedMetric(state.sort, state.topLevel());
  const worst = worstRun(g.runs);
  const box = groupBox(state, g);
  const key = `group:${g.key}`;
  const open = state.expanded.has(key);
  const li = h(
    'li.seed-group',
    { 'data-group': g.key },
    h(
      'label.run-row',
      { title: `${g.key} — ${names.length} seeds; worst: ${STATE_TEXT[worst.state]}` },
      box,
      h('span.swatch', { style: `background:${state.groupColor(g.key)}` }),
      h(
        'span.run-label',
        {},
        breakable(g.key),
        h(
          'span.group-stat',
          { title: `${metric}: mean ± std over the seeds` },
          `${METRIC_LABEL[metric] ?? metric} ${aggregate(g.runs, metric)}`,
        ),
      ),
      g.runs.some((r) => !r.finished) ? h('span.live-dot', { title: 'training' }) : null,
      h('span.dot', { class: `sev-${worst.state}`, 'aria-label': STATE_TEXT[worst.state] }),
    ),
    h(
      'button.kids-toggle',
      {
        type: 'button',
        'aria-expanded': String(open),
        onclick: () => {
          state.toggleExpanded(key);
          renderSidebar(el, state);
        },
      },
      `${open ? '▾' : '▸'} ${names.length} seeds`,
    ),
  );
  if (open)
    li.append(
      h(
        'ul.run-kids',
        {},
        ...g.runs.map((r) =>
          runEntry(el, state, r, r.config.seed === undefined ? r.name : `seed ${r.config.seed}`),
        ),
      ),
    );
  return li;
}

export function renderSidebar(el: HTMLElement, state: AppState): void {
  const active = document.activeElement;
  const hadFocus = active instanceof HTMLInputElement && active.classList.contains('run-filter');
  const caret = hadFocus ? (active as HTMLInputElement).selectionStart : null;
  clear(el);
  const top = state.visibleTop();
  const filter = h('input.run-filter', {
    type: 'search',
    value: state.filter,
    placeholder: 'filter: name, lr=1e-3, init~normal',
    'aria-label': 'filter runs by name or setting',
    title:
      'Terms must all match: text matches the name or any setting; key=value, key~text, key<number, key>number; -term negates',
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => state.setFilter(filter.value), 200);
  });
  const groups = state.groupSeeds ? bySeedGroup(top) : null;
  const list = h(
    'ul.run-list',
    {},
    ...(groups
      ? sortGroups(groups, state.sort).map((g) =>
          g.runs.length > 1 ? groupEntry(el, state, g) : runEntry(el, state, g.runs[0], g.runs[0].name),
        )
      : top.map((r) => runEntry(el, state, r, r.name))),
  );
  const total = state.topLevel().length;
  el.append(
    h(
      'div.side-head',
      {},
      h('strong', {}, `Runs`),
      h('span.side-count', {}, top.length === total ? `${total}` : `${top.length} of ${total}`),
      h(
        'button',
        { type: 'button', onclick: () => state.setAll(true), title: 'tick every listed run' },
        'all',
      ),
      h(
        'button',
        { type: 'button', onclick: () => state.setAll(false), title: 'untick every listed run' },
        'none',
      ),
    ),
    filter,
  );
  if (state.hasSeedGroups())
    el.append(
      h(
        'label.group-toggle',
        {},
        h('input', {
          type: 'checkbox',
          checked: state.groupSeeds,
          onchange: (e: Event) => state.setGroupSeeds((e.target as HTMLInputElement).checked),
        }),
        groups ? ` group seeds (${groups.length} configurations)` : ' group seeds (mean ± band)',
      ),
    );
  el.append(
    top.length ? list : h('p.empty', {}, state.filter ? 'No run matches the filter.' : 'No runs yet.'),
  );
  if (hadFocus) {
    filter.focus();
    if (caret !== null) filter.setSelectionRange(caret, caret);
  }
}
