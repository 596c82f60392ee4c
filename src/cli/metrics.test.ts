import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedFile } from '../testing/shared.js';

// End to end: the real launcher on temp files (needs `npx tsc -p .` first, like every test here).
const BIN = fileURLToPath(new URL('../../../bin/trainscope.js', import.meta.url));
const FIXTURE = sharedFile('fixtures/multilabel-metrics.json');
const dir = mkdtempSync(join(tmpdir(), 'trainscope-metrics-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const csv = (rows: number[][], header?: string[]) =>
  (header ? `${header.join(',')}\n` : '') + rows.map((r) => r.map(String).join(',')).join('\n') + '\n';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'metrics', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A user error: non-zero exit, exactly one line on stderr, no stack trace, matching `re`. */
function failsWith(args: string[], re: RegExp) {
  const r = run(...args);
  assert.notEqual(r.code, 0, `should fail: ${args.join(' ')}`);
  assert.equal(r.out, '');
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.err}`);
  assert.doesNotMatch(r.err, /\n\s+at /);
  assert.match(lines[0], re);
}

const truth = file(
  'truth.csv',
  csv(
    [
      [1, 0, 1],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ],
    ['a', 'b', 'c'],
  ),
);
const scores = file(
  'scores.csv',
  csv([
    [0.9, 0.2, 0.6],
    [0.1, 0.7, 0.4],
    [0.8, 0.4, 0.3],
    [0.3, 0.1, 0.9],
  ]),
);

test('metrics --json on a fixture case written as CSV equals scikit-learn to 1e-9', {
  skip: FIXTURE.skip,
}, () => {
  const fixture = JSON.parse(readFileSync(FIXTURE.path, 'utf8'));
  const c = fixture.cases.find((x: { name: string }) => x.name === 'label-never-positive');
  const names = c.y_true[0].map((_: number, l: number) => `lab${l}`);
  const r = run(
    '--truth',
    file('t.csv', csv(c.y_true, names)),
    '--scores',
    file('s.csv', csv(c.y_score)),
    '--json',
  );
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.deepEqual(report.label_names, names);
  for (const [key, want] of Object.entries(c.expected)) {
    const got = report.metrics[key];
    if (typeof want === 'number') assert.ok(Math.abs(got - want) <= 1e-9, `${key}: ${got} vs ${want}`);
    else if (Array.isArray(want))
      for (const [l, w] of want.entries()) assert.ok(Math.abs(got[l] - w) <= 1e-9, `${key}[${l}]`);
    else assert.ok(got === null || got.includes(null), `${key} must be undefined`);
  }
  assert.equal(report.undefined_reasons.roc_auc_per_label[2], "label 'lab2' has only negative samples");
});

test('metrics prints the story numbers first, the label table, and n/a with reasons', () => {
  const r = run('--truth', truth, '--scores', scores);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  const story = lines.indexOf('Story metrics');
  assert.match(lines[story + 1], /^ {2}ROC AUC micro +0\.9861$/);
  assert.match(lines[story + 8], /^ {2}recall weighted +0\.8333$/);
  assert.match(r.out, /\n {2}b +2 +0\.5000 +0\.2500 /);
  const oneClass = file(
    'one-class.csv',
    csv([
      [1, 0, 1],
      [0, 0, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]),
  );
  const n = run('--truth', oneClass, '--scores', scores);
  assert.match(n.out, /ROC AUC macro +n\/a \(.*label 'label2' has only negative samples/);
});

test('--logits ranks by the logits and thresholds sigmoid(logit) at the threshold', () => {
  // Saturated logits: float32 sigmoids would all be 1, the logits still rank perfectly.
  const logits = file(
    'logits.csv',
    csv([
      [900, -5, 3],
      [-900, 800, -4],
      [700, 600, -7],
      [-800, -600, 5],
    ]),
  );
  const r = run('--truth', truth, '--scores', logits, '--logits', '--json', '--threshold', '0.5');
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.equal(report.ranking_scores, 'logits');
  assert.equal(report.metrics.roc_auc_macro, 1);
  assert.deepEqual(report.metrics.recall_per_label, [1, 1, 1]);
  // float64 sigmoid: ±700…900 and -800 saturate exactly; sigmoid(-600) ≈ 3e-261 does not.
  assert.equal(report.probabilities_exact_0_or_1, 6 / 12);
});

test('--help prints usage and exits 0', () => {
  const r = run('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /--truth FILE/);
  assert.match(r.out, /--logits/);
});

test('bad input: one line naming the file, the line and what is wrong', () => {
  const t = truth;
  failsWith(['--scores', scores], /missing --truth/);
  failsWith(['--truth', t, '--scores', scores, '--frobnicate'], /Unknown option '--frobnicate'/);
  failsWith(['--truth', t, '--scores', scores, '--threshold', '2'], /--threshold: .* got '2'/);
  failsWith(['--truth', t, '--scores', join(dir, 'missing.csv')], /missing\.csv: no such file$/);
  const twoCols = file(
    'two.csv',
    csv([
      [0.1, 0.2],
      [0.3, 0.4],
      [0.5, 0.6],
      [0.7, 0.8],
    ]),
  );
  failsWith(['--truth', t, '--scores', twoCols], /two\.csv:1: 2 columns, but .*truth\.csv has 3 labels/);
  const short = file('short.csv', csv([[0.1, 0.2, 0.3]]));
  failsWith(
    ['--truth', t, '--scores', short],
    /truth\.csv:3: data row 2 has no counterpart: .*short\.csv has only 1 data rows/,
  );
  const ragged = file('ragged.csv', '0.1,0.2,0.3\n0.4,0.5\n');
  failsWith(['--truth', t, '--scores', ragged], /ragged\.csv:2: 2 values, expected 3/);
  const word = file('word.csv', '0.1,0.2,0.3\n0.4,high,0.6\n');
  failsWith(['--truth', t, '--scores', word], /word\.csv:2: column 2: 'high' is not a number$/);
  const nan = file('nan.csv', 'a,b,c\n0.1,0.2,0.3\n0.4,0.5,NaN\n');
  failsWith(['--truth', t, '--scores', nan], /nan\.csv:3: column 3 \('c'\): 'NaN' is not a number \(nan\)$/);
  const two = file('truth2.csv', 'a,b,c\n1,0,1\n0,2,0\n');
  failsWith(['--truth', two, '--scores', scores], /truth2\.csv:3: column 2 \('b'\): '2' is not 0 or 1/);
  const big = file('big.csv', '0.1,0.2,0.3\n0.4,1.5,0.6\n0.1,0.2,0.3\n0.1,0.2,0.3\n');
  failsWith(
    ['--truth', t, '--scores', big],
    /big\.csv:2: column 2: '1\.5' is not a probability in \[0, 1\] \(pass --logits/,
  );
  const renamed = file(
    'renamed.csv',
    `a,x,c\n${csv([
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
      [0.1, 0.2, 0.3],
      [0.1, 0.2, 0.3],
    ])}`,
  );
  failsWith(
    ['--truth', t, '--scores', renamed],
    /renamed\.csv:1: column 2 is 'x', but .*truth\.csv calls it 'b'/,
  );
});
