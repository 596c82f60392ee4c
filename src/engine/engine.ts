import { UserError } from '../errors.js';
import { layerName, type ModelSpec, paramShapes } from '../model/spec.js';
import { emitOnnx } from './emit.js';
import { createFlatState, type FlatState } from './flat-state.js';
import {
  buildEvalGraph,
  buildTrainGraph,
  CLIP_COEF,
  FEATURES,
  FIRST_PRODUCT,
  firstUnits,
  gradName,
  LABELS,
  LOGITS,
  LOSS,
  maskInputs,
  slotName,
} from './graphs.js';
import type { Graph } from './ir.js';
import { FORWARD_STREAM, type MaskRequest, maskWriter, STEP_STREAM } from './masks.js';
import { type Optimizer, optimizerFor } from './optim/index.js';
import { checkTensors, initialParams } from './params.js';
import { createSession, type InferenceSession, Tensor } from './runtime.js';
import { clipFactor, sparseBackward, sparseForward } from './sparse-first.js';
import type { Engine, EngineOptions, ForwardResult, SparseRows, StepResult, Tensor32 } from './types.js';

/** Rows per run in evaluateLoss: large enough to amortise a run, small enough to stay in cache-ish memory. */
const EVAL_CHUNK = 4096;
/** Rows per run of the sparse loss graph. */
const SPARSE_EVAL_CHUNK = 1024;

/** Compile a ModelSpec into ONNX graphs on onnxruntime-node. */
export async function createEngine(spec: ModelSpec, opts: EngineOptions): Promise<Engine> {
  const engine = new OnnxEngine(spec, opts);
  await engine.session('train');
  return engine;
}

type SessionKey =
  | 'train'
  | 'train-sparse'
  | `forward:${'train' | 'inference'}:${boolean}`
  | 'loss'
  | 'loss-sparse';

class OnnxEngine implements Engine {
  readonly spec: ModelSpec;
  private readonly shapes: ReturnType<typeof paramShapes>;
  private readonly opt: Optimizer;
  private readonly masks: ReturnType<typeof maskInputs>;
  private readonly seed: number;
  private readonly threads?: number;
  /** Parameters, gradients and optimiser slots, flat, where the fused update runs. */
  private readonly state: FlatState;
  /** ORT tensors over the parameter and gradient views, made once: a step feeds and fetches them. */
  private paramTensors: Tensor[] = [];
  private gradFetches: Record<string, Tensor | null> = {};
  /** The state generation the tensors above view (the memory may grow for the sparse scratch). */
  private bound = -1;
  private stepCount: number;
  private lr: number;
  private forwardCount = 0;
  private readonly sessions = new Map<SessionKey, Promise<InferenceSession>>();
  private readonly writeMasks = maskWriter();
  /** What the mask writer is asked for each step (the masks' shapes, fixed by the spec). */
  private readonly maskRequests: MaskRequest[];

  constructor(spec: ModelSpec, opts: EngineOptions) {
    this.spec = spec;
    this.shapes = paramShapes(spec);
    this.opt = optimizerFor(spec.optimizer);
    this.masks = maskInputs(spec);
    this.maskRequests = this.masks.map((m) => ({ units: m.units, rate: m.rate, layer: m.index }));
    this.seed = opts.seed;
    this.threads = opts.threads;
    this.lr = spec.optimizer.lr;
    this.state = createFlatState(
      this.shapes.map((p) => p.shape.reduce((a, b) => a * b, 1)),
      this.opt.slots.length,
    );
    const params = opts.params
      ? checkTensors('parameters', this.shapes, opts.params)
      : initialParams(spec, opts.seed);
    this.setParamValues(params.map((p) => p.data));
    this.stepCount = 0;
    if (opts.optimizerState) {
      const given = checkTensors('optimizer state', this.slotShapes(), opts.optimizerState.slots);
      given.forEach((t, i) => {
        const param = Math.floor(i / this.opt.slots.length);
        this.state.slots[i % this.opt.slots.length].set(t.data, this.state.offsets[param]);
      });
      this.stepCount = opts.optimizerState.step;
    }
  }

  /** (Re)make the tensors over the state's views when the memory behind them changed. */
  private bind(): void {
    if (this.bound === this.state.generation) return;
    this.paramTensors = this.shapes.map((p, i) => new Tensor('float32', this.state.paramViews[i], p.shape));
    this.gradFetches = { [LOSS]: null };
    this.shapes.forEach((p, i) => {
      this.gradFetches[gradName(p.name)] = new Tensor('float32', this.state.gradViews[i], p.shape);
    });
    if (this.spec.clipNorm > 0) this.gradFetches[CLIP_COEF] = null;
    this.bound = this.state.generation;
  }

  private setParamValues(parts: Float32Array[]): void {
    parts.forEach((d, i) => {
      this.state.paramViews[i].set(d);
    });
  }

  get step(): number {
    return this.stepCount;
  }

  private slotShapes(): { name: string; shape: number[] }[] {
    return this.shapes.flatMap((p) =>
      this.opt.slots.map((s) => ({ name: slotName(p.name, s), shape: [...p.shape] })),
    );
  }

  session(key: SessionKey): Promise<InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) {
      s = createSession(emitOnnx(this.graph(key)), this.threads);
      this.sessions.set(key, s);
    }
    return s;
  }

  private graph(key: SessionKey): Graph {
    if (key === 'train' || key === 'train-sparse')
      return buildTrainGraph(this.spec, { sparseFirst: key === 'train-sparse' });
    if (key === 'loss' || key === 'loss-sparse')
      return buildEvalGraph(this.spec, { loss: true, sparseFirst: key === 'loss-sparse' });
    const [, mode, probes] = key.split(':');
    return buildEvalGraph(this.spec, { mode: mode as 'train' | 'inference', probes: probes === 'true' });
  }

  private paramFeeds(feeds: Record<string, Tensor>): void {
    this.bind();
    this.shapes.forEach((p, i) => {
      feeds[p.name] = this.paramTensors[i];
    });
  }

  private maskFeeds(feeds: Record<string, Tensor>, batch: number, stream: number, counter: number): void {
    const views = this.writeMasks(this.maskRequests, batch, this.seed, stream, counter);
    this.masks.forEach((m, k) => {
      feeds[m.name] = new Tensor('float32', views[k], [batch, m.units]);
    });
  }

  private matrix(name: string, data: Float32Array, rows: number, cols: number): Tensor {
    if (data.length < rows * cols)
      throw new UserError(`${name}: expected ${rows}×${cols} = ${rows * cols} values, got ${data.length}`);
    return new Tensor('float32', data.length === rows * cols ? data : data.subarray(0, rows * cols), [
      rows,
      cols,
    ]);
  }

  async trainStep(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    opts?: { fetchGrads?: boolean },
  ): Promise<StepResult> {
    const session = await this.session('train');
    const feeds: Record<string, Tensor> = {
      [FEATURES]: this.matrix(FEATURES, x, batch, this.spec.inputs),
      [LABELS]: this.matrix(LABELS, y, batch, this.spec.outputs),
    };
    this.paramFeeds(feeds);
    this.maskFeeds(feeds, batch, STEP_STREAM, this.stepCount);
    const out = await session.run(feeds, this.gradFetches);
    const coef = this.spec.clipNorm > 0 ? (out[CLIP_COEF].data as Float32Array)[0] : 1;
    return this.update((out[LOSS].data as Float32Array)[0], coef, opts?.fetchGrads);
  }

  async trainStepSparse(
    x: SparseRows,
    y: Float32Array,
    batch: number,
    opts?: { fetchGrads?: boolean },
  ): Promise<StepResult> {
    const session = await this.session('train-sparse');
    if (x.rowStart.length < batch + 1)
      throw new UserError(`sparse rows: expected ${batch + 1} row starts, got ${x.rowStart.length}`);
    const units = firstUnits(this.spec);
    const scratch = sparseForward(this.state, x, batch, units);
    const feeds: Record<string, Tensor> = {
      [FIRST_PRODUCT]: new Tensor('float32', scratch.product, [batch, units]),
      [LABELS]: this.matrix(LABELS, y, batch, this.spec.outputs),
    };
    this.paramFeeds(feeds);
    this.maskFeeds(feeds, batch, STEP_STREAM, this.stepCount);
    // W₁ reaches this graph only through the L2 term, if at all: feed and fetch what it has.
    const graphIn = new Set(session.inputNames);
    for (const name of Object.keys(feeds)) if (!graphIn.has(name)) delete feeds[name];
    const fetches: Record<string, Tensor | null> = {
      [gradName(FIRST_PRODUCT)]: new Tensor('float32', scratch.productGrad, [batch, units]),
    };
    for (const name of session.outputNames)
      if (!(name in fetches)) fetches[name] = this.gradFetches[name] ?? null;
    const w1 = gradName(this.shapes[0].name);
    if (!(w1 in fetches)) this.state.gradViews[0].fill(0);
    const out = await session.run(feeds, fetches);
    sparseBackward(this.state, scratch, units);
    const coef = this.spec.clipNorm > 0 ? clipFactor(this.state.grads, this.spec.clipNorm) : 1;
    return this.update((out[LOSS].data as Float32Array)[0], coef, opts?.fetchGrads);
  }

  /** The fused optimiser update from the gradients now in the state. */
  private update(loss: number, coef: number, fetchGrads?: boolean): StepResult {
    this.stepCount++;
    this.opt.apply(this.state.kernels, this.state.at, this.stepCount, this.lr, coef);
    const result: StepResult = { loss };
    const opts = { fetchGrads };
    if (opts?.fetchGrads)
      result.grads = this.shapes.map((p, i) => ({
        name: p.name,
        shape: [...p.shape],
        data: this.state.gradViews[i].slice(),
      }));
    return result;
  }

  async forward(
    x: Float32Array,
    batch: number,
    mode: 'train' | 'inference',
    probes = false,
  ): Promise<ForwardResult> {
    const session = await this.session(`forward:${mode}:${probes}`);
    const feeds: Record<string, Tensor> = { [FEATURES]: this.matrix(FEATURES, x, batch, this.spec.inputs) };
    this.paramFeeds(feeds);
    if (mode === 'train') this.maskFeeds(feeds, batch, FORWARD_STREAM, this.forwardCount++);
    const out = await session.run(feeds);
    const result: ForwardResult = { logits: out[LOGITS].data as Float32Array };
    if (probes) {
      const units = [...this.spec.hidden.map((l) => l.units), this.spec.outputs];
      result.layers = units.map((u, i) => {
        const name = layerName(this.spec, i);
        return {
          name,
          units: u,
          pre: out[`${name}/pre`].data as Float32Array,
          post: out[`${name}/post`].data as Float32Array,
        };
      });
    }
    return result;
  }

  async evaluate(
    x: Float32Array,
    y: Float32Array,
    rows: number,
    out?: Float32Array,
  ): Promise<{ crossEntropy: number; logits: Float32Array }> {
    const session = await this.session('loss');
    const { inputs, outputs } = this.spec;
    const logits = this.logitsOut(rows, out);
    let sum = 0;
    for (let r = 0; r < rows; r += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, rows - r);
      const feeds: Record<string, Tensor> = {
        [FEATURES]: this.matrix(FEATURES, x.subarray(r * inputs), n, inputs),
        [LABELS]: this.matrix(LABELS, y.subarray(r * outputs), n, outputs),
      };
      this.paramFeeds(feeds);
      sum += await this.runLoss(session, feeds, logits, r, n);
    }
    return { crossEntropy: rows ? sum / rows : Number.NaN, logits };
  }

  async evaluateSparse(
    x: SparseRows,
    y: Float32Array,
    rows: number,
    out?: Float32Array,
  ): Promise<{ crossEntropy: number; logits: Float32Array }> {
    const session = await this.session('loss-sparse');
    if (x.rowStart.length < rows + 1)
      throw new UserError(`sparse rows: expected ${rows + 1} row starts, got ${x.rowStart.length}`);
    const { outputs } = this.spec;
    const units = firstUnits(this.spec);
    const logits = this.logitsOut(rows, out);
    const graphIn = new Set(session.inputNames);
    let sum = 0;
    // Smaller chunks than the dense pass: each chunk's x·W₁ lives in the engine's scratch memory,
    // which never shrinks.
    for (let r = 0; r < rows; r += SPARSE_EVAL_CHUNK) {
      const n = Math.min(SPARSE_EVAL_CHUNK, rows - r);
      const part: SparseRows = { ...x, rowStart: x.rowStart.subarray(r, r + n + 1) };
      const scratch = sparseForward(this.state, part, n, units);
      const feeds: Record<string, Tensor> = {
        [FIRST_PRODUCT]: new Tensor('float32', scratch.product, [n, units]),
        [LABELS]: this.matrix(LABELS, y.subarray(r * outputs), n, outputs),
      };
      this.paramFeeds(feeds);
      for (const name of Object.keys(feeds)) if (!graphIn.has(name)) delete feeds[name];
      sum += await this.runLoss(session, feeds, logits, r, n);
    }
    return { crossEntropy: rows ? sum / rows : Number.NaN, logits };
  }

  private logitsOut(rows: number, out?: Float32Array): Float32Array {
    const n = rows * this.spec.outputs;
    if (!out) return new Float32Array(n);
    if (out.length < n)
      throw new Error(`evaluate: the logits buffer holds ${out.length} values, ${n} needed`);
    return out.subarray(0, n);
  }

  /** One run of a loss graph: the logits land straight in logits[r·outputs, (r+n)·outputs), no copy. */
  private async runLoss(
    session: InferenceSession,
    feeds: Record<string, Tensor>,
    logits: Float32Array,
    r: number,
    n: number,
  ): Promise<number> {
    const { outputs } = this.spec;
    const fetches = {
      [LOSS]: null,
      [LOGITS]: new Tensor('float32', logits.subarray(r * outputs, (r + n) * outputs), [n, outputs]),
    };
    const out = await session.run(feeds, fetches);
    return (out[LOSS].data as Float32Array)[0] * n;
  }

  async evaluateLoss(x: Float32Array, y: Float32Array, rows: number): Promise<number> {
    return (await this.evaluate(x, y, rows)).crossEntropy + this.penalty();
  }

  /** weightDecay/2 · Σ‖kernel‖² in float64 on the host (the eval graph leaves it out). */
  penalty(): number {
    if (!this.spec.weightDecay) return 0;
    let s = 0;
    this.shapes.forEach((p, i) => {
      if (p.shape.length === 2) for (const w of this.state.paramViews[i]) s += w * w;
    });
    return (this.spec.weightDecay / 2) * s;
  }

  params(): Tensor32[] {
    return this.shapes.map((p, i) => ({
      name: p.name,
      shape: [...p.shape],
      data: this.state.paramViews[i].slice(),
    }));
  }

  setParams(params: Tensor32[]): void {
    this.setParamValues(checkTensors('parameters', this.shapes, params).map((t) => t.data));
  }

  optimizerState(): { step: number; slots: Tensor32[] } {
    return {
      step: this.stepCount,
      slots: this.slotShapes().map((s, i) => {
        const param = Math.floor(i / this.opt.slots.length);
        const start = this.state.offsets[param];
        const length = this.state.paramViews[param].length;
        const data = this.state.slots[i % this.opt.slots.length].slice(start, start + length);
        return { name: s.name, shape: s.shape, data };
      }),
    };
  }

  exportOnnx(): Uint8Array {
    const initializers = new Map(this.shapes.map((p, i) => [p.name, this.state.paramViews[i]]));
    return emitOnnx(buildEvalGraph(this.spec), {
      name: 'trainscope_mlp',
      initializers,
      docString: `trainscope MLP: ${JSON.stringify(this.spec)}`,
    });
  }

  setLearningRate(lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr))
      throw new UserError(`learning rate must be a finite number ≥ 0, got ${lr}`);
    this.lr = lr;
  }

  get learningRate(): number {
    return this.lr;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).release();
  }
}
