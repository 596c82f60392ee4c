/** The run selector shown beside every view: tick runs to show them, colours match the charts. */
import { clear, h } from './dom.js';
import type { AppState } from './state.js';

export function renderSidebar(el: HTMLElement, state: AppState): void {
  clear(el);
  const list = h(
    'ul.run-list',
    {},
    ...state.runs.map((r) =>
      h(
        'li',
        { title: r.name },
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            checked: state.selected.has(r.name),
            onchange: (e: Event) => state.setSelected(r.name, (e.target as HTMLInputElement).checked),
          }),
          h('span.swatch', { style: `background:${state.color(r.name)}` }),
          h('span.run-label', {}, r.name),
          h('span.dot', { class: `sev-${r.doctor.status}`, title: `doctor: ${r.doctor.status}` }),
        ),
      ),
    ),
  );
  el.append(
    h(
      'div.side-head',
      {},
      h('strong', {}, `Runs (${state.runs.length})`),
      h('button', { onclick: () => state.setAll(true) }, 'all'),
      h('button', { onclick: () => state.setAll(false) }, 'none'),
    ),
    list,
  );
}
