import { availableParallelism } from 'node:os';
import { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * onnxruntime-node sessions as the engine uses them: all graph optimisations, intra-op
 * threads = cores (or the caller's choice), one inter-op thread, sequential execution.
 */
export async function createSession(model: Uint8Array, threads?: number): Promise<InferenceSession> {
  return InferenceSession.create(model, {
    intraOpNumThreads: threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    enableMemPattern: true,
  });
}

export function f32(data: Float32Array, dims: readonly number[]): Tensor {
  return new Tensor('float32', data, dims);
}

export { InferenceSession, Tensor };
