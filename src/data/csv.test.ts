import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from './csv.js';
import { DataError } from './dataset.js';
import { denseFeatures } from './gather.js';

function fails(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError && e.userFacing === true, `not a user-facing DataError: ${e}`);
    assert.ok(!e.message.includes('\n'), e.message);
    assert.match(e.message, re);
    return true;
  });
}

const CSV = 'a,b,"c, quoted",y1,y2\r\n1,2,3,1,0\n\n-1.5,2e1,0,0,1\n';

test('CSV with a header: labels by last:N, first:N or names; CRLF and quoted header', () => {
  const ds = parseCsv(CSV, 'm.csv', { labels: 'last:2' });
  assert.deepEqual(ds.featureNames, ['a', 'b', 'c, quoted']);
  assert.deepEqual(ds.labelNames, ['y1', 'y2']);
  assert.equal(ds.nRows, 2);
  assert.deepEqual([...denseFeatures(ds)], [1, 2, 3, -1.5, 20, 0]);
  assert.deepEqual([...ds.y], [1, 0, 0, 1]);
  const byName = parseCsv(CSV, 'm.csv', { labels: 'y2, y1' });
  assert.deepEqual(byName.labelNames, ['y1', 'y2']);
  const first = parseCsv('y,f\n1,5\n0,6\n', 'm.csv', { labels: 'first:1' });
  assert.deepEqual([...denseFeatures(first)], [5, 6]);
  assert.deepEqual([...first.y], [1, 0]);
});

test('quoted fields may hold commas, quotes and newlines; line numbers stay right', () => {
  const text = 'f,"na\n""me",y\n"1","2",1\n"3",4,0\n5,x,1\n';
  fails(
    () => parseCsv(text, 'q.csv', { labels: 'last:1' }),
    /^q\.csv:5: column 'na\\n"me': 'x' is not a number$/,
  );
  const ok = parseCsv(text.replace('5,x,1\n', ''), 'q.csv', { labels: 'last:1' });
  assert.deepEqual([...denseFeatures(ok)], [1, 2, 3, 4]);
});

test('missing values: error naming the line, or column mean with impute mean', () => {
  const text = 'a,b,y\n1,,1\n3,4,0\n?,8,1\n';
  fails(
    () => parseCsv(text, 'm.csv', { labels: 'last:1' }),
    /^m\.csv:2: column 'b': missing value \(use --impute mean/,
  );
  const ds = parseCsv(text, 'm.csv', { labels: 'last:1', impute: 'mean' });
  assert.deepEqual([...denseFeatures(ds)], [1, 6, 3, 4, 2, 8]);
});

test('bad CSV input is one clear line', () => {
  const o = { labels: 'last:1' };
  fails(() => parseCsv('', 'e.csv', o), /^e\.csv: empty file/);
  fails(() => parseCsv('\n\n', 'e.csv', o), /^e\.csv: empty file: only blank lines$/);
  fails(() => parseCsv('a,y\n', 'e.csv', o), /^e\.csv: no data rows after the header$/);
  fails(() => parseCsv('a,y\n1,0\n2\n', 'e.csv', o), /^e\.csv:3: 1 fields, expected 2 like the first row/);
  fails(() => parseCsv('a,y\n1,0\n2,2\n', 'e.csv', o), /^e\.csv:3: label 'y': '2' is not 0 or 1/);
  fails(
    () => parseCsv('a,y\n1,\n', 'e.csv', o),
    /^e\.csv:2: label 'y': missing value \(labels cannot be imputed\)$/,
  );
  fails(() => parseCsv('a,y\ninf,1\n', 'e.csv', o), /^e\.csv:2: column 'a': 'inf' is not finite/);
  fails(() => parseCsv('a,y\nNaN,1\n', 'e.csv', o), /^e\.csv:2: column 'a': 'NaN' is not a number \(nan\)$/);
  fails(() => parseCsv('a,y\n1,1\n', 'e.csv', {}), /^e\.csv: no label columns: give --labels/);
  fails(
    () => parseCsv('a,y\n1,1\n', 'e.csv', { labels: 'z' }),
    /^e\.csv: unknown label 'z' in --labels: no such column \(columns: 'a', 'y'\)$/,
  );
  fails(() => parseCsv('a,a,y\n1,1,1\n', 'e.csv', o), /^e\.csv:1: column 'a' appears twice/);
  fails(
    () => parseCsv('a,"y\n1,1\n', 'e.csv', o),
    /^e\.csv:1: unterminated quoted field \(no closing "\) at '"y\\n1,1\\n'$/,
  );
});
