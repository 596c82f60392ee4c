/**
 * The data sets that ship inside the package: named without a path they resolve to the
 * compressed files in datasets/ (not to ../shared), decompress to exactly MULAN's bytes, load
 * with MULAN's counts, and stay small.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { findNamedDataset, loadDataset, resolveSource, SHIPPED_DATA } from '../data/source.js';
import { parseTrainConfig } from '../run/config.js';
import { withStandardTest } from './prepare.js';

const SETS = [
  { name: 'emotions', train: 391, test: 202, features: 72, labels: 6 },
  { name: 'scene', train: 1211, test: 1196, features: 294, labels: 6 },
  { name: 'yeast', train: 1500, test: 917, features: 103, labels: 14 },
];

for (const s of SETS) {
  test(`--data ${s.name} is the shipped standard split, whatever sits in ../shared`, async () => {
    const trainFile = join(SHIPPED_DATA, s.name, `${s.name}-train.arff.gz`);
    assert.deepEqual(resolveSource(s.name), { kind: 'arff', path: trainFile });
    assert.equal(findNamedDataset(`${s.name}-test`), join(SHIPPED_DATA, s.name, `${s.name}-test.arff.gz`));
    const config = withStandardTest(parseTrainConfig({ data: s.name }));
    assert.equal(config.test, join(SHIPPED_DATA, s.name, `${s.name}-test.arff.gz`));
    const train = await loadDataset(s.name);
    const testSet = await loadDataset(config.test!);
    for (const [ds, rows] of [
      [train, s.train],
      [testSet, s.test],
    ] as const) {
      assert.equal(ds.nRows, rows);
      assert.equal(ds.nFeatures, s.features);
      assert.equal(ds.nLabels, s.labels);
    }
    assert.deepEqual(testSet.labelNames, train.labelNames);
  });
}

test('each shipped file decompresses to the bytes and sha256 its SOURCE.txt lists', () => {
  for (const s of SETS) {
    const dir = join(SHIPPED_DATA, s.name);
    const source = readFileSync(join(dir, 'SOURCE.txt'), 'utf8');
    assert.match(source, /License: /);
    assert.match(source, /Citation: /);
    const files = readdirSync(dir).filter((f) => f !== 'SOURCE.txt');
    assert.equal(files.length, 3, `${dir}: train, test and label list`);
    for (const f of files) {
      const raw = readFileSync(join(dir, f));
      const bytes = f.endsWith('.gz') ? gunzipSync(raw) : raw;
      const original = f.replace(/\.gz$/, '');
      const listed = new RegExp(`${original}\\s+(\\d+) bytes\\s+sha256=([0-9a-f]{64})`).exec(source);
      assert.ok(listed, `${s.name}/SOURCE.txt lists ${original}`);
      assert.equal(bytes.length, Number(listed[1]), original);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), listed[2], original);
    }
  }
});

test('the shipped data stay a few MB', () => {
  let total = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else total += statSync(join(d, e.name)).size;
  };
  walk(SHIPPED_DATA);
  assert.ok(total < 4 * 1024 * 1024, `datasets/ holds ${(total / 1048576).toFixed(2)} MB`);
});
