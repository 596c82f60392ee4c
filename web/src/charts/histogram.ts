/**
 * TensorBoard's histogram chart on a canvas: every recorded step is a density curve; in
 * `offset` mode the curves are stacked as a ridgeline (oldest at the back/top, newest in
 * front/bottom), in `overlay` mode they share one baseline. The step chosen with the slider is
 * drawn on top in the accent colour. Drawing only: the data comes binned from the API.
 */
import type { HistogramStep } from '../../../src/board/api-types.js';
import { withAlpha } from '../colors.js';
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';

export type HistogramMode = 'offset' | 'overlay';

const ACCENT = '#e8590c';
const PAD = { left: 54, right: 12, top: 10, bottom: 24 };

/** Nice round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

export class HistogramChart {
  private steps: HistogramStep[] = [];
  private index = -1;
  private mode: HistogramMode = 'offset';
  readonly canvas = document.createElement('canvas');
  private readonly resize = new ResizeObserver(() => this.draw());

  constructor(
    readonly el: HTMLElement,
    private readonly color: string,
    private readonly height = 220,
  ) {
    el.append(this.canvas);
    this.resize.observe(el);
  }

  setData(steps: HistogramStep[], keepLatest = true): void {
    const atEnd = this.index < 0 || this.index >= this.steps.length - 1;
    this.steps = steps;
    if (keepLatest && atEnd) this.index = steps.length - 1;
    this.index = Math.min(Math.max(this.index, 0), steps.length - 1);
    this.draw();
  }

  setIndex(i: number): void {
    this.index = i;
    this.draw();
  }

  setMode(mode: HistogramMode): void {
    this.mode = mode;
    this.draw();
  }

  destroy(): void {
    this.resize.disconnect();
  }

  private draw(): void {
    const width = Math.max(200, this.el.clientWidth);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = width * dpr;
    this.canvas.height = this.height * dpr;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${this.height}px`;
    const ctx = this.canvas.getContext('2d')!;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, this.height);
    const n = this.steps.length;
    if (!n) return;

    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const s of this.steps) {
      if (!s.count.length) continue;
      lo = Math.min(lo, s.left[0]);
      hi = Math.max(hi, s.right[s.right.length - 1]);
    }
    if (!Number.isFinite(lo)) return;
    if (hi - lo < 1e-12) {
      lo -= 0.5;
      hi += 0.5;
    }
    // A bucket narrower than 1/80 of the range (a spike, e.g. zero biases) is drawn that wide.
    const minWidth = (hi - lo) / 80;
    const density = (s: HistogramStep, i: number) => s.count[i] / Math.max(s.right[i] - s.left[i], minWidth);
    let maxD = 0;
    for (const s of this.steps) for (let i = 0; i < s.count.length; i++) maxD = Math.max(maxD, density(s, i));
    if (maxD <= 0) maxD = 1;

    const plotW = width - PAD.left - PAD.right;
    const plotH = this.height - PAD.top - PAD.bottom;
    const X = (v: number) => PAD.left + ((v - lo) / (hi - lo)) * plotW;
    const ridge = this.mode === 'offset' && n > 1;
    const sliceH = ridge ? plotH * 0.45 : plotH;
    const baseline = (k: number) =>
      ridge ? PAD.top + sliceH + ((plotH - sliceH) * k) / (n - 1) : PAD.top + plotH;

    const curve = (k: number) => {
      const s = this.steps[k];
      const b = baseline(k);
      ctx.beginPath();
      ctx.moveTo(X(s.left[0] ?? lo), b);
      // a polyline through bucket centres, as TensorBoard draws it
      for (let i = 0; i < s.count.length; i++) {
        const y = b - (density(s, i) / maxD) * sliceH;
        ctx.lineTo(X((s.left[i] + s.right[i]) / 2), y);
      }
      ctx.lineTo(X(s.right[s.right.length - 1] ?? hi), b);
      return b;
    };

    // axes
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#555';
    ctx.strokeStyle = '#eee';
    ctx.textAlign = 'center';
    for (const t of ticks(lo, hi)) {
      ctx.beginPath();
      ctx.moveTo(X(t), PAD.top);
      ctx.lineTo(X(t), PAD.top + plotH);
      ctx.stroke();
      ctx.fillText(fmt(t, 3), X(t), this.height - 8);
    }
    ctx.textAlign = 'right';
    if (ridge) {
      for (const k of new Set([0, Math.floor((n - 1) / 2), n - 1])) {
        ctx.fillText(String(this.steps[k].step), PAD.left - 6, baseline(k) + 3);
      }
    }

    // every step, oldest first so newer curves cover older ones
    for (let k = 0; k < n; k++) {
      const age = n > 1 ? k / (n - 1) : 1;
      curve(k);
      if (ridge) {
        ctx.fillStyle = 'rgba(255,255,255,0.85)';
        ctx.fill();
      }
      ctx.strokeStyle = withAlpha(this.color, ridge ? 0.25 + 0.6 * age : 0.08 + 0.4 * age);
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    if (this.index >= 0) {
      const b = curve(this.index);
      ctx.fillStyle = withAlpha(ACCENT, 0.18);
      ctx.fill();
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.fillStyle = ACCENT;
      ctx.textAlign = 'left';
      ctx.fillText(
        `step ${this.steps[this.index].step}`,
        PAD.left + 4,
        Math.max(PAD.top + 10, b - sliceH + 4),
      );
    }
    chartDrawn();
  }
}
