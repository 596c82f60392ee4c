import { UserError } from '../errors.js';
import { initialize } from '../model/initializers.js';
import { createRng } from '../model/rng.js';
import { type ModelSpec, paramShapes } from '../model/spec.js';
import type { Tensor32 } from './types.js';

/**
 * Initial parameters: one forked stream per parameter in paramShapes order, so a seed alone
 * reproduces them and changing one layer's initialiser leaves the others' draws unchanged.
 */
export function initialParams(spec: ModelSpec, seed: number): Tensor32[] {
  const root = createRng(seed);
  return paramShapes(spec).map((p) => {
    const rng = root.fork();
    const i = p.layer - 1;
    const layer = i < spec.hidden.length ? spec.hidden[i] : spec.output;
    const fanIn = i === 0 ? spec.inputs : spec.hidden[i - 1].units;
    const fanOut = i < spec.hidden.length ? spec.hidden[i].units : spec.outputs;
    const init = p.shape.length === 2 ? layer.kernelInit : layer.biasInit;
    const size = p.shape.reduce((a, b) => a * b, 1);
    return { name: p.name, shape: [...p.shape], data: initialize(init, size, fanIn, fanOut, rng) };
  });
}

/** Check given tensors against the expected names and shapes; return copies in expected order. */
export function checkTensors(
  what: string,
  expected: { name: string; shape: readonly number[] }[],
  given: Tensor32[],
): Tensor32[] {
  const byName = new Map(given.map((t) => [t.name, t]));
  const out = expected.map((e) => {
    const t = byName.get(e.name);
    if (!t) throw new UserError(`${what}: missing tensor ${e.name} (shape [${e.shape}])`);
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== size || (t.shape.length && t.shape.join() !== e.shape.join()))
      throw new UserError(`${what}: ${e.name} has shape [${t.shape}], the model expects [${e.shape}]`);
    return { name: e.name, shape: [...e.shape], data: Float32Array.from(t.data) };
  });
  if (given.length !== expected.length) {
    const extra = given.find((t) => !expected.some((e) => e.name === t.name));
    if (extra) throw new UserError(`${what}: unexpected tensor ${extra.name}`);
  }
  return out;
}
