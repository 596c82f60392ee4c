import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataError } from './dataset.js';
import { parseMatrixCsv, readMatrixCsv } from './matrix-csv.js';

function fails(text: string, re: RegExp, opts = {}) {
  assert.throws(
    () => parseMatrixCsv(text, 'm.csv', opts),
    (e: unknown) => {
      assert.ok(e instanceof DataError, `not a DataError: ${e}`);
      assert.ok(!e.message.includes('\n'), 'one line');
      assert.match(e.message, re);
      return true;
    },
  );
}

test('reads a matrix with a header, CRLF, blank lines, quotes and exponents', () => {
  const m = parseMatrixCsv('a,"b, c" ,d\r\n1,0.5,-2e-3\r\n\r\n.25, +3 ,1E2\r\n', 'm.csv');
  assert.deepEqual(m.header, ['a', 'b, c', 'd']);
  assert.equal(m.nRows, 2);
  assert.equal(m.nCols, 3);
  assert.deepEqual([...m.values], [1, 0.5, -0.002, 0.25, 3, 100]);
  assert.deepEqual([...m.lines], [2, 4]);
});

test('without a header the first line is data; header: true forces numeric-looking names', () => {
  const m = parseMatrixCsv('0,1\n1,1\n', 'm.csv');
  assert.equal(m.header, null);
  assert.equal(m.nRows, 2);
  const named = parseMatrixCsv('1,2\n0,1\n', 'm.csv', { header: true });
  assert.deepEqual(named.header, ['1', '2']);
  assert.equal(named.nRows, 1);
});

test('errors name the file, the line, the column and what is wrong', () => {
  fails('a,b\n0,1\n1\n', /^m\.csv:3: 1 values, expected 2 like line 1 \(a missing value\?\)$/);
  fails('0,1\n1,x\n', /^m\.csv:2: column 2: 'x' is not a number$/);
  fails('0.5,abc\n', /^m\.csv:1: the first row mixes names and numbers/); // a typo is not a header
  fails('a,b\n0,NaN\n', /^m\.csv:2: column 2 \('b'\): 'NaN' is not a number \(nan\)$/);
  fails('a,b\n0,inf\n', /'inf' is not finite/);
  fails('a,b\n0,\n', /^m\.csv:2: column 2 \('b'\): empty value$/);
  fails('', /^m\.csv: empty file/);
  fails('1,1\n0x10,1\n', /^m\.csv:2: column 1: '0x10' is not a decimal number/);
  fails('1,1\n1,0b101\n', /^m\.csv:2: column 2: '0b101' is not a decimal number/);
  fails('a,b\n', /no data rows after the header/);
  fails('a,a\n0,1\n', /column 'a' appears twice/);
  fails('a,b\n0,2\n', /^m\.csv:2: column 2 \('b'\): '2' is not 0 or 1$/, {
    check: (v: number) => (v === 0 || v === 1 ? null : 'is not 0 or 1'),
  });
});

test('readMatrixCsv reports a missing file in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-csv-'));
  const path = join(dir, 'ok.csv');
  writeFileSync(path, 'x,y\n1,2\n');
  assert.deepEqual([...(await readMatrixCsv(path)).values], [1, 2]);
  await assert.rejects(readMatrixCsv(join(dir, 'nope.csv')), /nope\.csv: no such file$/);
});
