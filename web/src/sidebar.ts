/**
 * The run selector beside every view: a filter (name or settings, see filter.ts), tick runs to
 * show them, counterfactual runs nested under the run they explain, seeds grouped on request.
 * Names wrap instead of being cut; colours match the charts.
 */
import type { RunSummary } from '../../src/board/api-types.js';
import { breakable, clear, h } from './dom.js';
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
  const list = h('ul.run-list');
  for (const r of top) {
    const kids = state.children(r.name);
    const li = h('li', {}, runRow(state, r, r.name));
    if (kids.length) {
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
      if (open) {
        li.append(
          h(
            'ul.run-kids',
            {},
            ...kids.map((k) =>
              h('li', {}, runRow(state, k, k.counterfactual ?? k.name.slice(r.name.length + 1))),
            ),
          ),
        );
      }
    }
    list.append(li);
  }
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
        ' group seeds (mean ± band)',
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
