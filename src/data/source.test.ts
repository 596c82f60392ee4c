import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError } from './dataset.js';
import { denseFeatures } from './gather.js';
import { findNamedDataset, loadDataset, resolveSource } from './source.js';

const dir = mkdtempSync(join(tmpdir(), 'trainscope-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ARFF =
  '@relation r\n@attribute a numeric\n@attribute "b x" numeric\n@attribute L1 {0,1}\n@attribute L2 {0,1}\n@data\n1,2,0,1\n3,4,1,1\n';
const XML =
  '<labels xmlns="http://mulan.sourceforge.net/labels"><label name="L2"></label><label name="L1"></label></labels>';

async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.match(e.message, re);
    return true;
  });
}

test('resolveSource: presets, files by extension, compressed files', () => {
  assert.deepEqual(resolveSource('seed-like'), { kind: 'synthetic', spec: 'seed-like' });
  assert.deepEqual(resolveSource('gaussian:rows=10'), { kind: 'synthetic', spec: 'gaussian:rows=10' });
  assert.deepEqual(resolveSource('x/y.CSV'), { kind: 'csv', path: 'x/y.CSV' });
  assert.deepEqual(resolveSource('y.arff.gz'), { kind: 'arff', path: 'y.arff.gz' });
  assert.deepEqual(resolveSource('Scene.arff.bz2'), { kind: 'arff', path: 'Scene.arff.bz2' });
  assert.throws(
    () => resolveSource('Scene.arff.xz'),
    /Scene\.arff\.xz: compressed file: decompress it first/,
  );
  assert.throws(() => resolveSource('no-such-thing'), /no-such-thing: not a data file or preset/);
  assert.throws(() => resolveSource(' '), /--data is empty/);
});

test('loadDataset: x-train.arff finds x.xml beside it; --labels wins over the XML', async () => {
  mkdirSync(join(dir, 'toy'));
  writeFileSync(join(dir, 'toy', 'toy-train.arff'), ARFF);
  writeFileSync(join(dir, 'toy', 'toy.xml'), XML);
  const ds = await loadDataset(join(dir, 'toy', 'toy-train.arff'));
  assert.deepEqual(ds.labelNames, ['L1', 'L2']);
  assert.deepEqual(ds.featureNames, ['a', 'b x']);
  const own = await loadDataset(join(dir, 'toy', 'toy-train.arff'), { labels: 'last:1' });
  assert.deepEqual(own.labelNames, ['L2']);
  writeFileSync(join(dir, 'other.xml'), XML.replace('L1', 'Zed'));
  await rejects(
    loadDataset(join(dir, 'toy', 'toy-train.arff'), { xml: join(dir, 'other.xml') }),
    /other\.xml: unknown label 'Zed': no attribute of that name in/,
  );
});

test('loadDataset: gzip, CSV, named data sets, synthetic presets', async () => {
  writeFileSync(join(dir, 'g.arff.gz'), gzipSync(ARFF));
  assert.equal((await loadDataset(join(dir, 'g.arff.gz'), { labels: 'L1,L2' })).nRows, 2);
  writeFileSync(join(dir, 'c.csv'), 'a,y\n1,0\n2,1\n');
  assert.deepEqual([...denseFeatures(await loadDataset(join(dir, 'c.csv'), { labels: 'y' }))], [1, 2]);
  assert.equal(findNamedDataset('toy', [dir]), join(dir, 'toy', 'toy-train.arff'));
  assert.equal(findNamedDataset('toy-train', [dir]), join(dir, 'toy', 'toy-train.arff'));
  assert.equal(findNamedDataset('absent', [dir]), undefined);
  const syn = await loadDataset('seed-like:rows=300,features=10,seed=3');
  assert.deepEqual([syn.nRows, syn.nFeatures, syn.nLabels], [300, 10, 6]);
  await rejects(
    loadDataset('seed-like', { labels: 'first:2' }),
    /--labels, --xml and --ignore apply to files/,
  );
});

test('loadDataset: file problems are one-line DataErrors naming the file', async () => {
  await rejects(loadDataset(join(dir, 'missing.arff')), /missing\.arff: no such file$/);
  writeFileSync(join(dir, 'empty.arff'), '');
  await rejects(loadDataset(join(dir, 'empty.arff')), /empty\.arff: empty file/);
  writeFileSync(join(dir, 'bad.arff.gz'), 'not gzip');
  await rejects(
    loadDataset(join(dir, 'bad.arff.gz')),
    /bad\.arff\.gz: named like gzip data, but it is not compressed/,
  );
  mkdirSync(join(dir, 'd.csv'));
  await rejects(loadDataset(join(dir, 'd.csv')), /d\.csv: is a directory/);
  writeFileSync(join(dir, 'nolabels.arff'), ARFF);
  await rejects(loadDataset(join(dir, 'nolabels.arff')), /nolabels\.arff: no label columns/);
});
