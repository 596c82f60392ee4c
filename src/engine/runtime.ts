import { availableParallelism } from 'node:os';
import { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * onnxruntime-node sessions as the engine uses them: all graph optimisations, intra-op
 * threads = cores (or the caller's choice), one inter-op thread, sequential execution.
 *
 * Each session has its own thread pool, whose threads spin-wait after work by default. With
 * several sessions (train step, probes, evaluation) on 2 cores, the idle ones' spinning threads
 * steal the cores from the one that runs: measured +40 ms per epoch of the story model around
 * the epoch-end probe. Without spinning the train step itself was no slower (bench/probes.ts).
 */
export async function createSession(
  model: Uint8Array,
  threads?: number,
  spin = false,
): Promise<InferenceSession> {
  return InferenceSession.create(model, {
    ...(spin ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
    intraOpNumThreads: threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    enableMemPattern: true,
  });
}

export { InferenceSession, Tensor };
