import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { examine } from '../doctor/examine.js';
import { createEventWriter } from '../events/writer.js';
import { createRng } from '../model/rng.js';
import { computedReport } from './computed-doctor.js';
import { LogdirProvider } from './logdir-provider.js';

const root = mkdtempSync(join(tmpdir(), 'ts-computed-doctor-'));
after(() => rmSync(root, { recursive: true, force: true }));

/**
 * A Keras 3 stock-callback run (every layer's kernel in one 'kernel/histogram' tag, k records
 * per step) whose second layer never changes: the board's computed report must say what
 * `trainscope doctor` says, although the board keeps one record per step of a tag.
 */
test("the board's doctor reads a shared Keras 3 tag as the CLI does: the frozen 'layer #2' named", async () => {
  const rng = createRng(9);
  const shapes = [
    [20, 16],
    [16, 12],
    [12, 3],
  ];
  const w = shapes.map(([i, o]) =>
    Float32Array.from({ length: i * o }, () => rng.normal() * Math.sqrt(2 / (i + o))),
  );
  const train = createEventWriter(join(root, 'k3', 'train'));
  const val = createEventWriter(join(root, 'k3', 'validation'));
  for (let epoch = 0; epoch < 6; epoch++) {
    train.scalar('epoch_loss', 0.69 * Math.exp(-0.1 * epoch), epoch);
    val.scalar('epoch_loss', 0.7 * Math.exp(-0.08 * epoch), epoch);
    val.scalar('epoch_auc', 0.7 + 0.03 * epoch, epoch);
    shapes.forEach(([i, o], k) => {
      if (epoch > 0 && k !== 1)
        for (let j = 0; j < w[k].length; j++) w[k][j] += 0.05 * Math.sqrt(2 / (i + o)) * rng.normal();
      train.histogram('kernel/histogram', w[k], epoch);
    });
    for (const [, o] of shapes)
      train.histogram('bias/histogram', new Float32Array(o).fill(0.01 * epoch), epoch);
  }
  train.close();
  val.close();
  const cli = await examine(join(root, 'k3'));
  const frozen = (fs: { id: string; where: { layer?: string } }[]) =>
    fs.filter((f) => f.id === 'frozen-layer').map((f) => f.where.layer);
  assert.deepEqual(frozen(cli.report.findings), ['layer #2']);
  const provider = new LogdirProvider(root, { minRefreshMs: 0 });
  const board = await computedReport(provider, 'k3/train');
  assert.equal(board.readAs, 'k3');
  assert.deepEqual(frozen(board.report.findings), ['layer #2']);
  assert.equal(board.report.diagnosis?.cause, cli.report.diagnosis?.cause);
});
