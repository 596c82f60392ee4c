import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseArff, readArff } from './arff.js';
import { parseCsv, readCsv } from './csv.js';
import type { Dataset } from './dataset.js';
import { denseFeatures } from './gather.js';
import { parseMatrixCsv, readMatrixCsv } from './matrix-csv.js';
import { corpus } from './testing/corpus.js';
import { fused } from './text/plain-field.js';

/**
 * The fused path (text/plain-field.ts, arff-fused.ts, the readers' fast rows) must change
 * nothing but the speed: every input below, and every input of the fuzz corpus, is read with it
 * and without it, and the results (values to the sign of zero, labels, names, storage) or the
 * error messages must be identical.
 */
const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

function summary(r: Dataset | { values: ArrayLike<number>; nRows: number; header: string[] | null }): string {
  if ('store' in r) {
    return JSON.stringify([
      r.featureNames,
      r.labelNames,
      r.store.kind,
      r.nRows,
      Array.from(denseFeatures(r), show),
      [...r.y],
      r.notes ?? [],
    ]);
  }
  return JSON.stringify([r.nRows, r.header, Array.from(r.values, show), r.values.constructor.name]);
}

function bothWays<T>(read: () => T, describe: (r: T) => string): [string, string] {
  const once = (on: boolean) => {
    fused.on = on;
    try {
      return `read ${describe(read())}`;
    } catch (e) {
      return `error ${(e as Error).message}`;
    } finally {
      fused.on = true;
    }
  };
  return [once(true), once(false)];
}

function same<T>(label: string, read: () => T, describe: (r: T) => string): string {
  const [fast, general] = bothWays(read, describe);
  assert.equal(fast, general, label);
  return fast;
}

const CSV_ROWS = [
  'a,b,c,y1,y2',
  '1,2,3,1,0',
  '0,0,0,0,0',
  ' 1.5 ,\t-2e-3,+.5,1,1',
  '"1","2.25" , "3e1",1,0',
  '-0,0.0,-0.0,0,1',
  '12345678901234567,0.12345678901234567,1.2345678901234567e-5,1.0,1e0',
  '1.234567890123456789e-05,9.999999999999999999e+02,4503599627370497.5,0,0',
  '1e39,1,1,1,1',
  '1e38,1,1,1,1',
  '?,1,1,1,1',
  ' ? ,1,\t?\t,1,1',
  '?x,1,1,1,1',
  '"?",1,1,1,1',
  ',1,1,1,1',
  '1,1,1,2,1',
  '1,1,1,?,1',
  '1,1,1,1.5,1',
  '1,1,1,"1",1',
  '1,1,1,-0,1',
  '0x10,1,1,1,1',
  'nan,1,1,1,1',
  'inf,1,1,1,1',
  '1 5,1,1,1,1',
  '1,1,1,1',
  '1,1,1,1,1,1',
  '1,1,1,1,1,',
  '"1""",1,1,1,1',
  '" 1",1,1,1,1',
  '"1x,1,1,1,1',
  '"1",1,1,1,"1',
  '"1"x,1,1,1,1',
  '1.,.5,5.,0,0',
  '1e,1,1,1,1',
  '.,1,1,1,1',
  '-,1,1,1,1',
  '00012,0001.5e0001,1E-2,0,1',
  '1.5e-400,1e-45,3.4028235e38,0,0',
];

test('CSV: the fused path reads every tricky row as the general path does, or fails with its message', () => {
  const header = CSV_ROWS[0];
  for (const row of CSV_ROWS.slice(1)) {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const impute of ['none', 'keep', 'mean'] as const) {
        // the row among plain rows (the fused path's state before and after it matters)
        const text = [header, '1,2,3,0,1', row, '4,5,6,1,1', row, ''].join(eol);
        same(
          `${JSON.stringify(row)} ${JSON.stringify(eol)} ${impute}`,
          () => parseCsv(text, 'f.csv', { labels: 'last:2', impute }),
          summary,
        );
        same(
          `${JSON.stringify(row)} no final line end`,
          () => parseCsv(text.slice(0, -eol.length), 'f.csv', { labels: 'last:2', impute }),
          summary,
        );
      }
    }
  }
  // ignored columns may hold anything, quotes and commas in quotes too
  const ignored = 'id,a,y\n"x, y",1,1\nplain,2,0\n"",3,1\n3,4,0\n';
  const r = same('ignored', () => parseCsv(ignored, 'f.csv', { labels: 'last:1', ignore: ['id'] }), summary);
  assert.match(r, /^read /);
});

const ARFF_HEAD = [
  '@relation t',
  '@attribute a numeric',
  '@attribute b numeric',
  '@attribute bin {1,0}',
  '@attribute id string',
  '@attribute y1 {0,1}',
  '@attribute y2 numeric',
  '@data',
].join('\n');

const ARFF_ROWS = [
  '1,2,1,x,1,0',
  " 1.5 , -2e-3 ,0,'q, r',0,1",
  '\'1\',"2",1,x,1,1',
  "'1x,2,1,x,1,1",
  '\'1",2,1,x,1,1',
  "'1'x,2,1,x,1,1",
  '-0,0,0,x,0,-0',
  '?,1,1,x,1,1',
  '1,1,?,x,1,1',
  ' ? , ?,1,x,1,1',
  '??,1,1,x,1,1',
  '1,1,1,x,?,1',
  '1,1,2,x,1,1',
  '1,1,1,x,1,2',
  '1,1,1,x,1,1.0',
  '1,1,1,x,1,1,{1}',
  '1,1,1,x,1,1,{2}',
  '1,1,1,x,1',
  '1e39,1,1,x,1,1',
  '0.12345678901234567,1.234567890123456789e-05,1,x,0,0',
  '{0 1,1 2}',
  '{0 1, 1 2, 5 1}',
  '{ 0 1 , 1\t2 }',
  '{0 1,1 2,}',
  '{}',
  '{5 1}',
  '{0 -0}',
  '{0 1,0 2}',
  '{0 1,9 2}',
  '{01 1}',
  '{0  1}',
  '{0,1}',
  '{0 }',
  '{0 1',
  '{0 1} x',
  '{0 1}, {1}',
  '{0 1}, {3}',
  "{0 '1'}",
  "{3 'a b', 0 1}",
  "{3 'a,0 b'}",
  '{3 a,1 2}',
  '{2 0}',
  '{2 1}',
  '{4 1}',
  '{4 2}',
  '{4 1.0}',
  '{5 1.0}',
  '{5 2}',
  '{0 ?}',
  '{0 1e39}',
  '{0 0x10}',
  '{0 1.5x}',
  '{99999999999999999999 1}',
  '% a comment',
  '',
];

test('ARFF: the fused path reads every tricky dense and sparse row as the general path does', () => {
  for (const row of ARFF_ROWS) {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const impute of ['none', 'keep', 'mean'] as const) {
        const text = [ARFF_HEAD, '1,2,1,x,0,1', '{0 3,4 1}', row, '4,5,0,x,1,1', row, '{1 7}', ''].join(eol);
        const opts = { labels: 'last:2', ignore: ['id'], impute };
        same(
          `${JSON.stringify(row)} ${JSON.stringify(eol)} ${impute}`,
          () => parseArff(text, 'f.arff', opts),
          summary,
        );
        same(
          `${JSON.stringify(row)} no final line end`,
          () => parseArff(text.slice(0, -eol.length), 'f.arff', opts),
          summary,
        );
      }
    }
  }
  // a one-hot attribute, labels whose sparse default is 1, nominal labels without 0 or 1
  const onehot =
    '@relation t\n@attribute c {r,g,b}\n@attribute x numeric\n@attribute y {1,0}\n@data\nr,1,1\ng,2,0\n{1 3}\n{0 b,2 0}\n';
  assert.match(
    same('one-hot', () => parseArff(onehot, 'f.arff', { labels: 'last:1' }), summary),
    /^read /,
  );
  const yesno = '@relation t\n@attribute x numeric\n@attribute y {yes,no}\n@data\n1,yes\n';
  assert.match(
    same('yes/no label', () => parseArff(yesno, 'f.arff', { labels: 'last:1' }), summary),
    /^error /,
  );
});

test('matrix CSV: the fused path reads every tricky row as the general path does, floats and bytes', () => {
  const truthCheck = (v: number) => (v === 0 || v === 1 ? null : 'is not 0 or 1');
  const probability = (v: number) => (v >= 0 && v <= 1 ? null : 'is not a probability');
  const rows = [
    '0,1,1',
    ' 1 ,0,\t1',
    '"1",0,1',
    '1.0,0,1e0',
    '2,0,1',
    '-0,0,0',
    '0.5,1,0',
    '?,1,1',
    ',1,1',
    '1,1',
    '1,1,1,1',
    '0x1,0,0',
    '1,0,1,',
  ];
  for (const row of rows) {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['a,b,c', '0,1,0', row, '1,1,1', row, ''].join(eol);
      for (const opts of [
        {},
        { check: truthCheck },
        { check: probability },
        { check: truthCheck, binary: true as const },
        { binary: true as const },
      ]) {
        same(
          `${JSON.stringify(row)} ${JSON.stringify(eol)} ${JSON.stringify(opts)}`,
          () => parseMatrixCsv(text, 'm.csv', opts),
          summary,
        );
      }
    }
  }
  const m = parseMatrixCsv('a,b\n0,1\n1,0\n', 'm.csv', { binary: true });
  assert.ok(m.values instanceof Uint8Array);
  assert.deepEqual([...m.values], [0, 1, 1, 0]);
});

test('the fuzz corpus reads the same with and without the fused path', () => {
  let n = 0;
  for (const c of [...corpus(1), ...corpus(3, 20)]) {
    const labels = c.labels ?? 'last:1';
    if (c.format === 'arff') same(c.kind, () => parseArff(c.bytes, 'fuzz', { labels }), summary);
    else if (c.format === 'csv') same(c.kind, () => parseCsv(c.bytes, 'fuzz', { labels }), summary);
    else if (c.format === 'matrix') same(c.kind, () => parseMatrixCsv(c.bytes, 'fuzz'), summary);
    else continue;
    n++;
  }
  assert.ok(n > 500, `${n} cases`);
});

const dir = mkdtempSync(join(tmpdir(), 'trainscope-fused-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('files of several MB (records cut at every kind of place by the 1 MB chunks) read the same both ways', async () => {
  let x = 12345;
  const rnd = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const num = () =>
    [
      String(rnd(3)),
      (rnd(2e6) / 1e3 - 1e3).toFixed(rnd(7)),
      String(Math.sin(rnd(1e9))),
      `${rnd(9)}.${rnd(1e6)}e-${rnd(30)}`,
    ][rnd(4)];
  const csv: string[] = ['a,b,c,d,y'];
  const arff: string[] = [ARFF_HEAD];
  const matrix: string[] = [];
  for (let r = 0; r < 60000; r++) {
    const eol = rnd(50) === 0 ? '\r\n' : rnd(50) === 0 ? '\r' : '\n';
    csv.push(`${[num(), num(), rnd(20) ? num() : `"${num()}"`, num(), rnd(2)].join(',')}${eol}`);
    arff.push(
      rnd(2)
        ? `${[num(), num(), rnd(2), 'x', rnd(2), rnd(2)].join(',')}${eol}`
        : `{0 ${num()},${1 + rnd(1)} ${num()},5 1}${eol}`,
    );
    matrix.push(`${[rnd(2), rnd(2), rnd(2), rnd(2)].join(',')}${eol}`);
  }
  const files = {
    csv: join(dir, 'big.csv'),
    arff: join(dir, 'big.arff'),
    matrix: join(dir, 'big-truth.csv'),
  };
  writeFileSync(files.csv, csv.join('').replace(/^a,b,c,d,y/, 'a,b,c,d,y\n'));
  writeFileSync(files.arff, arff.join('').replace('@data', '@data\n'));
  writeFileSync(files.matrix, matrix.join(''));
  const read = async (on: boolean) => {
    fused.on = on;
    try {
      return [
        summary(await readCsv(files.csv, { labels: 'last:1' })),
        summary(await readArff(files.arff, { labels: 'last:2', ignore: ['id'] })),
        summary(await readMatrixCsv(files.matrix, { binary: true })),
      ];
    } finally {
      fused.on = true;
    }
  };
  const [fast, general] = [await read(true), await read(false)];
  assert.ok(fast[0].length > 1e6);
  assert.deepEqual(fast, general);
});
