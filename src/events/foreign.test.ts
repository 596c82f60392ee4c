/**
 * Reading files written by other tools. Neither TensorFlow nor PyTorch-with-tensorboard is
 * installed here, so these fixtures are built byte by byte INDEPENDENTLY of our writer and of
 * our protobufjs schema: a tiny protobuf wire encoder below (varints, fixed64/32, length-
 * delimited fields, field numbers from the public .proto files) and a bit-at-a-time CRC-32C,
 * reproducing what PyTorch's SummaryWriter / tensorboardX (simple_value scalars, HistogramProto
 * histograms), TF1 (HistogramProto with ±DBL_MAX outer limits) and TF2/Keras (tensor scalars and
 * [k,3] float64 histogram tensors with plugin metadata only on a tag's first value) write.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hparamsExperimentValue, hparamsSessionStartValue, textValue } from './encode.js';
import { histogramStats } from './histogram-stats.js';
import { EventType } from './proto.js';
import { readLogdir, readRun } from './reader.js';

// ---- an independent protobuf wire encoder --------------------------------------------------
type Bytes = number[];
function varint(n: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: Bytes = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const f64 = (x: number) => [...Buffer.from(new Float64Array([x]).buffer)];
const f32 = (x: number) => [...Buffer.from(new Float32Array([x]).buffer)];
const fDouble = (field: number, x: number) => [...key(field, 1), ...f64(x)];
const fFloat = (field: number, x: number) => [...key(field, 5), ...f32(x)];
const fVarint = (field: number, x: number) => [...key(field, 0), ...varint(x)];
const fBytes = (field: number, b: Bytes) => [...key(field, 2), ...varint(b.length), ...b];
const fString = (field: number, s: string) => fBytes(field, [...Buffer.from(s, 'utf8')]);
const packedDoubles = (field: number, xs: number[]) => fBytes(field, xs.flatMap(f64));

// Event: wall_time=1 step=2 file_version=3 summary=5. Summary: value=1.
// Value: tag=1 simple_value=2 image=4 histo=5 tensor=8 metadata=9.
const event = (wall: number, step: number, ...values: Bytes[]) => [
  ...fDouble(1, wall),
  ...(step ? fVarint(2, step) : []),
  ...fBytes(
    5,
    values.flatMap((v) => fBytes(1, v)),
  ),
];
const header = (wall: number) => [...fDouble(1, wall), ...fString(3, 'brain.Event:2')];
const pluginMeta = (name: string) => fBytes(9, fBytes(1, fString(1, name)));
const shape = (...dims: number[]) =>
  fBytes(
    2,
    dims.flatMap((d) => fBytes(2, fVarint(1, d))),
  );

// ---- an independent CRC-32C (bitwise) and TFRecord framing ----------------------------------
function crc(bytes: Bytes): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  c = (c ^ 0xffffffff) >>> 0;
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}
const u32 = (x: number) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24];
function frame(data: Bytes): Bytes {
  const len = [...u32(data.length), 0, 0, 0, 0];
  return [...len, ...u32(crc(len)), ...data, ...u32(crc(data))];
}
const file = (...records: Bytes[]) => Buffer.from(records.flatMap(frame));

const root = mkdtempSync(join(tmpdir(), 'ts-events-foreign-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('PyTorch SummaryWriter / tensorboardX style: simple_value scalars and HistogramProto', async () => {
  const dir = join(root, 'torch');
  mkdirSync(dir);
  const histo = [
    ...fDouble(1, -0.5), // min
    ...fDouble(2, 1.5), // max
    ...fDouble(3, 6), // num
    ...fDouble(4, 3), // sum
    ...fDouble(5, 4.5), // sum_squares
    ...packedDoubles(6, [0, 0.5, 1, 1.5]), // bucket_limit
    ...packedDoubles(7, [1, 2, 0, 3]), // bucket
  ];
  writeFileSync(
    join(dir, 'events.out.tfevents.1700000000.torchhost.1234.0'),
    file(
      header(1700000000),
      event(1700000001, 0, [...fString(1, 'Loss/train'), ...fFloat(2, 0.6875)]),
      event(1700000002, 1, [...fString(1, 'Loss/train'), ...fFloat(2, 0)]),
      event(1700000003, 1, [...fString(1, 'fc1.weight'), ...fBytes(5, histo)]),
      event(1700000004, 2, [...fString(1, 'sample'), ...fBytes(4, fVarint(1, 8))]), // an image
    ),
  );
  const run = await readRun(dir);
  assert.deepEqual(
    run.scalars.get('Loss/train')!.map((p) => [p.step, p.value, p.wallTime]),
    [
      [0, Math.fround(0.6875), 1700000001],
      [1, 0, 1700000002],
    ],
  );
  const h = run.histograms.get('fc1.weight')![0].histogram;
  assert.deepEqual([h.min, h.max, h.num, h.sum, h.sumSquares], [-0.5, 1.5, 6, 3, 4.5]);
  assert.deepEqual([...h.bucketLimits], [0, 0.5, 1, 1.5]);
  assert.deepEqual([...h.counts], [1, 2, 0, 3]);
  assert.equal(histogramStats(h).mean, 0.5);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0], /torchhost.*skipped summary values .*legacy image\/audio\/other: 1/);
});

test('TF1 style: HistogramProto with ±DBL_MAX outer limits is clamped to [min, max] by the helpers', async () => {
  const dir = join(root, 'tf1');
  mkdirSync(dir);
  const DBL_MAX = 1.7976931348623157e308;
  const histo = [
    ...fDouble(1, 1), // min
    ...fDouble(2, 3), // max
    ...fDouble(3, 4),
    ...fDouble(4, 8),
    ...fDouble(5, 18),
    ...packedDoubles(6, [2, DBL_MAX]),
    ...packedDoubles(7, [2, 2]),
  ];
  writeFileSync(
    join(dir, 'events.out.tfevents.1500000000.tf1host'),
    file(header(1500000000), event(1500000001, 100, [...fString(1, 'w'), ...fBytes(5, histo)])),
  );
  const h = (await readRun(dir)).histograms.get('w')![0];
  assert.equal(h.step, 100);
  const s = histogramStats(h.histogram);
  assert.equal(s.max, 3);
  assert.equal(s.median, 2);
  assert.ok(s.p95 <= 3 && s.p95 > 2, `p95 ${s.p95}`);
});

test('TF2 / Keras style: tensor scalars and [k,3] float64 histograms, metadata on first value only', async () => {
  const logdir = join(root, 'keras');
  const train = join(logdir, 'train');
  const validation = join(logdir, 'validation');
  mkdirSync(train, { recursive: true });
  mkdirSync(validation, { recursive: true });
  const DT_FLOAT = 1;
  const DT_DOUBLE = 2;
  // Tensor: dtype=1 tensor_shape=2 tensor_content=4 float_val=5 (packed) double_val=6 (packed).
  const scalarTensorContent = (x: number) =>
    fBytes(8, [...fVarint(1, DT_FLOAT), ...shape(), ...fBytes(4, f32(x))]);
  const scalarFloatVal = (x: number) =>
    fBytes(8, [...fVarint(1, DT_FLOAT), ...shape(), ...fBytes(5, f32(x))]);
  const rows = [
    [-1, 0, 3],
    [0, 1, 5],
    [1, 2, 2],
  ];
  const histContent = fBytes(8, [
    ...fVarint(1, DT_DOUBLE),
    ...shape(3, 3),
    ...fBytes(4, rows.flat().flatMap(f64)),
  ]);
  const histDoubleVal = fBytes(8, [
    ...fVarint(1, DT_DOUBLE),
    ...shape(3, 3),
    ...packedDoubles(6, rows.flat()),
  ]);
  writeFileSync(
    join(train, 'events.out.tfevents.1600000000.kerashost.77.0.v2'),
    file(
      header(1600000000),
      event(1600000001, 0, [
        ...fString(1, 'epoch_loss'),
        ...pluginMeta('scalars'),
        ...scalarTensorContent(0.5),
      ]),
      event(1600000002, 1, [...fString(1, 'epoch_loss'), ...scalarFloatVal(0.25)]), // no metadata
      event(1600000003, 0, [...fString(1, 'dense/kernel_0'), ...pluginMeta('histograms'), ...histContent]),
      event(1600000004, 1, [...fString(1, 'dense/kernel_0'), ...histDoubleVal]), // no metadata
      event(1600000005, 1, [
        ...fString(1, 'double_scalar'),
        ...pluginMeta('scalars'),
        ...fBytes(8, [...fVarint(1, DT_DOUBLE), ...shape(), ...packedDoubles(6, [0.125])]),
      ]),
      event(1600000006, 1, [
        ...fString(1, 'pr'),
        ...pluginMeta('pr_curves'),
        ...fBytes(8, [...fVarint(1, DT_FLOAT), ...shape(1)]),
      ]),
    ),
  );
  writeFileSync(
    join(validation, 'events.out.tfevents.1600000000.kerashost.77.1.v2'),
    file(
      header(1600000000),
      event(1600000001, 0, [
        ...fString(1, 'epoch_loss'),
        ...pluginMeta('scalars'),
        ...scalarTensorContent(0.75),
      ]),
    ),
  );
  const runs = await readLogdir(logdir);
  assert.deepEqual(
    runs.map((r) => r.name),
    ['train', 'validation'],
  );
  const [tr, va] = runs;
  assert.deepEqual(
    tr.scalars.get('epoch_loss')!.map((p) => [p.step, p.value]),
    [
      [0, 0.5],
      [1, 0.25],
    ],
  );
  assert.deepEqual(
    tr.scalars.get('double_scalar')!.map((p) => p.value),
    [0.125],
  );
  assert.deepEqual(
    va.scalars.get('epoch_loss')!.map((p) => p.value),
    [0.75],
  );
  const hs = tr.histograms.get('dense/kernel_0')!;
  assert.equal(hs.length, 2);
  for (const { histogram: h } of hs) {
    assert.deepEqual([h.min, h.max, h.num], [-1, 2, 10]);
    assert.deepEqual([...h.bucketLimits], [0, 1, 2]);
    assert.deepEqual([...h.counts], [3, 5, 2]);
    assert.equal(h.sum, 3 * -0.5 + 5 * 0.5 + 2 * 1.5); // from bucket centres
  }
  assert.equal(tr.warnings.length, 1);
  assert.match(tr.warnings[0], /pr_curves: 1/);
  assert.deepEqual(va.warnings, []);
});

// Hparams: HParamsPluginData version=1 experiment=2 session_start_info=3 session_end_info=4.
// SessionStartInfo: hparams=1 (map entry: key=1, value=2) start_time_secs=5. google.protobuf.Value:
// number_value=2 string_value=3 bool_value=4. Experiment: time_created_secs=3 hparam_infos=4
// metric_infos=5; HParamInfo name=1 type=4; MetricInfo name=1 {group=1, tag=2}.
const entry = (k: string, v: Bytes) => fBytes(1, [...fString(1, k), ...fBytes(2, v)]);
const sessionStartContent = (t: number) =>
  fBytes(3, [
    ...entry('lr', fDouble(2, 0.001)),
    ...entry('init', fString(3, 'glorot')),
    ...entry('dropout', fVarint(4, 1)),
    ...fDouble(5, t),
  ]);

test('our hparams and text records are byte-identical to hand-encoded public-proto bytes', () => {
  const config = { lr: 0.001, init: 'glorot', dropout: true };
  const encodeValue = (v: Record<string, unknown>) => [
    ...EventType.encode({ summary: { value: [v] } }).finish(),
  ];
  const meta = (plugin: string, content: Bytes) =>
    fBytes(9, fBytes(1, [...fString(1, plugin), ...(content.length ? fBytes(2, content) : [])]));
  assert.deepEqual(
    encodeValue(hparamsSessionStartValue(config, 1234.5)),
    fBytes(
      5,
      fBytes(1, [
        ...fString(1, '_hparams_/session_start_info'),
        ...meta('hparams', sessionStartContent(1234.5)),
      ]),
    ),
  );
  const experiment = fBytes(2, [
    ...fDouble(3, 99),
    ...fBytes(4, [...fString(1, 'lr'), ...fVarint(4, 3)]), // DATA_TYPE_FLOAT64
    ...fBytes(4, [...fString(1, 'init'), ...fVarint(4, 1)]), // DATA_TYPE_STRING
    ...fBytes(4, [...fString(1, 'dropout'), ...fVarint(4, 2)]), // DATA_TYPE_BOOL
    ...fBytes(5, [...fBytes(1, fString(2, 'loss/val')), ...fVarint(5, 2)]), // dataset_type DATASET_VALIDATION
  ]);
  assert.deepEqual(
    encodeValue(hparamsExperimentValue(config, ['loss/val'], 99)),
    fBytes(5, fBytes(1, [...fString(1, '_hparams_/experiment'), ...meta('hparams', experiment)])),
  );
  // TF2 text summary: rank-0 DT_STRING (7) tensor, plugin "text".
  assert.deepEqual(
    encodeValue(textValue('notes', 'hi')),
    fBytes(
      5,
      fBytes(1, [
        ...fString(1, 'notes'),
        ...fBytes(8, [...fVarint(1, 7), ...fBytes(2, []), ...fString(8, 'hi')]),
        ...meta('text', []), // fields in number order, as protobuf serialisers write them
      ]),
    ),
  );
});

test('PyTorch-style hparams (session start without a tensor) and a session end read back', async () => {
  const dir = join(root, 'torch-hparams');
  mkdirSync(dir);
  const meta = (content: Bytes) => fBytes(9, fBytes(1, [...fString(1, 'hparams'), ...fBytes(2, content)]));
  writeFileSync(
    join(dir, 'events.out.tfevents.1700000000.h.1.0'),
    file(
      header(1700000000),
      event(1700000001, 0, [...fString(1, '_hparams_/session_start_info'), ...meta(sessionStartContent(5))]),
      event(1700000002, 0, [...fString(1, '_hparams_/session_end_info'), ...meta(fBytes(4, fVarint(1, 2)))]),
    ),
  );
  const run = await readRun(dir);
  assert.deepEqual(run.hparams, { lr: 0.001, init: 'glorot', dropout: true });
  assert.equal(run.hparamsStatus, 'failure');
  assert.deepEqual(run.warnings, []);
});
