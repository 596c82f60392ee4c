/**
 * `npm run bench -- roofline`: achieved GFLOP/s of every matrix product in a training step
 * (ONNX Runtime's own per-node profile) against this machine's GEMM peak, measured in the same run
 * (a 1,024³ MatMul on one thread). Shapes: the wide layers, batch 128, one thread.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitOnnx } from '../src/engine/emit.js';
import { buildTrainGraph, FEATURES, LABELS, maskInputs } from '../src/engine/graphs.js';
import { newGraph } from '../src/engine/ops/index.js';
import { initialParams } from '../src/engine/params.js';
import { InferenceSession, Tensor } from '../src/engine/runtime.js';
import { mlpSpec } from './engine.js';

const BATCH = 128;
const SHAPES = [
  [1836, [256, 128], 159],
  [500, [256, 128], 983],
  [2000, [256, 128], 1000],
] as const;

const options = (profile?: string) => ({
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential' as const,
  graphOptimizationLevel: 'all' as const,
  ...(profile ? { enableProfiling: true, profileFilePrefix: profile } : {}),
});

interface ProfileEvent {
  cat?: string;
  name: string;
  dur: number;
  args?: {
    op_name?: string;
    input_type_shape?: Record<string, number[]>[];
    output_type_shape?: Record<string, number[]>[];
  };
}

/** ONNX Runtime's profile of a session, read and removed (endProfiling writes it under the prefix). */
function readProfile(prefix: string): ProfileEvent[] {
  const name = readdirSync(tmpdir()).find((f) => f.startsWith(basename(prefix)) && f.endsWith('.json'));
  if (!name) throw new Error(`no ONNX Runtime profile ${prefix}*.json`);
  const file = join(tmpdir(), name);
  const events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[];
  rmSync(file, { force: true });
  return events;
}

/**
 * GFLOP/s of one thread on a 1,024 × 1,024 × 1,024 product, from ONNX Runtime's kernel time like
 * the layers' (best of 30, the least disturbed on a shared machine): the peak they are held against.
 */
async function gemmPeak(): Promise<number> {
  const n = 1024;
  const g = newGraph();
  g.output('c', g.op('Gemm', [g.input('a', [n, n]), g.input('b', [n, n])]));
  const prefix = join(tmpdir(), `trainscope-roofline-${process.pid}-peak`);
  const s = await InferenceSession.create(emitOnnx(g), options(prefix));
  const a = new Tensor('float32', new Float32Array(n * n).fill(0.5), [n, n]);
  for (let i = 0; i < 30; i++) await s.run({ a, b: a });
  s.endProfiling();
  await s.release();
  const times = readProfile(prefix)
    .filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'))
    .map((e) => e.dur);
  return (2 * n ** 3) / (Math.min(...times) / 1e6) / 1e9;
}

export async function benchRoofline(): Promise<void> {
  const peak = await gemmPeak();
  console.log(
    `GEMM peak (1,024³ Gemm, 1 thread, ORT kernel time, best of 30): ${peak.toFixed(1)} GFLOP/s; load average ${loadavg()[0].toFixed(1)}`,
  );
  for (const [inputs, hidden, outputs] of SHAPES) {
    const sp = mlpSpec(inputs, hidden, outputs, 1e-3);
    const prefix = join(tmpdir(), `trainscope-roofline-${process.pid}-${inputs}`);
    const s = await InferenceSession.create(emitOnnx(buildTrainGraph(sp)), options(prefix));
    const feeds: Record<string, Tensor> = {
      [FEATURES]: new Tensor('float32', new Float32Array(BATCH * inputs).fill(0.1), [BATCH, inputs]),
      [LABELS]: new Tensor('float32', new Float32Array(BATCH * outputs), [BATCH, outputs]),
    };
    for (const p of initialParams(sp, 1)) feeds[p.name] = new Tensor('float32', p.data, p.shape);
    for (const m of maskInputs(sp))
      feeds[m.name] = new Tensor('float32', new Float32Array(BATCH * m.units).fill(2), [BATCH, m.units]);
    const runs = 60;
    for (let i = 0; i < runs; i++) await s.run(feeds);
    s.endProfiling();
    await s.release();
    const events = readProfile(prefix);
    // Per Gemm node: its best time over the runs (the least disturbed on a shared machine, as for
    // the peak), and its flops from the input shapes.
    const byNode = new Map<string, { dur: number[]; flops: number; shapes: string }>();
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.args?.op_name !== 'Gemm') continue;
      const shapes = (e.args.input_type_shape ?? []).map((t) => Object.values(t)[0]);
      const cols = (Object.values(e.args.output_type_shape?.[0] ?? {})[0] ?? [0, 0])[1];
      // Whatever the transposes, A holds M·K values and the output is M × N.
      const flops = 2 * cols * shapes[0][0] * shapes[0][1];
      const key = e.name;
      const n = byNode.get(key) ?? { dur: [], flops, shapes: shapes.map((s) => `[${s}]`).join('×') };
      n.dur.push(e.dur);
      byNode.set(key, n);
    }
    let total = 0;
    let stepFlops = 0;
    console.log(
      `\n${inputs}→${hidden.join('→')}→${outputs}, batch ${BATCH}, 1 thread: matrix products of one step`,
    );
    for (const [, n] of byNode) {
      const us = Math.min(...n.dur.slice(5));
      total += us;
      stepFlops += n.flops;
      const gf = n.flops / (us / 1e6) / 1e9;
      console.log(
        `  ${n.shapes.padEnd(34)} ${(n.flops / 1e6).toFixed(1).padStart(6)} MFLOP ${(us / 1000).toFixed(3).padStart(7)} ms ${gf.toFixed(1).padStart(6)} GFLOP/s  ${((100 * gf) / peak).toFixed(0).padStart(3)}% of peak`,
      );
    }
    console.log(
      `  all products: ${(stepFlops / 1e6).toFixed(0)} MFLOP in ${(total / 1000).toFixed(2)} ms = ${(stepFlops / (total / 1e6) / 1e9).toFixed(1)} GFLOP/s (${((100 * stepFlops) / (total / 1e6) / 1e9 / peak).toFixed(0)}% of peak)`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchRoofline();
