import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createEventWriter } from '../events/writer.js';
import { expandGrid } from './grid.js';
import { HPARAMS_ROOT_FILE, hparamDomains, writeHparamsRoot } from './hparams-root.js';
import { hparamsRecords } from './testing/hparams-records.js';

const root = mkdtempSync(join(tmpdir(), 'ts-hparams-root-'));
after(() => rmSync(root, { recursive: true, force: true }));

const spec = {
  name: 'g',
  base: { data: 'seed-like:rows=200', hidden: [8], epochs: 1 },
  axes: [
    { field: 'init', values: ['truncated_normal:1', 'glorot_uniform'] },
    { field: 'dropout', values: [0, 0.5] },
  ],
};

test('one experiment record at the grid root: every hparam, swept ones as a discrete domain marked as differing', () => {
  const expDir = join(root, 'g');
  const trials = expandGrid(spec, root);
  const domains = hparamDomains(trials);
  assert.deepEqual(domains.init, ['glorot_uniform', 'truncated_normal:1']);
  assert.deepEqual(domains.dropout, [0, 0.5]);
  assert.equal(domains.epochs.length, 1);
  mkdirSync(expDir, { recursive: true });
  writeHparamsRoot(expDir, trials);
  writeHparamsRoot(expDir, trials); // a resumed grid rewrites it: still one file, one record
  const recs = hparamsRecords(expDir);
  assert.equal(recs.length, 1);
  const exp = recs[0].experiment as {
    hparam_infos: {
      name: string;
      differs?: boolean;
      domain_discrete?: { values: Record<string, unknown>[] };
    }[];
    metric_infos: { name: { tag: string } }[];
  };
  const init = exp.hparam_infos.find((h) => h.name === 'init');
  assert.equal(init?.differs, true);
  assert.deepEqual(
    init?.domain_discrete?.values.map((v) => v.string_value),
    ['glorot_uniform', 'truncated_normal:1'],
  );
  assert.equal(exp.hparam_infos.find((h) => h.name === 'epochs')?.differs ?? false, false);
  assert.ok(exp.metric_infos.some((m) => m.name.tag === 'metrics/val/roc_auc_macro'));
});

test('a trial writes only its session start and end, no experiment record of its own', () => {
  const dir = join(root, 'trial');
  const w = createEventWriter(dir);
  w.hparams({ init: 'glorot_uniform', dropout: 0.5 }, ['loss/val'], false);
  w.hparamsEnd('success');
  w.close();
  const kinds = hparamsRecords(dir).map((r) => Object.keys(r).find((k) => k !== 'version'));
  assert.deepEqual(kinds, ['session_start_info', 'session_end_info']);
});

test('two experiments writing the root record at the same time leave one file with one record', async () => {
  const expDir = join(root, 'race');
  mkdirSync(expDir, { recursive: true });
  const mod = new URL('./grid.js', import.meta.url).href;
  const rootMod = new URL('./hparams-root.js', import.meta.url).href;
  // Each writer rewrites the record 40 times, as concurrently started experiments would.
  const script = `const { expandGrid } = await import(${JSON.stringify(mod)});
    const { writeHparamsRoot } = await import(${JSON.stringify(rootMod)});
    const trials = expandGrid(${JSON.stringify(spec)}, ${JSON.stringify(root)});
    for (let i = 0; i < 40; i++) writeHparamsRoot(${JSON.stringify(expDir)}, trials);`;
  const codes = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on(
            'exit',
            resolve,
          ),
        ),
    ),
  );
  assert.deepEqual(codes, [0, 0, 0]);
  assert.deepEqual(readdirSync(expDir), [HPARAMS_ROOT_FILE]);
  assert.equal(hparamsRecords(expDir).length, 1);
});
