import type { Engine, Tensor32 } from '../engine/types.js';
import type { TrainConfig } from '../run/config.js';
import type { RunMeta, StopKind } from '../run/meta.js';
import type { PreparedData } from './prepare.js';
import type { ProbeBatch } from './probes.js';
import type { Recorder } from './recorder-types.js';
import type { EpochInfo, TrainHooks } from './types.js';

/**
 * Callbacks: everything a run does besides taking steps — probes, progress, the live doctor,
 * stopping rules, checkpoints — as small objects with optional hooks that the loop (loop.ts)
 * calls at fixed points, Keras-style. A callback ends training by setting `state.stop`.
 */

/** A run once set up (train.ts): what the loop drives and what every callback may read. */
export interface TrainingRun {
  config: TrainConfig;
  data: PreparedData;
  engine: Engine;
  rec: Recorder;
  runDir: string;
  meta: RunMeta;
  labelNames: string[];
  /** The fixed batch of training rows the probes (and preflight) look at. */
  probe: ProbeBatch;
  /** True when this process continues a run from its checkpoint (no step-0 probe, no preflight). */
  resumed: boolean;
  hooks: TrainHooks;
  log: (line: string) => void;
}

/** Why training ends before its last epoch. */
export interface Stop {
  kind: Exclude<StopKind, 'completed'>;
  reason: string;
}

/** The loop's position, shared with the callbacks. */
export interface LoopState {
  /** Epochs completed. */
  epoch: number;
  /** Set by the first callback (or interrupt) that ends training; the loop stops after the current epoch. */
  stop: Stop | null;
}

export interface StepEnd {
  /** 1-based epoch and step within it. */
  epoch: number;
  index: number;
  steps: number;
  /** Optimiser steps taken so far in the whole run (after this one). */
  step: number;
  loss: number;
  /** Mean finite loss of the epoch so far. */
  meanLoss: number;
  /** This step's gradients, when a callback asked for them (wantsGradients). */
  grads?: Tensor32[];
}

export interface EpochEnd extends Omit<EpochInfo, 'seconds' | 'probeSeconds'> {
  /** performance.now() when the epoch began. */
  startedAt: number;
  /** Milliseconds spent in each callback's hooks during this epoch, by callback name. */
  timings: ReadonlyMap<string, number>;
}

export interface Callback {
  /** Unique in a run: the key of its state in a checkpoint and of its timing. */
  readonly name: string;
  /** The loop is about to take its first step (of a fresh or of a resumed run). */
  onStart?(state: LoopState): Promise<void> | void;
  /** Should the step before a probe fetch its gradients? */
  wantsGradients?(): boolean;
  onStepEnd?(s: StepEnd, state: LoopState): Promise<void> | void;
  /** A probe point: step 0 of a fresh run, every --probe-every steps, or else each epoch's end. */
  onProbe?(step: number, state: LoopState): Promise<void> | void;
  onEpochEnd?(e: EpochEnd, state: LoopState): Promise<void> | void;
  /** The run is being closed (final files are written, DONE not yet): last words. */
  onEnd?(state: LoopState): Promise<void> | void;
  /** What the callback needs to continue exactly after a resume: saved in every checkpoint (JSON). */
  save?(): unknown;
  restore?(saved: unknown): void;
}

/** How callers add callbacks to a run: one factory per callback, given the set-up run. */
export type CallbackFactory = (run: TrainingRun) => Callback;

type Hook = 'onStart' | 'onStepEnd' | 'onProbe' | 'onEpochEnd' | 'onEnd';

/** Calls one hook on every callback in order, timing each callback (the epoch line shows probe time). */
export function callbackRunner(callbacks: Callback[]) {
  const names = new Set<string>();
  for (const c of callbacks) {
    if (names.has(c.name)) throw new Error(`two callbacks named '${c.name}'`);
    names.add(c.name);
  }
  const timings = new Map<string, number>();
  async function call(hook: Hook, ...args: unknown[]): Promise<void> {
    for (const c of callbacks) {
      const fn = c[hook] as ((...a: unknown[]) => Promise<void> | void) | undefined;
      if (!fn) continue;
      const t0 = performance.now();
      await fn.apply(c, args);
      timings.set(c.name, (timings.get(c.name) ?? 0) + performance.now() - t0);
    }
  }
  return {
    call,
    timings,
    wantsGradients: () => callbacks.some((c) => c.wantsGradients?.() === true),
  };
}
