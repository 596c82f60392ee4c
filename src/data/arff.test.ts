import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArff } from './arff.js';
import { DataError } from './dataset.js';
import { denseFeatures } from './gather.js';

const F = 'mem.arff';

/** The error is a one-line user-facing DataError whose message matches `re`. */
function fails(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `not a DataError: ${e}`);
    assert.equal((e as DataError).userFacing, true);
    assert.ok(!e.message.includes('\n'), `multi-line message: ${e.message}`);
    assert.match(e.message, re);
    return true;
  });
}

const DENSE = `% a comment
@RELATION toy

@attribute a numeric
@attribute 'b c\\'d' REAL
@attribute colour {red,'dark blue',green}
@attribute flag {0,1}
@attribute L1 {0,1}
@attribute L2 numeric

@data
1.5,2,red,1,1,0
% comment inside data
-3,4e2,'dark blue',0,0,1

0,0,green,1,1,1.0
`;

test('dense ARFF: numeric, one-hot nominal, binary {0,1} as one column, quoted names', () => {
  const ds = parseArff(DENSE, F, { labels: 'last:2' });
  assert.equal(ds.nRows, 3);
  assert.deepEqual(ds.featureNames, ['a', "b c'd", 'colour=red', 'colour=dark blue', 'colour=green', 'flag']);
  assert.deepEqual(ds.labelNames, ['L1', 'L2']);
  assert.deepEqual([...denseFeatures(ds)], [1.5, 2, 1, 0, 0, 1, -3, 400, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
  assert.deepEqual([...ds.y], [1, 0, 0, 1, 1, 1]);
  assert.equal(ds.source, F);
});

test('labels by name keep file order; first:N', () => {
  const ds = parseArff(DENSE, F, { labels: 'L2,flag' });
  assert.deepEqual(ds.labelNames, ['flag', 'L2']);
  assert.deepEqual([...ds.y], [1, 0, 0, 1, 1, 1]);
  assert.equal(ds.nFeatures, 6);
  fails(() => parseArff(DENSE, F, { labels: 'first:1' }), /mem\.arff:12: label 'a': '1\.5' is not 0 or 1/);
});

test('MULAN XML names pick labels by name, not position', () => {
  const ds = parseArff(DENSE, F, { xmlLabels: ['L2', 'L1'], xmlFile: 'toy.xml' });
  assert.deepEqual(ds.labelNames, ['L1', 'L2']);
  fails(
    () => parseArff(DENSE, F, { xmlLabels: ['L1', 'Nope'], xmlFile: 'toy.xml' }),
    /^toy\.xml: unknown label 'Nope': no attribute of that name in mem\.arff$/,
  );
});

const MEKA = (c: string) => `@relation 'Toy: -C ${c} -R'
@attribute y1 {0,1}
@attribute y2 {0,1}
@attribute f1 numeric
@attribute f2 numeric
@data
1,0,0.5,1
0,1,2,0
`;

test('MEKA -C n: n > 0 first n attributes, n < 0 last n', () => {
  const first = parseArff(MEKA('2'), F);
  assert.deepEqual(first.labelNames, ['y1', 'y2']);
  assert.deepEqual([...first.y], [1, 0, 0, 1]);
  assert.deepEqual([...denseFeatures(first)], [0.5, 1, 2, 0]);
  const unquoted = parseArff(MEKA('2').replace("'Toy: -C 2 -R'", 'Toy: -C 2 -R'), F);
  assert.deepEqual(unquoted.labelNames, ['y1', 'y2']);
  const last = parseArff(MEKA('-1'), F, {});
  assert.deepEqual(last.labelNames, ['f2']);
  assert.deepEqual([...last.y], [1, 0]);
  fails(() => parseArff(MEKA('-2'), F), /mem\.arff:7: label 'f1': '0\.5' is not 0 or 1/);
});

const SPARSE = `@relation sp
@attribute w1 {0,1}
@attribute w2 numeric
@attribute kind {x,y,z}
@attribute l1 {0,1}
@attribute l2 {0,1}
@data
{0 1,3 1}
{1 2.5, 2 z, 4 1}
{}
{2 '?'}
`;

test('sparse ARFF: omitted values are 0 / the first nominal value; weights of 1 accepted', () => {
  const text = SPARSE.replace("{2 '?'}\n", '{1 7},{1}\n');
  const ds = parseArff(text, F, { labels: 'last:2' });
  assert.equal(ds.nRows, 4);
  assert.deepEqual(ds.featureNames, ['w1', 'w2', 'kind=x', 'kind=y', 'kind=z']);
  assert.deepEqual(
    [...denseFeatures(ds)],
    [1, 0, 1, 0, 0, /**/ 0, 2.5, 0, 0, 1, /**/ 0, 0, 1, 0, 0, /**/ 0, 7, 1, 0, 0],
  );
  assert.deepEqual([...ds.y], [1, 0, 0, 1, 0, 0, 0, 0]);
});

test("missing '?' is rejected with its line unless impute mean (one-hot → frequencies)", () => {
  fails(
    () => parseArff(SPARSE, F, { labels: 'last:2' }),
    /^mem\.arff:11: attribute 'kind': missing value \(use --impute mean/,
  );
  const ds = parseArff(SPARSE, F, { labels: 'last:2', impute: 'mean' });
  // kind column means over rows 1-3: x=2/3, y=0, z=1/3
  const last = [...denseFeatures(ds).subarray(15, 20)];
  assert.deepEqual(last.slice(0, 2), [0, 0]);
  assert.ok(
    Math.abs(last[2] - 2 / 3) < 1e-6 && last[3] === 0 && Math.abs(last[4] - 1 / 3) < 1e-6,
    String(last),
  );
  const dense = '@relation r\n@attribute a numeric\n@attribute l {0,1}\n@data\n1,0\n?,1\n4,1\n';
  assert.deepEqual(
    [...denseFeatures(parseArff(dense, F, { labels: 'last:1', impute: 'mean' }))],
    [1, 2.5, 4],
  );
  fails(
    () => parseArff(dense.replace('4,1', '4,?'), F, { labels: 'last:1', impute: 'mean' }),
    /:7: label 'l': missing value \(labels cannot be imputed\)/,
  );
});

test('bad input: one line naming file, line and what is wrong', () => {
  const h = '@relation r\n@attribute a numeric\n@attribute b {u,v}\n@attribute l {0,1}\n@data\n';
  const opt = { labels: 'last:1' };
  fails(
    () => parseArff(`${h}1,u,1\n2,v\n`, F, opt),
    /^mem\.arff:7: 2 values, expected 3 \(one per @attribute\)$/,
  );
  fails(() => parseArff(`${h}abc,u,1\n`, F, opt), /^mem\.arff:6: attribute 'a': 'abc' is not a number$/);
  fails(
    () => parseArff(`${h}NaN,u,1\n`, F, opt),
    /^mem\.arff:6: attribute 'a': 'NaN' is not a number \(nan\)$/,
  );
  fails(
    () => parseArff(`${h}1,u,1\n-Infinity,u,1\n`, F, opt),
    /^mem\.arff:7: attribute 'a': '-Infinity' is not finite/,
  );
  fails(() => parseArff(`${h}1e39,u,1\n`, F, opt), /'1e39' is too large for float32/);
  fails(
    () => parseArff(`${h}1,w,1\n`, F, opt),
    /^mem\.arff:6: attribute 'b': unknown nominal value 'w' \(declared \{'u','v'\}\)$/,
  );
  fails(
    () => parseArff(`${h}1,u,2\n`, F, opt),
    /^mem\.arff:6: label 'l': '2' is not 0 or 1 \(labels must be 0 or 1\)$/,
  );
  fails(() => parseArff(`${h}1,u,1\n`, F, { labels: 'l,zz' }), /^mem\.arff: unknown label 'zz' in --labels/);
  fails(() => parseArff(`${h}1,u,1\n`, F), /^mem\.arff: no label columns: give --labels/);
  fails(() => parseArff('', F), /^mem\.arff: empty file/);
  fails(() => parseArff('% only a comment\n', F), /^mem\.arff: empty file/);
  fails(() => parseArff(h, F, opt), /^mem\.arff: no data rows after @data$/);
  fails(() => parseArff(h.replace('@data\n', ''), F, opt), /no @data section/);
  fails(
    () => parseArff(h.replace('numeric', 'string'), F, opt),
    /^mem\.arff:2: attribute 'a' has type 'string'/,
  );
  fails(
    () => parseArff(`${h}{0 1, 9 1}\n`, F, opt),
    /^mem\.arff:6: sparse row: attribute index 9 out of range/,
  );
  fails(() => parseArff(`${h}'1,u,1\n`, F, opt), /^mem\.arff:6: unterminated quoted field/);
  fails(
    () => parseArff(h.replace('b {u,v}', 'a {u,v}'), F, opt),
    /^mem\.arff:3: attribute 'a' is declared twice/,
  );
  fails(() => parseArff(`${h}1,u,1\n`, F, { labels: 'last:3' }), /leaves no feature columns/);
});
