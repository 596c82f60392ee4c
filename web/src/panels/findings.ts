/**
 * The doctor's findings for each shown run (counterfactual runs included when ticked): one card
 * per rule, fatal first, each linking to the chart with its evidence; findings that cleared are
 * history; what could not be checked is listed. While a run trains, findings appear as the
 * trainer writes them.
 */
import { sinceText } from '../../../src/board/since.js';
import { clear, h } from '../dom.js';
import { emptyNote } from './common.js';
import { findingGroupCard } from './finding-card.js';
import type { Panel, PanelContext, PanelView } from './types.js';

export const findingsPanel: Panel = {
  id: 'findings',
  title: 'Findings',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const only = ctx.params.get('run');
    let generation = 0;
    const render = async () => {
      const mine = ++generation;
      const order = { collapsed: 0, fatal: 1, warning: 2, unchecked: 3, ok: 4 } as const;
      const runs = only
        ? ctx.state.runs.filter((r) => r.name === only)
        : ctx.state.shownRuns().sort((a, b) => order[a.state] - order[b.state]);
      const blocks: HTMLElement[] = [];
      for (const r of runs) {
        const hl = await ctx.api.health(r.name).catch(() => null);
        const title = h(
          'h3',
          {},
          h('span.swatch', { style: `background:${r.color}` }),
          r.counterfactual ? `${r.parent} · ${r.counterfactual}` : r.name,
          r.finished ? null : h('span.live', { title: 'findings appear while it trains' }, 'training'),
        );
        if (!hl || hl.doctorSource === 'none') {
          blocks.push(
            h(
              'section.findings',
              { 'data-run': r.name },
              title,
              emptyNote('Not checked: no doctor report for this run (run `trainscope doctor` on it).'),
            ),
          );
          continue;
        }
        const since = (s: number) => sinceText(s, hl.clock);
        const cards = await Promise.all(
          hl.groups.map((g) => findingGroupCard(ctx, r.name, g, { sinceText: since })),
        );
        const cleared = await Promise.all(
          hl.cleared.map((g) => findingGroupCard(ctx, r.name, g, { cleared: true, sinceText: since })),
        );
        blocks.push(
          h(
            'section.findings',
            { 'data-run': r.name },
            title,
            cards.length
              ? cards
              : emptyNote(hl.finished ? 'No problems found.' : 'No problems found so far.'),
            cleared.length
              ? h(
                  'details.cleared',
                  {},
                  h('summary', {}, `${cleared.length} cleared since (history)`),
                  ...cleared,
                )
              : null,
            hl.notChecked.length
              ? h(
                  'details.not-checked',
                  {},
                  h('summary', {}, `${hl.notChecked.length} checks could not run`),
                  h(
                    'ul',
                    {},
                    ...hl.notChecked.map((n) => h('li', {}, h('code', {}, n.id), ` — ${n.reason}`)),
                  ),
                )
              : null,
          ),
        );
      }
      if (mine !== generation) return;
      clear(el);
      if (only)
        el.append(
          h('p.hint', {}, `Showing ${only} only. `, h('a', { href: '#/findings' }, 'Show all shown runs')),
        );
      if (!runs.length) el.append(emptyNote('Tick runs on the left.'));
      el.append(...blocks);
    };
    const off = ctx.state.onChange(render);
    render();
    return { refresh: () => render(), destroy: off };
  },
};
