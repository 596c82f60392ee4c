import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createEventWriter } from '../events/index.js';
import { TAGS } from '../run/tags.js';
import { runsImpl } from './api.js';
import { LogdirProvider } from './logdir-provider.js';
import { tinyRuns } from './testing/fixtures.js';

let root: string;
let logdir: string;

/** The tiny real runs, copied: these tests add runs and links to the log directory. */
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'board-logdir-'));
  logdir = path.join(root, 'runs');
  await cp(await tinyRuns(), logdir, { recursive: true });
});

after(() => rm(root, { recursive: true, force: true }));

test('reads our runs: tags, series, trainscope.json, doctor.json', async () => {
  const p = new LogdirProvider(logdir, { minRefreshMs: 0 });
  const runs = await runsImpl(p);
  assert.equal(runs.runs.length, 2);
  const r = runs.runs.find((x) => x.name === 'std1-dropout')!;
  const doctor = JSON.parse(await readFile(path.join(logdir, 'std1-dropout', 'doctor.json'), 'utf8'));
  assert.equal(r.ours, true);
  assert.equal(r.finished, true);
  assert.equal(
    r.doctor.counts.warning,
    doctor.findings.filter((f: { severity: string }) => f.severity === 'warning').length,
  );
  assert.equal(r.config.init, 'truncated_normal:1');
  const epochs = JSON.parse(await readFile(path.join(logdir, 'std1-dropout', 'trainscope.json'), 'utf8'))
    .config.epochs;
  const h = await p.readHistograms('std1-dropout', TAGS.param('layer1', 'weights'), 0);
  assert.equal(h.length, epochs + 1, 'step 0 and one probe per epoch');
  assert.equal(h.at(-1)!.step, r.lastStep);
  // truncated normal, std 1, cut at ±2: variance 0.77
  assert.ok(Math.abs(h[0].histogram.sumSquares / h[0].histogram.num - 0.77) < 0.05);
});

test('picks up new steps of a growing run and new runs, reading only appended bytes', async () => {
  const p = new LogdirProvider(logdir, { minRefreshMs: 0 });
  const w = createEventWriter(path.join(logdir, 'live'), { maxBufferedBytes: 0 });
  w.scalar(TAGS.trainLoss, 0.7, 1);
  w.flush();
  let live = (await p.listRuns()).find((r) => r.name === 'live');
  assert.ok(live, 'new run listed');
  const v1 = live.version;
  assert.equal((await p.readScalars('live', TAGS.trainLoss, 0)).length, 1);
  w.scalar(TAGS.trainLoss, 0.6, 2);
  w.scalar(TAGS.trainLoss, 0.5, 3);
  w.flush();
  live = (await p.listRuns()).find((r) => r.name === 'live')!;
  assert.ok(live.version > v1, 'version grows');
  assert.equal(live.lastStep, 3);
  assert.deepEqual(
    (await p.readScalars('live', TAGS.trainLoss, 0)).map((x) => x.value),
    [0.7, 0.6, 0.5].map(Math.fround),
  );
  const meta = await p.readRunMeta('live');
  assert.equal(meta.meta, undefined, 'no trainscope.json: foreign-looking run');
  w.close();
});

test('never follows a symlinked run directory out of the logdir', async () => {
  const outside = path.join(root, 'outside');
  await mkdir(outside);
  await cp(path.join(logdir, 'glorot'), path.join(outside, 'secret'), { recursive: true });
  await symlink(path.join(outside, 'secret'), path.join(logdir, 'linked'));
  const p = new LogdirProvider(logdir, { minRefreshMs: 0 });
  const names = (await p.listRuns()).map((r) => r.name);
  assert.ok(!names.includes('linked') && !names.some((n) => n.includes('secret')), names.join());
  await assert.rejects(p.listTags('../outside/secret'), /no run named/);
});

test('bounded memory: a reservoir of histograms per tag', async () => {
  const p = new LogdirProvider(logdir, {
    minRefreshMs: 0,
    guidance: { scalars: 5, histograms: 3, texts: 1 },
  });
  const all = await new LogdirProvider(logdir).readHistograms('glorot', TAGS.param('layer1', 'weights'), 0);
  const h = await p.readHistograms('glorot', TAGS.param('layer1', 'weights'), 0);
  assert.equal(h.length, Math.min(3, all.length));
  assert.equal(h.at(-1)!.step, all.at(-1)!.step, 'the newest step always survives');
  assert.equal(await p.countPoints('glorot', 'histograms', TAGS.param('layer1', 'weights')), all.length);
});
