import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandGrid, seedAxis, trialName } from './grid.js';
import { coerce, parseAxisFlag, parseGridText, parseSetFlag } from './grid-file.js';

const story = {
  name: 'story',
  base: { hidden: [8], epochs: 2 },
  axes: [
    { field: 'init', values: ['truncated_normal:1', 'glorot_uniform'] },
    { field: 'dropout', values: [0, 0.5] },
    seedAxis(3),
  ],
};

test('a 2 × 2 grid with 3 seeds has 12 trials, seeds varying slowest', () => {
  const trials = expandGrid(story, 'runs');
  assert.equal(trials.length, 12);
  assert.deepEqual(
    trials.slice(0, 4).map((t) => t.name),
    [
      'init=truncated_normal-1,dropout=0,seed=1',
      'init=truncated_normal-1,dropout=0.5,seed=1',
      'init=glorot_uniform,dropout=0,seed=1',
      'init=glorot_uniform,dropout=0.5,seed=1',
    ],
  );
  assert.equal(trials[4].name, 'init=truncated_normal-1,dropout=0,seed=2');
  assert.equal(new Set(trials.map((t) => t.name)).size, 12);
  assert.equal(new Set(trials.map((t) => t.group)).size, 4);
  assert.equal(trials[1].group, 'init=truncated_normal-1,dropout=0.5');
});

test('each trial config is base + axis values, in LOGDIR/<experiment>/<trial>', () => {
  const t = expandGrid(story, 'out')[1];
  assert.deepEqual(t.config, {
    hidden: [8],
    epochs: 2,
    init: 'truncated_normal:1',
    dropout: 0.5,
    seed: 1,
    logdir: 'out/story',
    name: 'init=truncated_normal-1,dropout=0.5,seed=1',
  });
  assert.deepEqual(t.assignment, { init: 'truncated_normal:1', dropout: 0.5, seed: 1 });
});

test('trial names are stable, readable and path-safe', () => {
  assert.equal(
    trialName({ init: 'truncated_normal:1', hidden: [256, 128, 64] }),
    'init=truncated_normal-1,hidden=256-128-64',
  );
  assert.equal(trialName({ data: '../x/y z' }), 'data=..-x-y-z');
  assert.equal(trialName({}), 'base');
  const long = trialName({ data: 'x'.repeat(400) });
  assert.ok(long.length <= 200);
  assert.equal(long, trialName({ data: 'x'.repeat(400) }));
});

test('a grid without axes is one trial; invalid values are caught before anything runs', () => {
  assert.equal(expandGrid({ name: 'e', base: {}, axes: [] }, 'runs').length, 1);
  assert.throws(
    () => expandGrid({ name: 'e', base: {}, axes: [{ field: 'dropout', values: [0, 1.5] }] }, 'runs'),
    /grid trial dropout=1.5: field 'dropout'/,
  );
  assert.throws(
    () => expandGrid({ name: 'e', base: {}, axes: [{ field: 'name', values: ['a'] }] }, 'runs'),
    /cannot be an axis/,
  );
  assert.throws(
    () => expandGrid({ name: 'e', base: {}, axes: [{ field: 'data', values: ['a:b', 'a-b'] }] }, 'runs'),
    /same directory name 'data=a-b'/,
  );
});

test('grid files: base, axes, seeds; errors name the file and line', () => {
  const g = parseGridText(
    [
      'name: story',
      'seeds: 2',
      'workers: 2',
      'base:',
      '  lr: 1e-4',
      '  hidden: [8]',
      'axes:',
      '  init: [truncated_normal:1, glorot_uniform]',
      '  dropout: [0, 0.5]',
    ].join('\n'),
    'grid.yaml',
  );
  assert.equal(g.spec.name, 'story');
  assert.equal(g.workers, 2);
  assert.deepEqual(g.spec.base, { lr: 1e-4, hidden: [8] });
  assert.deepEqual(g.spec.axes, [
    { field: 'init', values: ['truncated_normal:1', 'glorot_uniform'] },
    { field: 'dropout', values: [0, 0.5] },
    { field: 'seed', values: [1, 2] },
  ]);
  assert.equal(expandGrid(g.spec, 'runs').length, 8);
  assert.equal(parseGridText('axes:\n  seed: [1]\n', 'dir/my-grid.yaml').spec.name, 'my-grid');
  assert.throws(
    () => parseGridText('base:\n  lr: 1\naxes:\n  dropuot: [0]\n', 'g.yaml'),
    /^UserError: g\.yaml:4: axes\.dropuot: unknown configuration field/,
  );
  assert.throws(
    () => parseGridText('dropout: [0, 0.5]\n', 'g.yaml'),
    /g\.yaml:1: dropout: unknown key.*under 'base:' or 'axes:'/,
  );
  assert.throws(
    () => parseGridText('axes:\n  dropout: 0.5\n', 'g.yaml'),
    /g\.yaml:2: axes\.dropout: expected a non-empty list/,
  );
  assert.throws(() => parseGridText('axes: [1,\n', 'g.yaml'), /^UserError: g\.yaml:\d+: /);
  assert.throws(
    () => parseGridText('seeds: 2\naxes:\n  seed: [1]\n', 'g.yaml'),
    /either 'seeds' or an axis 'seed'/,
  );
});

test('--grid flags: values typed by the field, lists separated by |', () => {
  assert.deepEqual(parseAxisFlag('init=truncated_normal:1,glorot_uniform'), {
    field: 'init',
    values: ['truncated_normal:1', 'glorot_uniform'],
  });
  assert.deepEqual(parseAxisFlag('dropout=0,0.5'), { field: 'dropout', values: [0, 0.5] });
  assert.deepEqual(parseAxisFlag('hidden=256,128,64|64'), { field: 'hidden', values: ['256,128,64', '64'] });
  assert.deepEqual(parseAxisFlag('standardize=true,false'), { field: 'standardize', values: [true, false] });
  assert.deepEqual(parseSetFlag('lr=1e-4'), ['lr', 1e-4]);
  assert.equal(coerce('data', '123'), '123');
  assert.throws(() => parseAxisFlag('nope=1'), /unknown configuration field 'nope'/);
  assert.throws(() => parseAxisFlag('dropout'), /expected FIELD=VALUE/);
  const trials = expandGrid({ name: 'e', base: {}, axes: [parseAxisFlag('hidden=16,8|4')] }, 'runs');
  assert.deepEqual(
    trials.map((t) => t.name),
    ['hidden=16-8', 'hidden=4'],
  );
});
