/**
 * TensorBoard's histogram chart on a canvas, for one run or several overlaid. Modes:
 * `first-last` (the first recorded step dashed, the chosen step solid: whether the weights
 * moved at all is plain to see), `overlay` (every step on one baseline, the chosen one on top)
 * and `offset` (a ridgeline over steps, one run). The x range spans every step or only the
 * highlighted ones, so a final state that shrank is not squashed into a spike.
 */
import type { HistogramStep } from '../../../src/board/api-types.js';
import { withAlpha } from '../colors.js';
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';
import { type Exportable, framed, type LegendItem } from './export.js';

export type HistogramMode = 'first-last' | 'overlay' | 'offset';
export type XRange = 'all' | 'highlighted';

export interface HistSeries {
  run: string;
  color: string;
  steps: HistogramStep[];
}

const PAD = { left: 54, right: 12, top: 10, bottom: 38 };

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

/** Index of the last step at or before `step` (the first when none is), or the last when step is null. */
export function indexAt(steps: HistogramStep[], step: number | null): number {
  if (step === null) return steps.length - 1;
  let i = 0;
  while (i + 1 < steps.length && steps[i + 1].step <= step) i++;
  return i;
}

interface Curve {
  s: HistogramStep;
  color: string;
  width: number;
  dash: number[];
  fill: string | null;
  /** baseline offset (ridgeline) */
  base: number;
  /** The first or the chosen step (the x range can fit these alone). */
  highlight: boolean;
}

export class HistogramChart implements Exportable {
  private series: HistSeries[] = [];
  private step: number | null = null;
  readonly canvas = document.createElement('canvas');
  private readonly resize = new ResizeObserver(() => this.draw());

  constructor(
    readonly el: HTMLElement,
    private opts: { mode: HistogramMode; xRange: XRange; title: string; xLabel?: string; height?: number },
  ) {
    el.append(this.canvas);
    this.resize.observe(el);
  }

  private get height(): number {
    return this.opts.height ?? 220;
  }

  setData(series: HistSeries[]): void {
    this.series = series.filter((s) => s.steps.length);
    this.draw();
  }

  /** The step to highlight (null = the latest of each run). */
  setStep(step: number | null): void {
    this.step = step;
    this.draw();
  }

  setOptions(o: Partial<{ mode: HistogramMode; xRange: XRange }>): void {
    this.opts = { ...this.opts, ...o };
    this.draw();
  }

  /** Every step recorded by any of the runs (for the slider). */
  allSteps(): number[] {
    return [...new Set(this.series.flatMap((s) => s.steps.map((x) => x.step)))].sort((a, b) => a - b);
  }

  /** What is highlighted, per run. */
  highlighted(): { run: string; first: HistogramStep; chosen: HistogramStep }[] {
    return this.series.map((s) => ({
      run: s.run,
      first: s.steps[0],
      chosen: s.steps[indexAt(s.steps, this.step)],
    }));
  }

  destroy(): void {
    this.resize.disconnect();
  }

  private curves(): { curves: Curve[]; ridge: number } {
    const { mode } = this.opts;
    const ridge = mode === 'offset' && this.series.length === 1 ? this.series[0].steps.length : 0;
    const out: Curve[] = [];
    for (const s of this.series) {
      const n = s.steps.length;
      const chosen = indexAt(s.steps, this.step);
      if (mode === 'first-last') {
        if (chosen !== 0)
          out.push({
            s: s.steps[0],
            color: withAlpha(s.color, 0.75),
            width: 1.5,
            dash: [5, 4],
            fill: null,
            base: 0,
            highlight: true,
          });
      } else {
        for (let k = 0; k < n; k++) {
          if (k === chosen) continue;
          const age = n > 1 ? k / (n - 1) : 1;
          out.push({
            s: s.steps[k],
            color: withAlpha(s.color, ridge ? 0.25 + 0.6 * age : 0.06 + 0.3 * age),
            width: 1,
            dash: [],
            fill: ridge ? 'rgba(255,255,255,0.85)' : null,
            base: ridge ? k : 0,
            highlight: false,
          });
        }
      }
      out.push({
        s: s.steps[chosen],
        color: s.color,
        width: 2,
        dash: [],
        fill: withAlpha(s.color, this.series.length > 1 ? 0.08 : 0.18),
        base: ridge ? chosen : 0,
        highlight: true,
      });
    }
    // ridgeline: oldest first so newer curves cover older ones
    if (ridge) out.sort((a, b) => a.base - b.base);
    return { curves: out, ridge };
  }

  private draw(): void {
    const width = Math.max(200, this.el.clientWidth);
    const dpr = window.devicePixelRatio || 1;
    const H = this.height;
    this.canvas.width = width * dpr;
    this.canvas.height = H * dpr;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${H}px`;
    const ctx = this.canvas.getContext('2d')!;
    ctx.scale(dpr, dpr);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, H);
    if (!this.series.length) return;
    const { curves, ridge } = this.curves();
    const spanned =
      this.opts.xRange === 'all' || ridge
        ? this.series.flatMap((s) => s.steps)
        : curves.filter((c) => c.highlight).map((c) => c.s);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const s of spanned) {
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
    const density = (s: HistogramStep, i: number) =>
      s.count[i] / Math.max(s.right[i] - s.left[i], minWidth) / Math.max(1, s.num);
    let maxD = 0;
    for (const c of curves) {
      const s = c.s;
      for (let i = 0; i < s.count.length; i++)
        if (s.right[i] >= lo && s.left[i] <= hi) maxD = Math.max(maxD, density(s, i));
    }
    if (maxD <= 0) maxD = 1;

    const plotW = width - PAD.left - PAD.right;
    const plotH = H - PAD.top - PAD.bottom;
    const X = (v: number) => PAD.left + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * plotW;
    const sliceH = ridge > 1 ? plotH * 0.45 : plotH;
    const baseline = (k: number) =>
      ridge > 1 ? PAD.top + sliceH + ((plotH - sliceH) * k) / (ridge - 1) : PAD.top + plotH;

    // axes and their titles
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#555';
    ctx.strokeStyle = '#eee';
    ctx.lineWidth = 1;
    ctx.textAlign = 'center';
    for (const t of ticks(lo, hi)) {
      ctx.beginPath();
      ctx.moveTo(X(t), PAD.top);
      ctx.lineTo(X(t), PAD.top + plotH);
      ctx.stroke();
      ctx.fillText(fmt(t, 3), X(t), PAD.top + plotH + 14);
    }
    ctx.fillText(this.opts.xLabel ?? 'value', PAD.left + plotW / 2, H - 6);
    ctx.save();
    ctx.translate(12, PAD.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(ridge > 1 ? 'step' : 'density', 0, 0);
    ctx.restore();
    ctx.textAlign = 'right';
    if (ridge > 1) {
      const steps = this.series[0].steps;
      for (const k of new Set([0, Math.floor((ridge - 1) / 2), ridge - 1])) {
        ctx.fillText(String(steps[k].step), PAD.left - 6, baseline(k) + 3);
      }
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left, PAD.top - 2, plotW, plotH + 2);
    ctx.clip();
    for (const c of curves) {
      const s = c.s;
      const b = baseline(c.base);
      ctx.beginPath();
      ctx.moveTo(X(s.left[0] ?? lo), b);
      // a polyline through bucket centres, as TensorBoard draws it
      for (let i = 0; i < s.count.length; i++) {
        ctx.lineTo(X((s.left[i] + s.right[i]) / 2), b - (density(s, i) / maxD) * sliceH);
      }
      ctx.lineTo(X(s.right[s.right.length - 1] ?? hi), b);
      if (c.fill) {
        ctx.fillStyle = c.fill;
        ctx.fill();
      }
      ctx.setLineDash(c.dash);
      ctx.strokeStyle = c.color;
      ctx.lineWidth = c.width;
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.restore();
    // what is drawn, in words: "dashed: step 0 · solid: step 40" (runs at different steps: said so)
    const hl = this.highlighted();
    if (hl.length) {
      const label = (pick: (h: (typeof hl)[number]) => { step: number }, what: string) => {
        const set = new Set(hl.map((h) => pick(h).step));
        return set.size === 1 ? `step ${[...set][0]}` : `each run's ${what} step`;
      };
      const firstLast = this.opts.mode === 'first-last' && hl.some((h) => h.first !== h.chosen);
      ctx.textAlign = 'left';
      ctx.fillStyle = '#555';
      const chosen = label((h) => h.chosen, 'chosen');
      const text = firstLast
        ? `dashed: ${label((h) => h.first, 'first')} · solid: ${chosen}`
        : `highlighted: ${chosen}`;
      ctx.fillText(text, PAD.left + 4, PAD.top + 10);
    }
    chartDrawn();
  }

  name(): string {
    return this.opts.title;
  }

  legend(): LegendItem[] {
    return this.highlighted().flatMap(({ run, first, chosen }) => {
      const color = this.series.find((s) => s.run === run)!.color;
      const items: LegendItem[] = [];
      if (this.opts.mode === 'first-last' && first !== chosen)
        items.push({ color, label: `${run} · step ${first.step}`, dashed: true });
      items.push({ color, label: `${run} · step ${chosen.step}` });
      return items;
    });
  }

  async png(): Promise<HTMLCanvasElement> {
    return framed(this.canvas, this.opts.title, this.legend(), window.devicePixelRatio || 1);
  }

  csv(): (string | number | null)[][] {
    const rows: (string | number | null)[][] = [['run', 'step', 'wall_time', 'left', 'right', 'count']];
    for (const s of this.series)
      for (const st of s.steps)
        for (let i = 0; i < st.count.length; i++)
          rows.push([s.run, st.step, st.wallTime, st.left[i], st.right[i], st.count[i]]);
    return rows;
  }
}
