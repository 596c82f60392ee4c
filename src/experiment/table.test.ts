import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregate, stat, type TrialEntry } from './aggregate.js';
import { expandGrid, seedAxis } from './grid.js';
import type { TrialOutcome } from './results.js';
import { renderCsv, renderMarkdown, renderTerminal } from './table.js';

test('stat: mean and sample std, nulls ignored', () => {
  assert.deepEqual(stat([]), { mean: null, std: null, n: 0 });
  assert.deepEqual(stat([0.5]), { mean: 0.5, std: 0, n: 1 });
  const s = stat([1, 2, 3, null]);
  assert.equal(s.mean, 2);
  assert.equal(s.std, 1);
  assert.equal(s.n, 3);
});

function outcome(auc: number, collapsed: boolean, verdict: string | null): TrialOutcome {
  return {
    metrics: {
      roc_auc_micro: auc,
      roc_auc_macro: collapsed ? 0.5 : auc,
      precision_micro: 0.4,
      precision_macro: 0.4,
      precision_weighted: 0.4,
      recall_micro: collapsed ? 1 : 0.6,
      recall_macro: 0.6,
      recall_weighted: 0.6,
    },
    predictedPositiveRate: collapsed ? 1 : 0.3,
    labelPositiveRates: collapsed ? [1, 1] : [0.3, 0.3],
    collapsed,
    verdict,
    verdictSummary: verdict ? `${verdict} summary` : null,
  };
}

const trials = expandGrid(
  {
    name: 'story',
    base: {},
    axes: [
      { field: 'init', values: ['truncated_normal:1', 'glorot_uniform'] },
      { field: 'dropout', values: [0, 0.5] },
      seedAxis(2),
    ],
  },
  'runs',
);

function table() {
  const entries: TrialEntry[] = trials.map((trial) => {
    const std1 = trial.assignment.init === 'truncated_normal:1';
    const drop = trial.assignment.dropout === 0.5;
    const seed = trial.assignment.seed as number;
    if (!std1 && !drop && seed === 2) return { trial, status: 'failed', error: 'boom' };
    const auc = std1 ? (drop ? 0.5 : 0.75 + seed / 100) : 0.9 + (drop ? 0.02 : 0) + seed / 100;
    return { trial, status: 'done', outcome: outcome(auc, std1 && drop, std1 ? 'initialisation' : null) };
  });
  return aggregate('story', entries);
}

test('aggregate: one row per configuration, mean ± std over seeds, failures counted', () => {
  const t = table();
  assert.deepEqual(
    t.rows.map((r) => r.label),
    [
      'init=truncated_normal:1, dropout=0',
      'init=truncated_normal:1, dropout=0.5',
      'init=glorot_uniform, dropout=0',
      'init=glorot_uniform, dropout=0.5',
    ],
  );
  const [a, b, c, d] = t.rows;
  assert.ok(Math.abs(a.metrics.roc_auc_micro.mean! - 0.765) < 1e-12);
  assert.ok(Math.abs(a.metrics.roc_auc_micro.std! - Math.SQRT1_2 / 100) < 1e-12);
  assert.equal(b.collapsed, 2);
  assert.equal(b.verdict, 'initialisation');
  assert.equal(b.verdictCount, 2);
  assert.equal(c.done, 1);
  assert.equal(c.failed, 1);
  assert.equal(c.trials[1].error, 'boom');
  assert.equal(c.metrics.roc_auc_micro.n, 1);
  assert.equal(d.verdict, null);
});

test('rendering: collapsed rows stand out, best row marked, CSV and Markdown complete', () => {
  const t = table();
  const term = renderTerminal(t).split('\n');
  assert.equal(term.length, 2 + 4 + 1);
  assert.match(
    term[3],
    /^init=truncated_normal:1, dropout=0\.5 +2\/2 +0\.500±\.000 .*initialisation \(2\/2\) +COLLAPSED 2\/2$/,
  );
  assert.match(term[5], /^init=glorot_uniform, dropout=0\.5 .*0\.935±\.007.* best$/);
  assert.match(term[4], /1\/2 1 failed/);
  assert.ok(renderTerminal(t, { color: true }).includes('\x1b[1;31minit=truncated_normal:1, dropout=0.5'));

  const md = renderMarkdown(t);
  assert.match(
    md,
    /\| \*\*`init=truncated_normal:1, dropout=0\.5`\*\* \| \*\*2\/2\*\* \| \*\*0\.500 ± 0\.000\*\*/,
  );
  assert.match(md, /\| ROC AUC micro \| ROC AUC macro \| Precision micro/);

  const csv = renderCsv(t).trim().split('\n');
  assert.equal(csv.length, 5);
  const header = csv[0].split(',');
  assert.deepEqual(header.slice(0, 3), ['configuration', 'init', 'dropout']);
  const row = splitCsv(csv[2]);
  const cells = Object.fromEntries(header.map((h, i) => [h, row[i]]));
  assert.equal(cells.configuration, 'init=truncated_normal:1, dropout=0.5');
  assert.equal(cells.init, 'truncated_normal:1');
  assert.equal(cells.collapsed_seeds, '2');
  assert.equal(cells.doctor_verdict, 'initialisation');
  assert.equal(Number(cells.roc_auc_micro_mean), 0.5);
});

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
