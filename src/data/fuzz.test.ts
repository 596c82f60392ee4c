import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '../errors.js';
import { parseArff } from './arff.js';
import { parseCsv } from './csv.js';
import type { Dataset } from './dataset.js';
import { denseFeatures } from './gather.js';
import { parseMatrixCsv } from './matrix-csv.js';
import { parseMulanXml } from './mulan-xml.js';
import { loadDataset } from './source.js';
import { type Case, corpus } from './testing/corpus.js';

/**
 * The readers against a generated corpus (testing/corpus.ts) of malformed and re-spelled files.
 * Every outcome is classified; the test fails on any crash (a throw that is not a UserError:
 * a stack trace for the user), any silent acceptance of a malformed file, any re-spelling read
 * differently, and any error message that is not one short line naming the file.
 */
type Outcome = 'error' | 'read' | 'crash' | 'silent' | 'different' | 'bad message';

const FILE = 'fuzz-input';

function read(c: Case, bytes: Uint8Array): Dataset | string[] {
  const labels = c.labels ?? 'last:1';
  switch (c.format) {
    case 'arff':
      return parseArff(bytes, FILE, { labels });
    case 'csv':
      return parseCsv(bytes, FILE, { labels });
    case 'matrix': {
      const m = parseMatrixCsv(bytes, FILE, { check: (v) => (v === 0 || v === 1 ? null : 'is not 0 or 1') });
      return [m.nRows, m.nCols, ...m.values].map(String);
    }
    default:
      return parseMulanXml(Buffer.from(bytes).toString('utf8'), FILE);
  }
}

/** What a reader's result says, for comparing two spellings. */
function summary(r: Dataset | string[]): string {
  if (Array.isArray(r)) return r.join(',');
  return JSON.stringify([r.featureNames, r.labelNames, [...denseFeatures(r)], [...r.y]]);
}

function messageProblem(e: Error): string {
  const m = e.message;
  if (m.includes('\n') || m.includes('\r')) return 'more than one line';
  if (m.length > 400) return `${m.length} characters`;
  if (!m.startsWith(FILE)) return 'does not start with the file name';
  if ([...m].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))
    return 'raw control characters';
  return '';
}

function classify(c: Case): { outcome: Outcome; detail: string } {
  let result: Dataset | string[];
  try {
    result = read(c, c.bytes);
  } catch (e) {
    if (!isUserError(e)) return { outcome: 'crash', detail: String((e as Error).stack ?? e).slice(0, 400) };
    const problem = messageProblem(e as Error);
    if (problem)
      return { outcome: 'bad message', detail: `${problem}: ${(e as Error).message.slice(0, 300)}` };
    if (c.expect === 'same') return { outcome: 'different', detail: `refused: ${(e as Error).message}` };
    return { outcome: 'error', detail: (e as Error).message };
  }
  if (c.expect === 'reject') return { outcome: 'silent', detail: 'accepted' };
  if (c.expect === 'same') {
    const want = summary(read(c, c.base));
    const got = summary(result);
    if (got !== want)
      return { outcome: 'different', detail: `${got.slice(0, 200)} vs ${want.slice(0, 200)}` };
  }
  return { outcome: 'read', detail: '' };
}

test('fuzz: every malformed file is a one-line UserError, every re-spelling reads the same, nothing crashes', () => {
  const cases = [...corpus(1), ...corpus(2, 20)];
  const tally = new Map<string, Map<Outcome, number>>();
  const failures: string[] = [];
  for (const c of cases) {
    const { outcome, detail } = classify(c);
    const key = `${c.format} ${c.expect}: ${c.kind.replace(/^(bad (number|label)) .*/, '$1')}`;
    const t = tally.get(key) ?? new Map();
    t.set(outcome, (t.get(outcome) ?? 0) + 1);
    tally.set(key, t);
    if (outcome !== 'error' && outcome !== 'read') {
      failures.push(
        `${outcome} [${c.format} ${c.kind}] ${detail} | input: ${JSON.stringify(Buffer.from(c.bytes.subarray(0, 160)).toString('latin1'))}`,
      );
    }
  }
  const lines = [...tally]
    .sort()
    .map(([k, t]) => `${k.padEnd(64)} ${[...t].map(([o, n]) => `${o} ${n}`).join(', ')}`);
  console.log(`${cases.length} generated inputs:\n${lines.join('\n')}`);
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} bad outcomes`);
  // the corpus covers what it claims: every class of issue 11 is there and was refused or read
  for (const kind of [
    'csv reject: bad number',
    'arff reject: duplicate sparse index',
    'xml reject: unclosed XML',
    'csv reject: headerless CSV, first row mixed',
    'arff reject: instance weight',
    'csv same: CR-only line ends',
    'csv same: gzip named .csv',
    'csv reject: binary garbage',
    'csv same: headerless CSV',
  ]) {
    assert.ok(tally.has(kind), `no case of ${kind}`);
  }
});

const dir = mkdtempSync(join(tmpdir(), 'trainscope-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function hasBzip2(): boolean {
  try {
    execFileSync('bzip2', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('fuzz: compressed files from disk, whole and damaged (gzip and bzip2, by magic bytes)', async (t) => {
  if (!hasBzip2()) {
    if (process.env.CI) assert.fail('bzip2 is missing (.ci/run installs it)');
    t.skip('bzip2 not installed: cannot make .bz2 inputs');
    return;
  }
  const csv = 'a,b,y\n1,2,1\n3,0,0\n';
  const plain = join(dir, 'p.csv');
  writeFileSync(plain, csv);
  const bz = execFileSync('bzip2', ['-c', plain]);
  const gz = (await import('node:zlib')).gzipSync(csv);
  const want = summary(await loadDataset(plain, { labels: 'last:1' }));
  for (const [name, bytes] of [
    ['x.csv.bz2', bz],
    ['bz-named.csv', bz],
    ['x.csv.gz', gz],
  ] as const) {
    writeFileSync(join(dir, name), bytes);
    assert.equal(summary(await loadDataset(join(dir, name), { labels: 'last:1' })), want, name);
  }
  let errors = 0;
  for (const cut of [4, 10, bz.length >> 1, bz.length - 4]) {
    for (const [name, bytes] of [
      [`cut${cut}.csv.bz2`, bz.subarray(0, cut)],
      [`cut${cut}.csv.gz`, gz.subarray(0, Math.min(cut, gz.length - 1))],
    ] as const) {
      writeFileSync(join(dir, name), bytes);
      await assert.rejects(loadDataset(join(dir, name), { labels: 'last:1' }), (e: Error) => {
        assert.ok(isUserError(e), `${name}: ${e.stack}`);
        assert.ok(!e.message.includes('\n') && e.message.includes(name), e.message);
        errors++;
        return true;
      });
    }
  }
  assert.equal(errors, 8);
});
