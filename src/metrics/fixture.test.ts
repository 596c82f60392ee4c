import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sharedFile } from '../testing/shared.js';
import { computeReport } from './report.js';
import { binarize } from './thresholded.js';
import { METRIC_KEYS } from './types.js';

/** scikit-learn 1.2 outputs for every metric (../shared/fixtures, never copied into the repo). */
const FIXTURE = sharedFile('fixtures/multilabel-metrics.json');
const { skip } = FIXTURE;

interface Case {
  name: string;
  y_true: number[][];
  y_score: number[][];
  y_pred: number[][];
  expected: Record<string, number | number[] | { error: string }>;
}
const fixture = (skip ? { threshold: 0.5, cases: [] } : JSON.parse(readFileSync(FIXTURE.path, 'utf8'))) as {
  threshold: number;
  cases: Case[];
};

function load(c: Case) {
  const nRows = c.y_true.length;
  const nLabels = c.y_true[0].length;
  return {
    yTrue: Uint8Array.from(c.y_true.flat()),
    probabilities: Float64Array.from(c.y_score.flat()),
    nRows,
    nLabels,
    labelNames: Array.from({ length: nLabels }, (_, l) => `L${l}`),
    threshold: fixture.threshold,
  };
}

const close = (a: number | null, b: number, where: string) => {
  assert.ok(a !== null, `${where}: undefined, expected ${b}`);
  assert.ok(Math.abs(a - b) <= 1e-9, `${where}: got ${a}, expected ${b} (diff ${Math.abs(a - b)})`);
};

test('the fixture has every metric key, in our order', { skip }, () => {
  assert.ok(fixture.cases.length >= 10);
  for (const c of fixture.cases) assert.deepEqual(Object.keys(c.expected), [...METRIC_KEYS], c.name);
});

test('every case, every metric equals scikit-learn 1.2 to 1e-9 (undefined where it refuses)', {
  skip,
}, () => {
  let checked = 0;
  let refused = 0;
  for (const c of fixture.cases) {
    const input = load(c);
    assert.deepEqual(
      binarize(input.probabilities, fixture.threshold),
      Uint8Array.from(c.y_pred.flat()),
      `${c.name}: threshold rule`,
    );
    const report = computeReport(input);
    assert.deepEqual(Object.keys(report.metrics), [...METRIC_KEYS]);
    for (const [key, want] of Object.entries(c.expected)) {
      const got = report.metrics[key as keyof typeof report.metrics];
      const reason = report.undefined_reasons[key as keyof typeof report.undefined_reasons];
      const where = `${c.name} ${key}`;
      if (typeof want === 'number') {
        close(got as number | null, want, where);
        checked++;
      } else if (Array.isArray(want)) {
        assert.ok(Array.isArray(got), where);
        assert.equal(got.length, want.length, where);
        want.forEach((w, l) => {
          close(got[l], w, `${where}[${l}]`);
        });
        checked += want.length;
      } else {
        // scikit-learn raised: the value (or at least one label's value) is undefined with a reason.
        assert.match(want.error, /./);
        if (Array.isArray(got)) {
          assert.ok(Array.isArray(reason), `${where}: per-label reasons`);
          assert.ok(got.includes(null), `${where}: some label must be undefined`);
          got.forEach((v, l) => {
            assert.equal(v === null, typeof reason[l] === 'string', `${where}[${l}]`);
          });
        } else {
          assert.equal(got, null, `${where}: must be undefined, got ${got}`);
          assert.equal(typeof reason, 'string', where);
          assert.ok((reason as string).length > 10, where);
        }
        refused++;
      }
    }
  }
  assert.ok(checked >= 800 && refused === 19, `checked ${checked}, refused ${refused}`);
});

test('a label with one class: only that label is undefined, macro and weighted follow scikit-learn', {
  skip,
}, () => {
  const c = fixture.cases.find((x) => x.name === 'label-never-positive')!;
  const report = computeReport(load(c));
  assert.deepEqual(
    report.metrics.roc_auc_per_label.map((v) => v === null),
    [false, false, true, false],
  );
  assert.equal(report.undefined_reasons.roc_auc_per_label?.[2], "label 'L2' has only negative samples");
  assert.equal(report.metrics.roc_auc_macro, null);
  assert.equal(report.metrics.roc_auc_weighted, null);
  assert.match(report.undefined_reasons.roc_auc_macro!, /L2' has only negative samples/);
  assert.ok(report.warnings.some((w) => /L2' has no positive samples/.test(w)));
  const always = computeReport(load(fixture.cases.find((x) => x.name === 'label-always-positive')!));
  assert.equal(always.undefined_reasons.roc_auc_per_label?.[1], "label 'L1' has only positive samples");
});
