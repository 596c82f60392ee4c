import { gzipSync } from 'node:zlib';

/**
 * The CLI fuzz corpus: malformed and hostile invocations of every command — flags, values,
 * data files, config files, run directories — each with what must happen. Generated from a seed
 * (deterministic), so a failure names a case that can be run again.
 *
 * `error`: must end with a clean error (non-zero exit, one line, no stack trace).
 * `ok`: a control that must succeed (proves the harness sees success when there is one).
 * `warn`: may succeed only if it says the run is unfinished or its log incomplete.
 */
export type Expect = 'error' | 'ok' | 'warn';

export interface FuzzCase {
  id: string;
  argv: string[];
  /** Files the case needs, written into the fixture folder before it runs (names are unique). */
  files?: Record<string, string | Uint8Array>;
  expect: Expect;
}

/**
 * What each command must do with each damaged run: the files it needs must be refused when
 * damaged; an unfinished run or a cut log must be said. Damage to a file a command does not
 * read (the checkpoint for predict, the model for doctor) is not its business.
 */
/** Commands that use the saved model: they need trainscope.json and model.onnx. */
const USES_MODEL: Record<string, Expect> = {
  'run-badjson': 'error',
  'run-schema': 'error',
  'run-nometa': 'error',
  'run-empty': 'error',
  'run-badmodel': 'error',
  'run-nomodel': 'error',
  'run-unfinished': 'warn',
};
/** Commands that read the event log. */
const READS_LOG: Record<string, Expect> = {
  'run-empty': 'error',
  'run-garbage-events': 'error',
  'run-trunc': 'warn',
  'run-unfinished': 'warn',
};
const DAMAGED_EXPECT: Record<string, Record<string, Expect>> = {
  eval: USES_MODEL,
  predict: USES_MODEL,
  export: USES_MODEL,
  doctor: { ...READS_LOG, 'run-badjson': 'error', 'run-schema': 'error' },
  inspect: READS_LOG,
  report: READS_LOG,
};

/** Names the fixture folder holds (fuzz-run.ts makes them). */
export const FIXTURE = {
  run: 'run', // a small finished run (6 features w1…w6, 2 labels)
  data: 'good.csv', // its training data (w1…w6, l1, l2)
  features: 'feat.csv', // features only
  file: 'afile',
  dir: 'adir',
  /** Damaged copies of `run` (and what is wrong with each). */
  damaged: {
    'run-badjson': 'trainscope.json is not JSON',
    'run-schema': 'trainscope.json has the wrong shape',
    'run-nometa': 'no trainscope.json',
    'run-empty': 'an empty folder',
    'run-badmodel': 'model.onnx is garbage',
    'run-nomodel': 'no model.onnx',
    'run-badckpt': 'checkpoint.bin does not match checkpoint.json',
    'run-garbage-events': 'the event file is random bytes',
  },
  /** Runs that must be reported as unfinished or truncated (warn). */
  incomplete: {
    'run-trunc': 'the event file cut in half',
    'run-unfinished': 'no DONE (stopped during training)',
  },
} as const;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(a: readonly T[]) => a[Math.floor(next() * a.length)],
  };
}

const HEADER = 'w1,w2,w3,w4,w5,w6,l1,l2';
const row = (i: number) =>
  `${i % 7},${(i * 3) % 5},${i % 2},${(i * 7) % 11},${i % 3},${(i * 5) % 4},${i % 2},${(i >> 1) % 2}`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i)).join('\n');

/** Data files that must be refused (every one names its problem). */
export const BAD_DATA: Record<string, string | Uint8Array> = {
  'empty.csv': '',
  'header-only.csv': `${HEADER}\n`,
  'one-row.csv': `${HEADER}\n${row(1)}\n`,
  'three-rows.csv': `${HEADER}\n${rows(3)}\n`,
  'text-in-number.csv': `${HEADER}\n${rows(30)}\n1,2,abc,4,5,6,0,1\n`,
  'hex-number.csv': `${HEADER}\n${rows(30)}\n0x10,2,3,4,5,6,0,1\n`,
  'hex-label.csv': `${HEADER}\n${rows(30)}\n1,2,3,4,5,6,0x1,1\n`,
  'label-two.csv': `${HEADER}\n${rows(30)}\n1,2,3,4,5,6,2,1\n`,
  'ragged.csv': `${HEADER}\n${rows(30)}\n1,2,3\n`,
  'unterminated-quote.csv': `${HEADER}\n${rows(30)}\n"1,2,3,4,5,6,0,1\n`,
  'nul-bytes.csv': `${HEADER}\n${rows(30)}\n1,2,\0\0,4,5,6,0,1\n`,
  'huge-token.csv': `${HEADER}\n${rows(30)}\n${'9'.repeat(2_000_000)}x,2,3,4,5,6,0,1\n`,
  'binary.csv': Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256),
  'gzip-named.csv': gzipSync(`${HEADER}\n${rows(30)}\n`).subarray(0, 40),
  'dup-header.csv': `w1,w1,w3,w4,w5,w6,l1,l2\n${rows(30)}\n`,
  'empty.arff': '',
  'no-data.arff': '@relation r\n@attribute a numeric\n@attribute L {0,1}\n',
  'bad-type.arff': '@relation r\n@attribute a wibble\n@attribute L {0,1}\n@data\n1,0\n',
  'undeclared-nominal.arff': '@relation r\n@attribute a numeric\n@attribute L {0,1}\n@data\n1,0\n2,7\n',
  'sparse-dup.arff':
    '@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute L {0,1}\n@data\n{0 1,0 2,2 1}\n{1 1,2 0}\n',
  'hex.arff': '@relation r\n@attribute a numeric\n@attribute L {0,1}\n@data\n0x1F,0\n1,1\n',
  'binary.arff': Uint8Array.from({ length: 2048 }, (_, i) => (i * 97 + 3) % 256),
};

/** Bad for training, fine to predict from (few rows; label columns are ignored). */
const PREDICTABLE = new Set(['one-row.csv', 'three-rows.csv', 'hex-label.csv', 'label-two.csv']);

/** Config files that must be refused. */
export const BAD_CONFIG: Record<string, string> = {
  'syntax.yaml': 'hidden: [8, 4\nlr: 0.1\n',
  'unknown-key.yaml': 'data: good.csv\nlearning_rate: 3\n',
  'dup-spelling.yaml': 'data: good.csv\nbatch_size: 8\nbatchSize: 16\n',
  'wrong-type.yaml': 'data: good.csv\nepochs: many\n',
  'negative.yaml': 'data: good.csv\nepochs: -3\n',
  'list.json': '[1, 2, 3]\n',
  'not-json.json': '{"data": "good.csv",',
  'nested.json': `${'['.repeat(5000)}${']'.repeat(5000)}`,
  'alias-bomb.yaml': `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
  'hidden-empty.yaml': "data: good.csv\nhidden: ''\n",
  'binary.yaml': '\u0000\u0001\u0002\u00ff',
};

/** Truth/scores matrix pairs for `metrics` that must be refused. */
export const BAD_METRICS: Record<string, [string, string]> = {
  'shape-mismatch': ['1,0\n0,1\n', '0.2,0.8\n0.6,0.4\n0.5,0.5\n'],
  'columns-mismatch': ['1,0\n0,1\n', '0.2,0.8,0.1\n0.6,0.4,0.3\n'],
  'truth-two': ['1,2\n0,1\n', '0.2,0.8\n0.6,0.4\n'],
  'score-above-one': ['1,0\n0,1\n', '1.2,0.8\n0.6,0.4\n'],
  'score-nan': ['1,0\n0,1\n', 'nan,0.8\n0.6,0.4\n'],
  'score-hex': ['1,0\n0,1\n', '0x1,0.8\n0.6,0.4\n'],
  'empty-truth': ['', '0.2,0.8\n'],
  'header-only': ['a,b\n', 'a,b\n'],
  'ragged-scores': ['1,0\n0,1\n', '0.2,0.8\n0.6\n'],
};

/** Grid files for `experiment` that must be refused. */
export const BAD_GRIDS: Record<string, string> = {
  'grid-syntax.yaml': 'axes: [1, 2\n',
  'grid-unknown-field.yaml': 'axes:\n  learning_speed: [1, 2]\n',
  'grid-unknown-top.yaml': 'trials: 3\naxes:\n  dropout: [0, 0.5]\n',
  'grid-empty-axis.yaml': 'axes:\n  dropout: []\n',
  'grid-bad-value.yaml': 'base:\n  epochs: 1\naxes:\n  dropout: [0, 7]\n',
  'grid-not-map.yaml': '- 1\n- 2\n',
  'grid-empty.yaml': '',
  'grid-seeds-huge.yaml': 'seeds: 100000000\naxes:\n  dropout: [0, 0.5]\n',
  'grid-workers-zero.yaml': 'workers: 0\naxes:\n  dropout: [0, 0.5]\n',
  'grid-workers-huge.yaml': 'workers: 100000\naxes:\n  dropout: [0, 0.5]\n',
  'grid.json': '{"axes": {"dropout": [0, 0.5]',
};

/** Flag values that are wrong for any numeric flag. */
const BAD_NUMBERS = [
  '',
  'abc',
  '-1',
  'NaN',
  '1e999',
  '0x10',
  '1,5',
  ' ',
  '--',
  '\u001b[31m9',
  '9'.repeat(400),
];
/** Values wrong for a path that must exist and be a file. */
const BAD_PATHS = ['', 'nope.csv', FIXTURE.dir, '/dev/null', 'x'.repeat(5000), '\u001b]0;title\u0007.csv'];

type Base = { argv: string[]; numbers: string[]; paths: string[]; runs?: boolean; files?: FuzzCase['files'] };

/** A valid invocation of each command that finishes quickly, and which of its flags take numbers/paths. */
function bases(): Record<string, Base> {
  const data = ['--data', FIXTURE.data, '--labels', 'last:2'];
  return {
    train: {
      argv: ['train', ...data, '--epochs', '1', '--hidden', '4', '--threads', '1', '--quiet'],
      numbers: [
        '--epochs',
        '--lr',
        '--batch-size',
        '--seed',
        '--dropout',
        '--threshold',
        '--val-fraction',
        '--probe-every',
      ],
      paths: ['--data', '--config', '--test'],
    },
    eval: { argv: ['eval', FIXTURE.run, ...data], numbers: ['--threshold'], paths: ['--data'], runs: true },
    predict: {
      argv: ['predict', FIXTURE.run, '--data', FIXTURE.features],
      numbers: ['--threshold'],
      paths: ['--data'],
      runs: true,
    },
    doctor: { argv: ['doctor', FIXTURE.run, '--json'], numbers: ['--steps'], paths: [], runs: true },
    inspect: { argv: ['inspect', FIXTURE.run], numbers: ['--width'], paths: [], runs: true },
    export: { argv: ['export', FIXTURE.run, '--out', 'OUT.onnx'], numbers: [], paths: [], runs: true },
    report: {
      argv: ['report', FIXTURE.run, '--out', 'OUT.html'],
      numbers: ['--scalar-samples', '--histogram-samples'],
      paths: [],
      runs: true,
    },
    metrics: {
      argv: ['metrics', '--truth', 'truth.csv', '--scores', 'scores.csv'],
      numbers: ['--threshold'],
      paths: ['--truth', '--scores'],
    },
    // A valid grid file, so that the flags' own checks are what each case meets.
    experiment: {
      argv: ['experiment', 'grid.yaml', '--logdir', 'runs-exp'],
      numbers: ['--workers', '--seeds'],
      paths: [],
      files: { 'grid.yaml': 'base:\n  epochs: 1\n  hidden: [4]\naxes:\n  dropout: [0, 0.5]\n' },
    },
    board: { argv: ['board', FIXTURE.run], numbers: ['--port'], paths: [] },
    worker: { argv: ['worker', '--queue', 'redis://127.0.0.1:1'], numbers: ['--concurrency'], paths: [] },
    demo: { argv: ['demo', '--no-board'], numbers: ['--port', '--seeds', '--workers'], paths: [] },
  };
}

/** Put `value` as the value of `flag` (replacing it when present). */
function withFlag(argv: string[], flag: string, value: string): string[] {
  const i = argv.indexOf(flag);
  return i >= 0 ? [...argv.slice(0, i + 1), value, ...argv.slice(i + 2)] : [...argv, flag, value];
}

export function fuzzCorpus(seed = 1, randomCases = 150): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (id: string, argv: string[], expect: Expect = 'error', files?: FuzzCase['files']) =>
    cases.push({ id, argv, expect, ...(files ? { files } : {}) });
  const b = bases();
  // Controls: valid invocations succeed (with outputs to fresh names).
  add('ok-inspect', ['inspect', FIXTURE.run], 'ok');
  add('ok-predict', ['predict', FIXTURE.run, '--data', FIXTURE.features, '--out', 'ok-p.csv'], 'ok');
  add('ok-eval', b.eval.argv, 'ok');
  add('ok-train', [...b.train.argv, '--logdir', 'runs-ok'], 'ok');
  // Every command: unknown flag, flag without its value, stray arguments, hostile numbers and paths.
  for (const [name, base] of Object.entries(b)) {
    const addTo = (id: string, argv: string[]) => add(id, argv, 'error', base.files);
    addTo(`${name}-unknown-flag`, [...base.argv, '--bogus']);
    addTo(`${name}-unknown-short`, [...base.argv, '-Z']);
    addTo(`${name}-missing-value`, [...base.argv, base.numbers[0] ?? '--bogus']);
    addTo(`${name}-stray-args`, [...base.argv, 'extra', 'args']);
    for (const flag of base.numbers)
      for (const v of ['abc', '-1', '1e999', '', ...(flag === '--workers' ? ['100000'] : [])])
        if (!(name === 'train' && flag === '--seed' && v === '1e999'))
          addTo(`${name}${flag}=${JSON.stringify(v)}`, withFlag(base.argv, flag, v));
    for (const flag of base.paths)
      for (const v of BAD_PATHS)
        addTo(`${name}${flag}=${JSON.stringify(v.slice(0, 20))}`, withFlag(base.argv, flag, v));
    if (base.runs) {
      for (const dir of [FIXTURE.file, 'no-such-run'])
        add(`${name}-run=${dir}`, [base.argv[0], dir, ...base.argv.slice(2)]);
      for (const [dir, expect] of Object.entries(DAMAGED_EXPECT[name] ?? {}))
        add(`${name}-run=${dir}`, [base.argv[0], dir, ...base.argv.slice(2)], expect);
    }
  }
  // Outputs onto folders, into missing folders, onto files that are folders' parents.
  for (const cmd of ['predict', 'export', 'report'] as const) {
    const base = cmd === 'predict' ? [...b.predict.argv, '--out', 'X'] : b[cmd].argv;
    const at = base.indexOf('--out') + 1;
    for (const out of [FIXTURE.dir, 'missing-folder/x', `${FIXTURE.file}/x`, ''])
      add(`${cmd}-out=${out}`, [...base.slice(0, at), out, ...base.slice(at + 1)]);
  }
  // Training: the classes.
  const t = b.train.argv;
  for (const [file, body] of Object.entries(BAD_DATA))
    add(`train-data=${file}`, withFlag(t, '--data', file), 'error', { [file]: body });
  for (const [file, body] of Object.entries(BAD_DATA))
    if (file.endsWith('.csv') && !PREDICTABLE.has(file))
      add(`predict-data=${file}`, withFlag(b.predict.argv, '--data', file), 'error', { [file]: body });
  for (const [file, body] of Object.entries(BAD_CONFIG))
    add(
      `train-config=${file}`,
      ['train', '--config', file, '--threads', '1', '--quiet', '--logdir', 'runs-cfg'],
      'error',
      {
        [file]: body,
      },
    );
  for (const h of ['', '8,,4', '8,', ',', '0', '-4', 'a,b', '1e9'])
    add(`train-hidden=${h}`, withFlag(t, '--hidden', h));
  add('train-positional', ['train', 'good.csv']);
  add('train-nothing', ['train']);
  add('train-logdir-file', withFlag(t, '--logdir', FIXTURE.file));
  add('train-logdir-under-file', withFlag(t, '--logdir', `${FIXTURE.file}/runs`));
  add('train-name-dotdot', withFlag(t, '--name', '../../escape'));
  add('train-name-exists', [...t, '--logdir', '.', '--name', FIXTURE.run]);
  add('train-resume-missing', ['train', '--resume', '--name', 'never-was']);
  add('train-resume-changes', [
    'train',
    '--resume',
    '--logdir',
    '.',
    '--name',
    'run-unfinished',
    '--lr',
    '0.5',
  ]);
  add('train-resume-finished', ['train', '--resume', '--logdir', '.', '--name', FIXTURE.run]);
  add('train-both-bool', [...t, '--doctor', '--no-doctor']);
  for (const dir of ['run-badjson', 'run-schema'])
    for (const flag of ['--explain', '--fix']) add(`doctor${flag}-run=${dir}`, ['doctor', dir, flag]);
  add('doctor-steps-abc', ['doctor', FIXTURE.run, '--explain', '--steps', 'abc']);
  add('metrics-missing-files', ['metrics', '--truth', 'nope.csv', '--scores', 'nope2.csv']);
  for (const [file, body] of Object.entries(BAD_GRIDS))
    add(`experiment-grid=${file}`, ['experiment', file, '--logdir', 'runs-exp'], 'error', { [file]: body });
  for (const [kind, [truth, scores]] of Object.entries(BAD_METRICS))
    add(`metrics-${kind}`, ['metrics', '--truth', `t-${kind}.csv`, '--scores', `s-${kind}.csv`], 'error', {
      [`t-${kind}.csv`]: truth,
      [`s-${kind}.csv`]: scores,
    });
  add('ok-metrics', ['metrics', '--truth', 'truth.csv', '--scores', 'scores.csv'], 'ok', {
    'truth.csv': '1,0\n0,1\n1,1\n0,0\n',
    'scores.csv': '0.9,0.2\n0.3,0.7\n0.6,0.6\n0.1,0.4\n',
  });
  add('train-threads-huge', withFlag(t, '--threads', '100000'));
  add('experiment-missing-grid', ['experiment', 'no-grid.yaml']);
  add('unknown-command', ['trian']);
  // Random: a valid base with one or two hostile mutations.
  const r = rng(seed);
  const names = Object.keys(b);
  for (let i = 0; i < randomCases; i++) {
    const name = r.pick(names);
    const base = b[name];
    let argv = [...base.argv];
    const what: string[] = [];
    const mutations = 1 + r.int(2);
    for (let m = 0; m < mutations; m++) {
      const kind = r.int(4);
      if (kind === 0 && base.numbers.length) {
        const flag = r.pick(base.numbers);
        const v = r.pick(BAD_NUMBERS);
        if (name === 'train' && flag === '--seed' && v === '1e999') continue;
        argv = withFlag(argv, flag, v);
        what.push(`${flag}=${JSON.stringify(v.slice(0, 12))}`);
      } else if (kind === 1 && base.paths.length) {
        const flag = r.pick(base.paths);
        const v = r.pick(BAD_PATHS);
        argv = withFlag(argv, flag, v);
        what.push(`${flag}=${JSON.stringify(v.slice(0, 12))}`);
      } else if (kind === 2 && base.runs) {
        const errors = Object.entries(DAMAGED_EXPECT[name] ?? {}).filter(([, e]) => e === 'error');
        if (!errors.length) continue;
        const dir = r.pick(errors)[0];
        argv = [argv[0], dir, ...argv.slice(2)];
        what.push(dir);
      } else {
        const junk = r.pick(['--', '-', '---x', '--=', '--data=', '-h=1', '--no-', '\u0000', '--lr=1=2']);
        if (junk === '-h=1' || junk === '--') continue;
        argv = [...argv, junk];
        what.push(JSON.stringify(junk));
      }
    }
    if (!what.length) continue;
    add(`random-${i}-${name}-${what.join('+')}`, argv, 'error', base.files);
  }
  return cases;
}
