/**
 * The first view: each shown run's health at the top, worst first. A card says what is wrong
 * (collapsed, failing, worse than it should be), the cause (confirmed by the counterfactual runs
 * when `doctor --explain` ran, with their ranked table), since when, the four numbers that prove
 * it — each a link to its chart — the fix, and the findings grouped by rule. Below, every shown
 * run's numbers side by side, so a healthy run's 64% stands next to a broken run's 14%.
 */
import type { HealthNumber, HealthResponse, HealthState, RunSummary } from '../../../src/board/api-types.js';
import { naturalCompare } from '../../../src/board/natural-order.js';
import { sinceText } from '../../../src/board/since.js';
import { breakable, clear, h } from '../dom.js';
import { emptyNote, showError } from './common.js';
import { evidenceHref, findingGroupCard } from './finding-card.js';
import type { Panel, PanelContext, PanelView } from './types.js';

export const STATE_LABEL: Record<HealthState, string> = {
  collapsed: 'collapsed',
  fatal: 'fatal',
  warning: 'warning',
  ok: 'no problem found',
  unchecked: 'not checked',
};

const STATE_RANK: Record<HealthState, number> = { collapsed: 0, fatal: 1, warning: 2, unchecked: 3, ok: 4 };

/** How many runs get a full card; the rest are rows of the table below. */
const MAX_CARDS = 6;

function fmtSigned(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
}

async function numberTile(ctx: PanelContext, run: string, n: HealthNumber): Promise<HTMLElement> {
  const inner = [
    h('span.num-label', {}, n.label),
    h('strong.num-value', {}, n.text),
    h('span.num-detail', {}, n.detail),
  ];
  const attrs = { 'data-key': n.key, class: n.flagged ? 'flagged' : '', title: n.detail };
  if (!n.tag) return h('li.number', attrs, ...inner);
  const { href } = await evidenceHref(ctx, run, n.tag);
  return h(
    'li.number',
    attrs,
    h('a', { href, 'aria-label': `${n.label} ${n.text}: open the chart` }, ...inner),
  );
}

function copyButton(text: string): HTMLElement {
  const b = h('button.copy', { type: 'button', title: 'copy the command' }, 'copy');
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      b.textContent = 'copied';
    } catch {
      const sel = window.getSelection();
      const code = b.previousElementSibling;
      if (sel && code) sel.selectAllChildren(code);
      b.textContent = 'selected: press Ctrl+C';
    }
  });
  return b;
}

function explainTable(ctx: PanelContext, hl: HealthResponse): HTMLElement | null {
  const ex = hl.explain;
  if (!ex) return null;
  const row = (rank: string, r: (typeof ex.ranked)[number], baseline = false) => {
    const child = r.run ? ctx.state.get(r.run) : undefined;
    return h(
      'tr',
      { class: baseline ? 'baseline' : rank === '1' && ex.cause ? 'winner' : '' },
      h('td.num', {}, rank),
      h(
        'td',
        {},
        child ? h('span.swatch', { style: `background:${child.color}` }) : null,
        baseline ? 'baseline (as configured)' : r.label,
      ),
      h('td.num', {}, r.valAuc === null ? '—' : r.valAuc.toFixed(3)),
      h('td.num', {}, baseline ? '' : fmtSigned(r.deltaAuc)),
      h('td', {}, r.symptomPresent ? 'present' : ex.baseline.symptomPresent ? 'gone' : 'absent'),
      h('td.num', {}, String(r.serious.length)),
      h(
        'td',
        {},
        r.run
          ? h(
              'label.show-run',
              {},
              h('input', {
                type: 'checkbox',
                checked: ctx.state.selected.has(r.run),
                'aria-label': `show the short run '${r.label}' in the charts`,
                onchange: (e: Event) => ctx.state.setSelected(r.run!, (e.target as HTMLInputElement).checked),
              }),
              ' in charts',
            )
          : '—',
      ),
    );
  };
  return h(
    'details.explain',
    { open: true },
    h(
      'summary',
      {},
      `Counterfactual runs (${ex.ranked.length + 1}, same seed, one change each): ranked by effect`,
    ),
    h(
      'table.explain-table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[
            'rank',
            'change',
            'val AUC macro',
            'ΔAUC',
            `symptom '${ex.symptom}'`,
            'serious findings',
            'run',
          ].map((t, i) => h(i === 0 || i === 2 || i === 3 || i === 5 ? 'th.num' : 'th', {}, t)),
        ),
      ),
      h('tbody', {}, row('–', ex.baseline, true), ...ex.ranked.map((r, i) => row(String(i + 1), r))),
    ),
  );
}

async function healthCard(
  ctx: PanelContext,
  r: RunSummary,
  hl: HealthResponse,
  open: boolean,
): Promise<HTMLElement> {
  const v = hl.verdict;
  const counts = { fatal: 0, warning: 0, info: 0 };
  for (const g of hl.groups) counts[g.severity]++;
  const countText = (['fatal', 'warning', 'info'] as const)
    .filter((k) => counts[k])
    .map((k) => `${counts[k]} ${k}`)
    .join(', ');
  const findings = hl.groups.length
    ? h(
        'details.health-findings',
        { open: open && hl.groups.length <= 3 },
        h('summary', {}, `Findings: ${countText} (grouped by rule, fatal first)`),
        ...(await Promise.all(
          hl.groups.map((g) =>
            findingGroupCard(ctx, r.name, g, { sinceText: (s) => sinceText(s, hl.clock) }),
          ),
        )),
        hl.cleared.length
          ? h(
              'details.cleared',
              {},
              h('summary', {}, `${hl.cleared.length} cleared since (history)`),
              ...(await Promise.all(
                hl.cleared.map((g) =>
                  findingGroupCard(ctx, r.name, g, {
                    cleared: true,
                    sinceText: (s) => sinceText(s, hl.clock),
                  }),
                ),
              )),
            )
          : null,
      )
    : null;
  const ran = hl.checked ? `${hl.checked.length} checks ran; ` : '';
  const coverage =
    hl.doctorSource === 'none'
      ? h(
          'p.coverage',
          {},
          'No doctor report for this run: run ',
          h('code', {}, 'trainscope doctor RUN'),
          '.',
        )
      : hl.notChecked.length
        ? h(
            'details.coverage',
            { open: hl.coverage?.sufficient === false },
            h('summary', {}, `${ran}${hl.notChecked.length} could not run (their data was not recorded)`),
            hl.coverage?.note ? h('p', {}, hl.coverage.note) : null,
            h('ul', {}, ...hl.notChecked.map((n) => h('li', {}, h('code', {}, n.id), ` — ${n.reason}`))),
          )
        : hl.checked
          ? h('p.coverage', {}, `All ${hl.checked.length} checks ran.`)
          : null;
  const status = hl.finished
    ? `finished · step ${hl.lastStep.toLocaleString('en')}`
    : `training · step ${hl.lastStep.toLocaleString('en')}`;
  return h(
    'article.health',
    { 'data-run': r.name, 'data-state': hl.state, class: `state-${hl.state}` },
    h(
      'header.health-head',
      {},
      h('span.swatch', { style: `background:${r.color}` }),
      h('h3.health-run', {}, breakable(r.name)),
      h('span.state-badge', { class: `sev-${hl.state}` }, STATE_LABEL[hl.state]),
      h('span.run-status', { class: hl.finished ? '' : 'live' }, status),
    ),
    h('p.headline', {}, hl.headline),
    v.title
      ? h(
          'p.verdict',
          {},
          'Cause: ',
          h('strong.cause', {}, v.title),
          v.confirmed
            ? h('span.confirmed', {}, ` · confirmed by ${hl.explain!.ranked.length + 1} counterfactual runs`)
            : h('span.unconfirmed', {}, ' · the doctor’s diagnosis'),
          v.sinceText ? h('span.since', {}, ` · since ${v.sinceText}`) : null,
        )
      : hl.state === 'ok' || hl.state === 'unchecked'
        ? null
        : // e.g. collapsed by its predictions while no rule of the doctor fired: say so, not nothing
          h(
            'p.verdict.no-cause',
            {},
            'Cause: ',
            h('strong', {}, 'not named'),
            h('span.unconfirmed', {}, ' · none of the doctor’s rules points at one'),
          ),
    v.title ? h('p.verdict-text', {}, v.confirmed ? h('strong', {}, 'Verdict: ') : null, v.text) : null,
    h('ul.numbers', {}, ...(await Promise.all(hl.numbers.map((n) => numberTile(ctx, r.name, n))))),
    v.fix ? h('p.fix', {}, 'Fix: ', h('code', {}, v.fix)) : null,
    explainTable(ctx, hl),
    !hl.explain && hl.explainCommand
      ? h(
          'p.explain-cmd',
          {},
          v.title
            ? 'Is it this cause or another setting (dropout, learning rate)? Counterfactual short runs tell: '
            : 'Which setting is to blame (initialisation, dropout, learning rate)? Counterfactual short runs tell: ',
          h('code', {}, hl.explainCommand),
          copyButton(hl.explainCommand),
        )
      : null,
    findings,
    coverage,
  );
}

function healthRow(r: RunSummary, hl: HealthResponse): HTMLElement {
  const cell = (key: HealthNumber['key']) => {
    const n = hl.numbers.find((x) => x.key === key);
    return h('td.num', { class: n?.flagged ? 'flagged' : '', title: n?.detail ?? '' }, n?.text ?? '—');
  };
  return h(
    'tr',
    { 'data-run': r.name },
    h(
      'td.run-name',
      {},
      h('span.swatch', { style: `background:${r.color}` }),
      h('a', { href: `#/overview?run=${encodeURIComponent(r.name)}` }, r.name),
    ),
    h('td', {}, h('span.state-badge', { class: `sev-${hl.state}` }, STATE_LABEL[hl.state])),
    h('td', {}, hl.verdict.title ?? '—'),
    cell('weights_moved'),
    cell('outputs'),
    cell('dead_last_hidden'),
    cell('auc'),
  );
}

export const overviewPanel: Panel = {
  id: 'overview',
  title: 'Overview',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const only = ctx.params.get('run');
    let generation = 0;
    let drawn = '';
    const render = async () => {
      const mine = ++generation;
      const runs = only
        ? ctx.state.runs.filter((r) => r.name === only)
        : ctx.state.shownRuns().filter((r) => r.parent === undefined);
      const healths = await Promise.all(
        runs.map((r) => ctx.api.health(r.name).catch((e: unknown) => e as Error)),
      );
      if (mine !== generation) return;
      // unchanged health: keep the page as it is (open sections, scroll)
      const key = JSON.stringify([runs.map((r) => [r.name, r.color]), healths, [...ctx.state.selected]]);
      if (key === drawn) return;
      drawn = key;
      const pairs = runs.map((r, i) => ({ r, hl: healths[i] }));
      const ok = pairs.filter((p): p is { r: RunSummary; hl: HealthResponse } => !(p.hl instanceof Error));
      ok.sort(
        (a, b) => STATE_RANK[a.hl.state] - STATE_RANK[b.hl.state] || naturalCompare(a.r.name, b.r.name),
      );
      const problems = ok.filter((p) => p.hl.state !== 'ok');
      const carded = (problems.length ? problems : ok).slice(0, only ? 1 : MAX_CARDS);
      const cards = await Promise.all(carded.map((p, i) => healthCard(ctx, p.r, p.hl, i === 0)));
      if (mine !== generation) return;
      clear(el);
      if (only)
        el.append(
          h('p.hint', {}, `Showing ${only} only. `, h('a', { href: '#/overview' }, 'Show every shown run')),
        );
      if (!runs.length) {
        el.append(
          emptyNote(
            ctx.state.runs.length
              ? 'Tick runs on the left to see their health.'
              : `No runs yet in ${ctx.state.logdir}.`,
          ),
        );
        return;
      }
      el.append(h('div.health-list', {}, ...cards));
      // the board benchmark reads when the first health card is on screen
      if (cards.length && !document.body.dataset.firstHealthMs)
        document.body.dataset.firstHealthMs = String(Math.round(performance.now()));
      for (const p of pairs) if (p.hl instanceof Error) showError(el, p.hl);
      if (ok.length > 1 && !only) {
        el.append(
          h(
            'section.health-table',
            {},
            h('h3', {}, `Every shown run (${ok.length})`),
            h(
              'div.table-wrap',
              {},
              h(
                'table.runs-health',
                {},
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ...[
                      'run',
                      'state',
                      'cause',
                      'weights moved',
                      'outputs',
                      'last hidden dead',
                      'ROC AUC macro',
                    ].map((t, i) => h(i > 2 ? 'th.num' : 'th', {}, t)),
                  ),
                ),
                h('tbody', {}, ...ok.map((p) => healthRow(p.r, p.hl))),
              ),
            ),
          ),
        );
      }
    };
    const off = ctx.state.onChange(() => render());
    render();
    return { refresh: () => render(), destroy: off };
  },
};
