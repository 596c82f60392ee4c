import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { denseFeatures } from './gather.js';
import { findNamedDataset, loadDataset } from './source.js';
import { labelStats } from './stats.js';

/**
 * The MULAN sets in shared/data against the counts in their VERIFY.jsonl (written by an
 * independent Python checker): rows, features, labels, density and every per-label rate.
 */
const DATA = [process.env.TRAINSCOPE_DATA, join('..', 'shared', 'data'), '/work/shared/data'].find(
  (d) => d !== undefined && existsSync(join(d, 'scene')),
);

interface Verify {
  file: string;
  instances: number;
  features: number;
  labels: number;
  density: number;
  per_label_positive_rate: number[];
  feature_types: Record<string, number>;
}

function expected(): Verify[] {
  const out: Verify[] = [];
  for (const set of ['emotions', 'scene', 'yeast', 'tmc2007']) {
    for (const line of readFileSync(join(DATA!, set, 'VERIFY.jsonl'), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const v = JSON.parse(line);
      if (typeof v.file === 'string' && v.file.endsWith('.arff')) out.push(v);
    }
  }
  return out;
}

test('MULAN sets load with the counts VERIFY.jsonl lists', {
  skip: !process.env.CI && DATA === undefined && 'shared/data not found',
}, async () => {
  const all = expected();
  assert.ok(all.length >= 10, `only ${all.length} VERIFY entries`);
  for (const v of all) {
    const ds = await loadDataset(join(DATA!, v.file));
    const s = labelStats(ds);
    assert.equal(s.rows, v.instances, v.file);
    // tmc2007's features are nominal {0,1}: one numeric column each, so 500 stay 500.
    assert.equal(s.features, v.features, v.file);
    assert.equal(s.labels, v.labels, v.file);
    assert.ok(Math.abs(s.density - v.density) < 5e-4, `${v.file}: density ${s.density} vs ${v.density}`);
    s.positiveRate.forEach((r, k) => {
      assert.ok(Math.abs(r - v.per_label_positive_rate[k]) < 5e-4, `${v.file} label ${k}: ${r}`);
    });
  }
});

test('yeast: the XML lists labels in another order; they are matched by name', {
  skip: !process.env.CI && DATA === undefined,
}, async () => {
  const ds = await loadDataset(join(DATA!, 'yeast', 'yeast-train.arff'));
  assert.deepEqual(
    ds.labelNames,
    Array.from({ length: 14 }, (_, i) => `Class${i + 1}`),
  );
  assert.equal(ds.featureNames[0], 'Att1');
  // rare Class14 (1.4%) is the last label, as in the ARFF, not wherever the XML puts it
  assert.ok(labelStats(ds).positiveRate[13] < 0.02);
});

test('tmc2007-500-test finds tmc2007-500.xml and reads sparse binary rows', {
  skip: !process.env.CI && DATA === undefined,
}, async () => {
  const ds = await loadDataset(join(DATA!, 'tmc2007', 'tmc2007-500-test.arff'));
  assert.equal(ds.labelNames[0], 'class01');
  assert.equal(ds.featureNames[0], 'abort');
  const values = new Set(denseFeatures(ds));
  assert.deepEqual([...values].sort(), [0, 1]);
});

const bzcat = ['/usr/bin/bzcat', '/bin/bzcat'].find((p) => existsSync(p));
test('MEKA Scene.arff (relation "Scene: -C 6 -R", labels first) decompressed with bzcat', {
  // CI has both (.ci/run installs bzip2): never skipped there.
  skip: !process.env.CI && (DATA === undefined || bzcat === undefined) && 'needs shared/data and bzcat',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainscope-meka-'));
  try {
    const path = join(dir, 'Scene.arff');
    writeFileSync(
      path,
      execFileSync(bzcat!, [join(DATA!, 'scene', 'meka', 'Scene.arff.bz2')], { maxBuffer: 1 << 26 }),
    );
    const ds = await loadDataset(path);
    const s = labelStats(ds);
    assert.deepEqual([s.rows, s.features, s.labels], [2407, 294, 6]);
    assert.deepEqual(ds.labelNames, ['beach', 'sunset', 'foliage', 'field', 'mountain', 'urban']);
    assert.ok(Math.abs(s.density - 0.179) < 5e-4, String(s.density));
    // same rows as MULAN's train + test (a multiset check on one feature and the labels)
    const train = await loadDataset(join(DATA!, 'scene', 'scene-train.arff'));
    const test_ = await loadDataset(join(DATA!, 'scene', 'scene-test.arff'));
    const sum = (a: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i];
      return s;
    };
    const sx = sum(denseFeatures(ds));
    assert.ok(
      Math.abs(sx - sum(denseFeatures(train)) - sum(denseFeatures(test_))) < 1e-6 * sx,
      'feature sums differ',
    );
    assert.equal(sum(ds.y), sum(train.y) + sum(test_.y));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('named data sets: `emotions` is the standard training file, `emotions-test` the test file', {
  skip: !process.env.CI && DATA === undefined,
}, () => {
  assert.equal(findNamedDataset('emotions', [DATA!]), join(DATA!, 'emotions', 'emotions-train.arff'));
  assert.equal(findNamedDataset('emotions-test', [DATA!]), join(DATA!, 'emotions', 'emotions-test.arff'));
  assert.equal(findNamedDataset('tmc2007-500', [DATA!]), join(DATA!, 'tmc2007', 'tmc2007-500-train.arff'));
  assert.equal(findNamedDataset('scene', [DATA!]), join(DATA!, 'scene', 'scene-train.arff'));
  assert.equal(findNamedDataset('tmc2007', [DATA!]), join(DATA!, 'tmc2007', 'tmc2007-500-train.arff'));
  assert.equal(
    findNamedDataset('tmc2007-500-test', [DATA!]),
    join(DATA!, 'tmc2007', 'tmc2007-500-test.arff'),
  );
  assert.equal(findNamedDataset('nothing-like-this', [DATA!]), undefined);
});
