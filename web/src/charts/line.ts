/**
 * Several runs of one scalar tag overlaid (uPlot): smoothed line over a faint raw line, log
 * scale, and a legend that shows each run's value under the cursor (or the last value).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ScalarRow } from '../../../src/board/api-types.js';
import { withAlpha } from '../colors.js';
import { h } from '../dom.js';
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';
import { smooth } from './smoothing.js';

export interface LineSeries {
  run: string;
  color: string;
  points: ScalarRow[];
}

export interface LineOptions {
  smoothing: number;
  logScale: boolean;
  height?: number;
}

/** Align several series on the union of their steps (uPlot wants one x array). */
function align(series: LineSeries[], logScale: boolean): { xs: number[]; ys: (number | null)[][] } {
  const steps = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array(steps.length).fill(null);
    for (const [step, , v] of s.points) y[index.get(step)!] = logScale && !(v > 0) ? null : v;
    return y;
  });
  return { xs: steps, ys };
}

export class LineChart {
  private plot: uPlot | null = null;
  private series: LineSeries[] = [];
  private readonly plotEl = h('div.plot');
  private readonly legendEl = h('div.legend');
  private readonly resize = new ResizeObserver(() => this.plot?.setSize(this.size()));

  constructor(
    readonly el: HTMLElement,
    private opts: LineOptions,
  ) {
    el.append(this.plotEl, this.legendEl);
    this.resize.observe(el);
  }

  setData(series: LineSeries[]): void {
    this.series = series;
    this.render();
  }

  setOptions(opts: Partial<LineOptions>): void {
    this.opts = { ...this.opts, ...opts };
    this.render();
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
  }

  private size() {
    return { width: Math.max(200, this.el.clientWidth - 2), height: this.opts.height ?? 200 };
  }

  private render(): void {
    this.plot?.destroy();
    const { xs, ys } = align(this.series, this.opts.logScale);
    const smoothed = ys.map((y) => smooth(y, this.opts.smoothing));
    const showRaw = this.opts.smoothing > 0;
    const data: uPlot.AlignedData = [xs, ...(showRaw ? ys : []), ...smoothed];
    const seriesOpts: uPlot.Series[] = [{ label: 'step' }];
    if (showRaw) {
      for (const s of this.series)
        seriesOpts.push({
          label: `${s.run} (raw)`,
          stroke: withAlpha(s.color, 0.25),
          width: 1,
          spanGaps: true,
          points: { show: false },
        });
    }
    for (const s of this.series)
      seriesOpts.push({ label: s.run, stroke: s.color, width: 1.6, spanGaps: true, points: { show: false } });
    const n = this.series.length;
    this.plot = new uPlot(
      {
        ...this.size(),
        legend: { show: false },
        cursor: { drag: { x: true, y: false }, points: { size: 6 } },
        scales: { x: { time: false }, y: this.opts.logScale ? { distr: 3 } : { auto: true } },
        axes: [
          { stroke: '#555', grid: { stroke: '#eee' }, size: 30 },
          {
            stroke: '#555',
            grid: { stroke: '#eee' },
            size: 56,
            values: (_u, vals) => vals.map((v) => fmt(v, 3)),
          },
        ],
        series: seriesOpts,
        hooks: {
          setCursor: [(u) => this.renderLegend(u.cursor.idx ?? null, xs, ys, smoothed)],
          draw: [() => n && chartDrawn()],
        },
      },
      data,
      this.plotEl,
    );
    this.renderLegend(null, xs, ys, smoothed);
  }

  /** At the cursor: each run's smoothed and raw value; elsewhere: each run's last value. */
  private renderLegend(
    idx: number | null,
    xs: number[],
    raw: (number | null)[][],
    sm: (number | null)[][],
  ): void {
    const rows = this.series.map((s, i) => {
      let j = idx;
      if (j === null) {
        j = raw[i].length - 1;
        while (j > 0 && raw[i][j] === null) j--;
      }
      const step = xs[j];
      const showRaw = this.opts.smoothing > 0;
      return h(
        'div.legend-row',
        {},
        h('span.swatch', { style: `background:${s.color}` }),
        h('span.legend-run', { title: s.run }, s.run),
        h('span.legend-val', {}, fmt(sm[i][j])),
        showRaw ? h('span.legend-raw', {}, fmt(raw[i][j])) : null,
        h('span.legend-step', {}, step === undefined ? '' : `step ${step}`),
      );
    });
    this.legendEl.replaceChildren(...rows);
  }
}
