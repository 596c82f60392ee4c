import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../errors.js';
import { createEventWriter } from '../events/writer.js';
import { readLog, resolveRun } from './read.js';

const root = mkdtempSync(join(tmpdir(), 'ts-read-'));
after(() => rmSync(root, { recursive: true, force: true }));

function scalarRun(dir: string, tag = 'loss'): void {
  const w = createEventWriter(dir);
  w.scalar(tag, 0.5, 0);
  w.close();
}

test('a run directory, with runs nested below it (--explain), is that run', async () => {
  scalarRun(join(root, 'story'));
  scalarRun(join(root, 'story', 'explain', 'init=he'));
  assert.equal((await resolveRun(join(root, 'story'))).run.name, '.');
});

test("a grid's root holding only its hparams experiment record is not a run: its trials are", async () => {
  const grid = join(root, 'grid');
  const w = createEventWriter(grid);
  w.hparamsExperiment({ lr: [0.1, 0.01] }, ['loss/val']);
  w.close();
  scalarRun(join(grid, 'lr=0.1'));
  assert.equal((await resolveRun(grid)).run.name, 'lr=0.1', 'the only trial');
  scalarRun(join(grid, 'lr=0.01'));
  await assert.rejects(
    resolveRun(grid),
    (e: unknown) =>
      e instanceof UserError &&
      /log directory with 2 runs, not a run: name one of them \(lr=0\.01, lr=0\.1\)/.test(e.message),
  );
});

test('Keras halves and an add_hparams sub-run resolve to their whole run, with directory-prefixed tag names', async () => {
  const k = join(root, 'keras', 'A');
  scalarRun(join(k, 'train'), 'epoch_loss');
  scalarRun(join(k, 'validation'), 'epoch_loss');
  for (const half of ['train', 'validation']) {
    const r = await readLog(join(k, half));
    assert.deepEqual(
      r.tags.map((t) => t.name),
      ['train/epoch_loss', 'validation/epoch_loss'],
    );
    assert.deepEqual([...r.run.scalars.keys()].sort(), ['loss/train', 'loss/val']);
  }
  const pt = join(root, 'pt');
  scalarRun(pt, 'Loss/train');
  const sub = join(pt, '1796331960.3211923');
  const w = createEventWriter(sub);
  w.hparams({ lr: 0.1 }, ['hparam/loss'], false);
  w.scalar('hparam/loss', 0.4, 0);
  w.close();
  const r = await readLog(sub);
  assert.equal(r.hparams?.lr, 0.1);
  assert.deepEqual(r.unknown, []);
  await assert.rejects(resolveRun(join(root, 'nope')), /run directory .*nope does not exist/);
});

test("PyTorch add_scalars sub-runs (RUN/Loss_train holding 'Loss') belong to RUN and name the scalar; look-alikes stay runs", async () => {
  const pt = join(root, 'addscalars');
  scalarRun(pt, 'AUC/val');
  scalarRun(join(pt, 'Loss_train'), 'Loss');
  scalarRun(join(pt, 'Loss_val'), 'Loss');
  scalarRun(join(pt, 'ablation'), 'Loss'); // a run nested below: its name is not '<tag>_<key>'
  for (const path of [pt, join(pt, 'Loss_val')]) {
    const r = await readLog(path);
    assert.deepEqual(
      r.parts.map((p) => `${p.part.dir}:${p.part.kind}`),
      ['.:main', 'Loss_train:scalars', 'Loss_val:scalars'],
    );
    assert.deepEqual(r.provenance.get('loss/train'), ['Loss_train/Loss']);
    assert.deepEqual(r.provenance.get('loss/val'), ['Loss_val/Loss']);
    assert.deepEqual(r.unknown, []);
  }
  assert.equal((await resolveRun(join(pt, 'ablation'))).run.name, '.');
});
