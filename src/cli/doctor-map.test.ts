import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEventWriter } from '../events/writer.js';
import { createRng } from '../model/rng.js';

/**
 * A log whose every tag is named as no convention names it: the doctor lists them as unknown,
 * refuses a clean bill (exit 3), and `--map TAG=ROLE` makes the same log readable — its layers
 * chained from the histogram counts and the frozen one named.
 */
const BIN = fileURLToPath(new URL('../../../bin/trainscope.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ts-doctor-map-'));
after(() => rmSync(root, { recursive: true, force: true }));

function writeOddLog(dir: string): void {
  const rng = createRng(5);
  const w = createEventWriter(dir);
  const shapes: [string, number, number][] = [
    ['enc', 20, 16],
    ['mid', 16, 12],
    ['head', 12, 3],
  ];
  const weights = shapes.map(([, i, o]) =>
    Float32Array.from({ length: i * o }, () => rng.normal() * Math.sqrt(2 / (i + o))),
  );
  for (let epoch = 0; epoch < 8; epoch++) {
    w.scalar('objective', 0.69 * Math.exp(-0.08 * epoch), epoch);
    w.scalar('heldout_objective', 0.7 * Math.exp(-0.06 * epoch), epoch);
    w.scalar('heldout_rank_score', 0.6 + 0.03 * epoch, epoch);
    shapes.forEach(([name, i, o], k) => {
      // 'mid' is frozen: its histogram is identical at every record
      if (epoch > 0 && name !== 'mid')
        for (let j = 0; j < weights[k].length; j++)
          weights[k][j] += 0.06 * Math.sqrt(2 / (i + o)) * rng.normal();
      w.histogram(`${name}.kernel_matrix`, weights[k], epoch);
      w.histogram(
        `${name}.offset`,
        Float32Array.from({ length: o }, (_, j) => 0.01 * epoch * ((j % 3) - 1)),
        epoch,
      );
    });
  }
  w.close();
}

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'doctor', ...args], { encoding: 'utf8' });

test('unknown tags are listed, no clean bill (exit 3); --map makes the log readable and the frozen layer named', () => {
  const dir = join(root, 'odd');
  writeOddLog(dir);
  const bare = run(dir);
  assert.equal(bare.status, 3, bare.stdout + bare.stderr);
  assert.match(bare.stdout, /^NOT ENOUGH CHECKED/);
  assert.doesNotMatch(bare.stdout, /no findings\n/);
  for (const t of ['objective', 'heldout_objective', 'enc.kernel_matrix', 'head.kernel_matrix'])
    assert.ok(bare.stdout.includes(t), `${t} not listed as unknown:\n${bare.stdout}`);
  const bareJson = JSON.parse(run(dir, '--json').stdout);
  assert.equal(bareJson.coverage.sufficient, false);
  assert.deepEqual([...bareJson.log.unknown].sort(), [
    'enc.kernel_matrix',
    'enc.offset',
    'head.kernel_matrix',
    'head.offset',
    'heldout_objective',
    'heldout_rank_score',
    'mid.kernel_matrix',
    'mid.offset',
    'objective',
  ]);

  const mapped = run(
    dir,
    '--json',
    '--map',
    'objective=train-loss',
    '--map',
    'heldout_objective=val-loss',
    '--map',
    'heldout_rank_score=val-auc',
    ...['enc', 'mid', 'head'].flatMap((l) => [
      '--map',
      `${l}.kernel_matrix=weights:${l}`,
      '--map',
      `${l}.offset=bias:${l}`,
    ]),
  );
  assert.equal(mapped.status, 1, mapped.stdout + mapped.stderr);
  const report = JSON.parse(mapped.stdout);
  assert.deepEqual(report.log.unknown, []);
  assert.equal(report.coverage.sufficient, true, report.coverage.note);
  assert.deepEqual(
    report.log.layers.map(
      (l: { name: string; fanIn: number; fanOut: number }) => `${l.name} ${l.fanIn}→${l.fanOut}`,
    ),
    ['enc 20→16', 'mid 16→12', 'head 12→3'],
  );
  const frozen = report.findings.filter((f: { id: string }) => f.id === 'frozen-layer');
  assert.deepEqual(
    frozen.map((f: { where: { layer: string } }) => f.where.layer),
    ['mid'],
  );
  assert.ok(frozen[0].reads.includes('mid.kernel_matrix'), frozen[0].reads.join());

  const bad = run(dir, '--map', 'objective=weights');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--map objective=weights: unknown role 'weights'/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
});
