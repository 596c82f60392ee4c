import type { Node } from '../ir.js';
import { broadcastRef, type OpDef, type RefTensor, tensor } from './op.js';

/**
 * Y = alpha·op(A)·op(B) + beta·C, op = transpose when transA/transB is 1 (2-D only). The one
 * matrix product of the engine: transposes in the backward pass become attributes, not copies.
 */
export const gemm: OpDef = {
  name: 'Gemm',
  arity: [2, 3],
  infer: ([a, b], attrs) => ({
    shape: [attrs.transA ? a.shape[1] : a.shape[0], attrs.transB ? b.shape[0] : b.shape[1]],
    dtype: 'float',
  }),
  ref: ([a, b, c], attrs) => {
    const ta = Boolean(attrs.transA);
    const tb = Boolean(attrs.transB);
    const [m, k] = ta ? [a.shape[1], a.shape[0]] : a.shape;
    const n = tb ? b.shape[0] : b.shape[1];
    const alpha = Number(attrs.alpha ?? 1);
    const beta = Number(attrs.beta ?? 1);
    const out = tensor([m, n]);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++)
          s += a.data[ta ? p * m + i : i * k + p] * b.data[tb ? j * k + p : p * n + j];
        out.data[i * n + j] = alpha * s;
      }
    if (!c) return out;
    return broadcastRef([out, c as RefTensor], (y, cv) => y + beta * cv);
  },
  grad: (g, node, dy) => {
    const [a, b, c] = node.inputs;
    const ta = node.attrs.transA ? 1 : 0;
    const tb = node.attrs.transB ? 1 : 0;
    const alpha = Number(node.attrs.alpha ?? 1);
    const beta = Number(node.attrs.beta ?? 1);
    const mm = (x: Node, y: Node, transA: number, transB: number) =>
      g.op('Gemm', [x, y], { transA, transB, alpha });
    const da = ta ? mm(b, dy, tb, 1) : mm(dy, b, 0, 1 - tb);
    const db = tb ? mm(dy, a, 1, ta) : mm(a, dy, 1 - ta, 0);
    const out: (Node | null)[] = [da, db];
    if (c) out.push(beta === 1 ? dy : g.op('Mul', [dy, g.scalar(beta)]));
    return out;
  },
  attrTypes: { transA: 'int', transB: 'int', alpha: 'float', beta: 'float' },
  check: {
    inputs: [{ shape: [3, 2] }, { shape: [4, 3] }, { shape: [4] }],
    attrs: { transA: 1, transB: 1, alpha: 0.5, beta: 2 },
  },
};
