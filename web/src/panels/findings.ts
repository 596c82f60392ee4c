/** Doctor findings of the selected runs, each linking to the chart that shows its evidence. */
import type { Finding } from '../../../src/doctor/types.js';
import { clear, h } from '../dom.js';
import { fmt } from '../format.js';
import { emptyNote } from './common.js';
import type { Panel, PanelContext, PanelView } from './types.js';

/** The view that draws a tag: scalars or histograms, by what the run recorded. */
async function evidenceLink(ctx: PanelContext, run: string, tag: string): Promise<HTMLElement> {
  const tags = await ctx.api.tags(run).catch(() => null);
  const view = tags?.histograms.includes(tag) ? 'histograms' : 'scalars';
  const known = tags ? tags.histograms.includes(tag) || tags.scalars.includes(tag) : false;
  return h(
    'a.evidence',
    {
      href: `#/${view}?tag=${encodeURIComponent(tag)}&run=${encodeURIComponent(run)}`,
      title: known ? `open the ${view} chart` : 'this run did not record the tag',
      onclick: () => ctx.state.setSelected(run, true),
    },
    `evidence: ${tag} →`,
  );
}

export async function findingCard(ctx: PanelContext, run: string, f: Finding): Promise<HTMLElement> {
  const where = [f.where.layer, f.where.label].filter(Boolean).join(' · ');
  return h(
    'article.finding',
    { class: `sev-${f.severity}`, 'data-finding': f.id },
    h(
      'header',
      {},
      h('span.badge', { class: `sev-${f.severity}` }, f.severity),
      h('strong', {}, f.id),
      where ? h('span.where', {}, where) : null,
      h('span.step', {}, `since step ${f.step}`),
    ),
    h('p', {}, f.explanation),
    h(
      'div.evidence-kv',
      {},
      ...Object.entries(f.evidence).map(([k, v]) =>
        h('span', {}, h('em', {}, k), ' ', typeof v === 'number' ? fmt(v) : v),
      ),
    ),
    h('p.fix', {}, 'fix: ', h('code', {}, f.fix.text)),
    f.tag ? await evidenceLink(ctx, run, f.tag) : null,
  );
}

export const findingsPanel: Panel = {
  id: 'findings',
  title: 'Findings',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const only = ctx.params.get('run');
    const render = async () => {
      const runs = only ? ctx.state.runs.filter((r) => r.name === only) : ctx.state.selectedRuns();
      const blocks: HTMLElement[] = [];
      for (const r of runs) {
        const res = await ctx.api.findings(r.name).catch(() => null);
        const title = h(
          'h3',
          {},
          h('span.swatch', { style: `background:${ctx.state.color(r.name)}` }),
          r.name,
        );
        if (!res || res.source === 'none') {
          blocks.push(
            h(
              'section.findings',
              {},
              title,
              emptyNote('No doctor report for this run (run `trainscope doctor` on it).'),
            ),
          );
          continue;
        }
        const cards = await Promise.all(res.findings.map((f) => findingCard(ctx, r.name, f)));
        blocks.push(
          h(
            'section.findings',
            {},
            title,
            cards.length ? cards : emptyNote('No problems found.'),
            res.notChecked.length
              ? h(
                  'details.not-checked',
                  {},
                  h('summary', {}, `${res.notChecked.length} checks could not run`),
                  h(
                    'ul',
                    {},
                    ...res.notChecked.map((n) => h('li', {}, h('code', {}, n.id), ` — ${n.reason}`)),
                  ),
                )
              : null,
          ),
        );
      }
      clear(el);
      if (only)
        el.append(
          h('p.hint', {}, `Showing ${only} only. `, h('a', { href: '#/findings' }, 'Show all selected runs')),
        );
      if (!runs.length) el.append(emptyNote('Select runs on the left.'));
      el.append(...blocks);
    };
    const off = ctx.state.onChange(render);
    render();
    return { refresh: () => render(), destroy: off };
  },
};
