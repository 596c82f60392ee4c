import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { demoRuns } from '../board/testing/fixtures.js';

/**
 * The product's promise, end to end (≈ 30 s): on the built-in data the story's table really
 * shows — std-1 + dropout collapses, std-1 alone still learns, Glorot + dropout is best — and
 * the doctor's verdict names the initialisation, not dropout.
 */
test('the demo retells the story: the collapse, its evidence and the verdict', async () => {
  // `trainscope demo --no-board` run once per build and shared with the board's browser tests
  const r = await demoRuns();
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(r.logdir, 'results.json'), 'utf8'));
  const row = (init: string, dropout: number) =>
    results.rows.find(
      (x: { assignment: Record<string, unknown> }) =>
        x.assignment.init === init && Number(x.assignment.dropout) === dropout,
    );
  const auc = (x: { metrics: Record<string, { mean: number }> }) => x.metrics.roc_auc_macro.mean;
  const collapsed = row('truncated_normal:1', 0.5);
  assert.equal(collapsed.collapsed, 1, 'std-1 + dropout predicts every label constantly');
  assert.ok(Math.abs(auc(collapsed) - 0.5) < 0.01, `collapsed macro AUC ${auc(collapsed)}`);
  assert.ok(auc(row('truncated_normal:1', 0)) > 0.6, 'std-1 without dropout still learns');
  const best = row('glorot_uniform', 0.5);
  for (const other of results.rows) assert.ok(auc(best) >= auc(other), 'Glorot + dropout is best');
  assert.match(r.stdout, /COLLAPSED/);
  assert.match(r.stdout, /What the histograms show/);
  assert.match(r.stdout, /Verdict: initialisation, not dropout/);
});
