/**
 * One card per doctor rule, however many layers or labels it fired on: severity, where, since
 * when, what it means, the numbers per place, the fix, and a link to the chart with the evidence.
 */
import type { FindingGroup } from '../../../src/board/api-types.js';
import { h } from '../dom.js';
import { fmt } from '../format.js';
import type { PanelContext } from './types.js';

/** The view that draws a tag (histograms or scalars), by what the run recorded. */
export async function evidenceHref(
  ctx: PanelContext,
  run: string,
  tag: string,
): Promise<{ href: string; known: boolean }> {
  const tags = await ctx.api.tags(run).catch(() => null);
  const view = tags?.histograms.includes(tag) ? 'histograms' : 'scalars';
  const known = tags ? tags.histograms.includes(tag) || tags.scalars.includes(tag) : false;
  return { href: `#/${view}?tag=${encodeURIComponent(tag)}&run=${encodeURIComponent(run)}`, known };
}

export async function evidenceLink(
  ctx: PanelContext,
  run: string,
  tag: string,
  text?: string,
): Promise<HTMLElement> {
  const { href, known } = await evidenceHref(ctx, run, tag);
  return h(
    'a.evidence',
    {
      href,
      title: known ? 'open the chart' : 'this run did not record the tag',
      onclick: () => {
        if (!ctx.state.selected.has(run)) ctx.state.setSelected(run, true);
      },
    },
    text ?? `evidence: ${tag} →`,
  );
}

function evidenceRow(evidence: Record<string, number | string>): HTMLElement {
  return h(
    'span.evidence-kv',
    {},
    ...Object.entries(evidence).map(([k, v]) =>
      h('span', {}, h('em', {}, k.replace(/_/g, ' ')), ' ', typeof v === 'number' ? fmt(v) : v),
    ),
  );
}

export async function findingGroupCard(
  ctx: PanelContext,
  run: string,
  g: FindingGroup,
  opts: { cleared?: boolean; sinceText?: (step: number) => string } = {},
): Promise<HTMLElement> {
  const places = g.places.length ? g.places.join(', ') : 'whole run';
  const since = opts.sinceText ? opts.sinceText(g.step) : `step ${g.step}`;
  const perPlace =
    g.findings.length > 1
      ? h(
          'table.places',
          {},
          h(
            'tbody',
            {},
            ...g.findings.map((f) =>
              h(
                'tr',
                {},
                h('th', {}, [f.where.layer, f.where.label].filter(Boolean).join(' ') || '—'),
                h('td', {}, evidenceRow(f.evidence)),
              ),
            ),
          ),
        )
      : g.findings[0]
        ? h('div', {}, evidenceRow(g.findings[0].evidence))
        : null;
  const tag = g.tag ?? g.findings.find((f) => f.tag)?.tag;
  return h(
    'article.finding',
    { class: `sev-${g.severity}${opts.cleared ? ' cleared' : ''}`, 'data-finding': g.id },
    h(
      'header',
      {},
      h('span.badge', { class: `sev-${g.severity}` }, opts.cleared ? `${g.severity}, cleared` : g.severity),
      h('strong', {}, g.id),
      h('span.where', {}, g.findings.length > 1 ? `${g.findings.length} places: ${places}` : places),
      h(
        'span.step',
        {},
        opts.cleared
          ? `held from ${since}${g.clearedStep !== undefined ? `; cleared at ${opts.sinceText ? opts.sinceText(g.clearedStep) : `step ${g.clearedStep}`}` : ''}`
          : `since ${since}`,
      ),
    ),
    h('p', {}, g.explanation),
    perPlace,
    h('p.fix', {}, 'fix: ', h('code', {}, g.fix.text)),
    tag ? await evidenceLink(ctx, run, tag) : null,
  );
}
