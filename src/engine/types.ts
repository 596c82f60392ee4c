import type { ModelSpec } from '../model/spec.js';

/** One named parameter (or optimiser slot) tensor: row-major float32. */
export interface Tensor32 {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** What a forward pass can return besides logits, per layer (hidden layers first, then output). */
export interface LayerProbe {
  /** `layer1`, `layer2`, … or `output`. */
  name: string;
  units: number;
  /** [batch, units] pre-activations (x·W + b). */
  pre: Float32Array;
  /** [batch, units] activations after the nonlinearity (and after dropout in train mode); for `output` the sigmoid. */
  post: Float32Array;
}

export interface ForwardResult {
  /** [batch, outputs] logits. */
  logits: Float32Array;
  /** Present when probes were requested. */
  layers?: LayerProbe[];
}

/**
 * Rows of a batch in CSR, as the sparse first layer takes them: row r's non-zero inputs are
 * cols[k] / values[k] for k in [rowStart[r], rowStart[r + 1]). `offset`, when given, is added to
 * every row (the constant a centred feature contributes where its stored value is 0).
 */
export interface SparseRows {
  rowStart: Int32Array;
  cols: Int32Array;
  values: Float32Array;
  offset: Float32Array | null;
}

export interface StepResult {
  /** Mean sigmoid cross-entropy over the batch and labels (plus the L2 term, if any). */
  loss: number;
  /** Gradients of every parameter for this step (before clipping), when requested (same order as params()). */
  grads?: Tensor32[];
}

export interface EngineOptions {
  /** Intra-op threads for ONNX Runtime (default: number of cores). */
  threads?: number;
  /** Seeds the initial weights (when `params` is absent) and the dropout masks. */
  seed: number;
  /** Start from these parameters instead of initialising (e.g. a loaded checkpoint). */
  params?: Tensor32[];
  /** Optimiser slots (e.g. Adam m and v) and step counter from a checkpoint. */
  optimizerState?: { step: number; slots: Tensor32[] };
}

/**
 * A compiled model: the train-step graph and the eval graph on onnxruntime-node sessions.
 * Parameters live on the host between steps; each step feeds them and reads the new ones.
 */
export interface Engine {
  readonly spec: ModelSpec;
  /** Number of optimiser updates applied so far. */
  readonly step: number;
  /** One optimiser update on a batch. x: [batch, inputs]; y: [batch, outputs] in {0,1}. */
  trainStep(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    opts?: { fetchGrads?: boolean },
  ): Promise<StepResult>;
  /**
   * The same update as trainStep from rows given sparse: the first layer's product and its
   * gradient are computed on the host from the non-zeros (equal to trainStep up to float32
   * rounding; tested). For inputs that are mostly zeros.
   */
  trainStepSparse(
    x: SparseRows,
    y: Float32Array,
    batch: number,
    opts?: { fetchGrads?: boolean },
  ): Promise<StepResult>;
  /**
   * Forward pass. mode 'train' applies dropout (masks from the engine's seeded stream),
   * 'inference' does not. probes=true also returns per-layer pre/post activations.
   */
  forward(
    x: Float32Array,
    batch: number,
    mode: 'train' | 'inference',
    probes?: boolean,
  ): Promise<ForwardResult>;
  /** Mean loss of the inference-mode forward pass on (x, y), in batches, plus the L2 term. */
  evaluateLoss(x: Float32Array, y: Float32Array, rows: number): Promise<number>;
  /**
   * One inference-mode pass over (x, y) for validation: the mean cross-entropy over rows × labels
   * (without the L2 term: add penalty()) and the logits, so loss and metrics share the forward.
   * `out`, when given, receives the logits instead of a new array (a validation pass reuses it).
   */
  evaluate(
    x: Float32Array,
    y: Float32Array,
    rows: number,
    out?: Float32Array,
  ): Promise<{ crossEntropy: number; logits: Float32Array }>;
  /**
   * evaluate from rows given sparse, through the sparse first layer (as trainStepSparse): the
   * validation pass of mostly-zero inputs, never densified. `out`, when given, receives the
   * logits ([rows, outputs]) instead of a new array.
   */
  evaluateSparse(
    x: SparseRows,
    y: Float32Array,
    rows: number,
    out?: Float32Array,
  ): Promise<{ crossEntropy: number; logits: Float32Array }>;
  /** The L2 term of the loss (weightDecay/2 · Σ‖kernel‖²), 0 without weight decay. */
  penalty(): number;
  /** Current parameters (copies), in paramShapes(spec) order. */
  params(): Tensor32[];
  setParams(params: Tensor32[]): void;
  optimizerState(): { step: number; slots: Tensor32[] };
  /** The eval graph with the current weights as initialisers; input `features`, outputs `probabilities` and `logits`. */
  exportOnnx(): Uint8Array;
  /** Set the learning rate used from now on (absolute value; schedules, LR-range probes). */
  setLearningRate(lr: number): void;
  /** The learning rate in use (what the loop records each epoch). */
  readonly learningRate: number;
  dispose(): Promise<void>;
}
