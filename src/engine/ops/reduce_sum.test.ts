import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import { emitOnnx } from '../emit.js';
import { createSession } from '../runtime.js';
import { newGraph } from './index.js';

test('column sums (every bias gradient) emitted as 1ᵀ·X give the rows’ sums at any batch size, kept dims or not', async () => {
  for (const keepdims of [0, 1]) {
    for (const cols of [5, 128, 256, 374]) {
      const g = newGraph();
      const x = g.input('x', [-1, cols]);
      g.output('s', g.op('ReduceSum', [x], { axes: [0], keepdims }));
      const session = await createSession(emitOnnx(g), 1);
      for (const rows of [1, 3, 128, 0]) {
        const data = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 7919) % 101) / 8 - 6);
        const out = await session.run({ x: new Tensor('float32', data, [rows, cols]) });
        assert.deepEqual([...out.s.dims], keepdims ? [1, cols] : [cols]);
        const got = out.s.data as Float32Array;
        for (let c = 0; c < cols; c++) {
          let want = 0;
          for (let r = 0; r < rows; r++) want += data[r * cols + c];
          assert.ok(
            Math.abs(got[c] - want) <= 1e-5 * Math.max(1, Math.abs(want)),
            `${rows}×${cols} col ${c}: ${got[c]} vs ${want}`,
          );
        }
      }
      await session.release();
    }
  }
});
