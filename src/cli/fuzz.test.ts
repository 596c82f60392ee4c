import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { BAD_OUTCOMES, classify } from './testing/fuzz-classify.js';

/**
 * The CLI fuzz corpus (testing/fuzz-corpus.ts: every command with malformed and hostile flags,
 * data files, config files and damaged runs) must give no stack trace, no hang, no exit 0 on
 * bad input and no messy error. Bigger corpora: `node dist/src/cli/testing/fuzz-run.js --seed N --random 1000`.
 */
const RUNNER = new URL('./testing/fuzz-run.js', import.meta.url).pathname;

test('the classifier sees each kind of failure', () => {
  const o = {
    code: 2,
    stdout: '',
    stderr: 'trainscope train: --epochs: expected an integer ≥ 1, got -1\n',
    timedOut: false,
  };
  assert.equal(classify('error', o), 'clean-error');
  assert.equal(classify('error', { ...o, code: 0 }), 'silent');
  assert.equal(classify('error', { ...o, code: 70 }), 'crash');
  assert.equal(classify('error', { ...o, stderr: 'TypeError: x\n    at f (file:///a.js:1:2)\n' }), 'crash');
  assert.equal(classify('error', { ...o, threw: new Error('bug') }), 'crash');
  assert.equal(classify('error', { ...o, stderr: 'two\nlines\n' }), 'messy-error');
  assert.equal(classify('error', { ...o, stderr: `x${'9'.repeat(2000)}\n` }), 'messy-error');
  assert.equal(classify('error', { ...o, stderr: 'name \u001b[31mred\n' }), 'messy-error');
  assert.equal(classify('error', { ...o, stderr: '' }), 'messy-error');
  assert.equal(classify('error', { ...o, timedOut: true }), 'hang');
  assert.equal(classify('ok', { ...o, code: 0 }), 'ok');
  assert.equal(classify('ok', o), 'failed-control');
  assert.equal(classify('warn', { ...o, code: 0, stderr: 'note: runs/x: unfinished run\n' }), 'warned');
  assert.equal(classify('warn', { ...o, code: 0, stderr: '' }), 'silent');
});

test('CLI fuzz corpus: no crash, no hang, no silent acceptance, every error one clean line', () => {
  const r = spawnSync(process.execPath, [RUNNER, '--seed', '1', '--random', '150', '--timeout', '20000'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as {
    inputs: number;
    counts: Record<string, number>;
    late: string[];
    results: { id: string; outcome: string; code: number | null; said: string }[];
  };
  const bad = summary.results.filter((x) => (BAD_OUTCOMES as readonly string[]).includes(x.outcome));
  console.log(`fuzz: ${summary.inputs} inputs: ${JSON.stringify(summary.counts)}`);
  assert.ok(summary.inputs >= 400, `corpus of ${summary.inputs}`);
  assert.equal(summary.counts.ok, 5, 'the controls succeed');
  assert.deepEqual(summary.late, []);
  assert.deepEqual(
    bad.map((x) => `${x.outcome} (exit ${x.code}) ${x.id}: ${x.said}`),
    [],
  );
});
