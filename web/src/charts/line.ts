/**
 * Runs of one scalar tag overlaid (uPlot): smoothed line over a faint raw line, or — for seeds of
 * one configuration — the mean with a min–max band. x is the step, the time since the run
 * started, or the wall clock. The y scale is linear, log, or automatic: log when the positive
 * values drawn span two decades or more (a loss of 300 beside one of 0.3), said on the axis and
 * switchable per chart; a log scale says how many values ≤ 0 it cannot draw. The legend
 * lists every series, with headed columns, the value under the cursor (or the last one).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ScalarRow } from '../../../src/board/api-types.js';
import { withAlpha } from '../colors.js';
import { h } from '../dom.js';
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';
import { type Exportable, framed } from './export.js';
import { decadesSpanned } from './scale.js';
import { smooth } from './smoothing.js';

export type XAxis = 'step' | 'relative' | 'wall';

export const X_AXIS_LABEL: Record<XAxis, string> = {
  step: 'step',
  relative: 'time since the run started',
  wall: 'wall clock',
};

/** One line: a run (one member) or seeds of one configuration (several members: mean ± band). */
export interface LineSeries {
  key: string;
  label: string;
  color: string;
  members: ScalarRow[][];
  /** Run of each member. */
  runs: string[];
}

/** `auto`: log when the positive values drawn span two decades or more, else linear. */
export type YScale = 'auto' | 'linear' | 'log';

export interface LineOptions {
  smoothing: number;
  scale: YScale;
  xAxis: XAxis;
  height?: number;
  yLabel?: string;
  title?: string;
}

interface Prepared {
  xs: number[];
  /** per series: mean (or the run's value) at each x, null where it has none */
  ys: (number | null)[][];
  lo: (number | null)[][];
  hi: (number | null)[][];
  /** values ≤ 0 per series that a log scale cannot draw */
  hidden: number[];
}

const STEP_INCRS = [1, 2, 5]
  .flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p))
  .sort((a, b) => a - b);

/**
 * Ticks of a log axis: the powers of ten in range, or with 2× and 5× (then every digit) when
 * that gives fewer than three — not uPlot's every-digit default, whose crowded lines and labels
 * hid the curves.
 */
export function logTicks(min: number, max: number): number[] {
  let out: number[] = [];
  for (const mults of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    out = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
      for (const m of mults) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
      }
    if (out.length >= 3) break;
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Seconds as `1h 02m`, `3m 05s`, `12.5s`. */
export function duration(s: number): string {
  if (!Number.isFinite(s)) return '';
  const a = Math.abs(s);
  if (a < 60) return `${Number(s.toFixed(a < 10 ? 1 : 0))}s`;
  if (a < 3600) return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** x of a point: the step, seconds since the member's first point, or epoch seconds. */
function xOf(p: ScalarRow, start: number, axis: XAxis): number {
  return axis === 'step' ? p[0] : axis === 'relative' ? p[1] - start : p[1];
}

function prepare(series: LineSeries[], axis: XAxis, logScale: boolean): Prepared {
  // Groups align their seeds by step; x is then the members' mean time at that step.
  const perSeries = series.map((s) => {
    const byStep = new Map<number, { xs: number[]; vs: number[] }>();
    for (const m of s.members) {
      const start = m[0]?.[1] ?? 0;
      for (const p of m) {
        const e = byStep.get(p[0]) ?? { xs: [], vs: [] };
        e.xs.push(xOf(p, start, axis));
        e.vs.push(p[2]);
        byStep.set(p[0], e);
      }
    }
    return [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => ({ x: mean(e.xs), vs: e.vs }));
  });
  const xs = [...new Set(perSeries.flatMap((pts) => pts.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const hidden = series.map(() => 0);
  const empty = () => new Array<number | null>(xs.length).fill(null);
  const ys = series.map(empty);
  const lo = series.map(empty);
  const hi = series.map(empty);
  perSeries.forEach((pts, si) => {
    for (const p of pts) {
      const i = index.get(p.x)!;
      const finite = p.vs.filter((v) => Number.isFinite(v));
      const drawable = logScale ? finite.filter((v) => v > 0) : finite;
      hidden[si] += finite.length - drawable.length;
      if (!drawable.length) continue;
      ys[si][i] = mean(drawable);
      lo[si][i] = Math.min(...drawable);
      hi[si][i] = Math.max(...drawable);
    }
  });
  return { xs, ys, lo, hi, hidden };
}

export class LineChart implements Exportable {
  private plot: uPlot | null = null;
  private series: LineSeries[] = [];
  private prepared: Prepared = { xs: [], ys: [], lo: [], hi: [], hidden: [] };
  private smoothed: (number | null)[][] = [];
  private readonly plotEl = h('div.plot');
  private readonly noteEl = h('div.chart-note');
  private readonly scaleEl = h('div.chart-scale');
  /** This chart's own y scale, chosen with its switch; the view's setting applies until then. */
  private own: 'linear' | 'log' | null = null;
  /** the y axis as last drawn */
  private log = false;
  private readonly legendEl = h('div.legend', { role: 'table' });
  private readonly resize = new ResizeObserver(() => this.plot?.setSize(this.size()));

  constructor(
    readonly el: HTMLElement,
    private opts: LineOptions,
  ) {
    el.append(this.plotEl, this.scaleEl, this.noteEl, this.legendEl);
    this.resize.observe(el);
  }

  setData(series: LineSeries[]): void {
    this.series = series;
    this.render();
  }

  /** A new view-wide scale overrides the chart's own choice. */
  setOptions(opts: Partial<LineOptions>): void {
    this.opts = { ...this.opts, ...opts };
    if (opts.scale !== undefined) this.own = null;
    this.render();
  }

  /** Whether the y axis is logarithmic now, and how many decades the values span (null: some ≤ 0). */
  yScale(): { log: boolean; decades: number | null } {
    const decades = decadesSpanned(
      (function* (series: LineSeries[]) {
        for (const s of series) for (const m of s.members) for (const p of m) yield p[2];
      })(this.series),
    );
    const choice = this.own ?? this.opts.scale;
    return { log: choice === 'auto' ? (decades ?? 0) >= 2 : choice === 'log', decades };
  }

  /** The switch under the chart: shown when the axis is log or the values span decades. */
  private renderScale(log: boolean, decades: number | null): void {
    this.el.dataset.yScale = log ? 'log' : 'linear';
    const wide = decades !== null && decades >= 2;
    if (!log && !wide) {
      this.scaleEl.replaceChildren();
      return;
    }
    const why = wide ? ` · the values span ${decades.toFixed(1)} decades` : '';
    this.scaleEl.replaceChildren(
      h('span', {}, `y: ${log ? 'log' : 'linear'} scale${why}`),
      h(
        'button.scale-switch',
        {
          type: 'button',
          onclick: () => {
            this.own = log ? 'linear' : 'log';
            this.render();
          },
        },
        log ? 'show linear' : 'show log',
      ),
    );
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
    const { smoothing, xAxis } = this.opts;
    const { log: logScale, decades } = this.yScale();
    this.log = logScale;
    this.renderScale(logScale, decades);
    this.prepared = prepare(this.series, xAxis, logScale);
    const { xs, ys, lo, hi, hidden } = this.prepared;
    const grouped = this.series.map((s) => s.members.length > 1);
    this.smoothed = ys.map((y, i) => (grouped[i] ? y : smooth(y, smoothing)));
    const showRaw = smoothing > 0 && grouped.some((g) => !g);
    const data: (number | null)[][] = [xs];
    const seriesOpts: uPlot.Series[] = [{ label: X_AXIS_LABEL[xAxis] }];
    const bands: uPlot.Band[] = [];
    this.series.forEach((s, i) => {
      if (grouped[i]) {
        data.push(hi[i], lo[i]);
        seriesOpts.push(
          {
            label: `${s.label} max`,
            stroke: withAlpha(s.color, 0.3),
            width: 0.5,
            spanGaps: true,
            points: { show: false },
          },
          {
            label: `${s.label} min`,
            stroke: withAlpha(s.color, 0.3),
            width: 0.5,
            spanGaps: true,
            points: { show: false },
          },
        );
        bands.push({ series: [data.length - 2, data.length - 1], fill: withAlpha(s.color, 0.15) });
      } else if (showRaw) {
        data.push(ys[i]);
        seriesOpts.push({
          label: `${s.label} (raw)`,
          stroke: withAlpha(s.color, 0.25),
          width: 1,
          spanGaps: true,
          points: { show: false },
        });
      }
    });
    this.series.forEach((s, i) => {
      data.push(this.smoothed[i]);
      seriesOpts.push({
        label: s.label,
        stroke: s.color,
        width: 1.6,
        spanGaps: true,
        points: { show: false },
      });
    });
    const axisFont = '11px system-ui, sans-serif';
    const yLabel = logScale ? `${this.opts.yLabel ?? 'value'} (log)` : this.opts.yLabel;
    const xValues =
      xAxis === 'relative'
        ? (_u: uPlot, vals: number[]) => vals.map((v) => duration(v))
        : xAxis === 'step'
          ? (_u: uPlot, vals: number[]) => vals.map((v) => fmt(v, 6))
          : undefined;
    this.plot = new uPlot(
      {
        ...this.size(),
        legend: { show: false },
        cursor: { drag: { x: true, y: false }, points: { size: 6 } },
        scales: { x: { time: xAxis === 'wall' }, y: logScale ? { distr: 3 } : { auto: true } },
        axes: [
          {
            stroke: '#555',
            grid: { stroke: '#eee' },
            size: 34,
            font: axisFont,
            label: X_AXIS_LABEL[xAxis],
            labelSize: 16,
            labelFont: axisFont,
            ...(xValues ? { values: xValues } : {}),
            // steps are whole numbers
            ...(xAxis === 'step' ? { incrs: STEP_INCRS } : {}),
          },
          {
            stroke: '#555',
            grid: { stroke: '#eee' },
            font: axisFont,
            label: yLabel,
            labelSize: yLabel ? 16 : 0,
            labelFont: axisFont,
            // a log axis leaves out (null) the labels it has no room for
            values: (_u, vals) => vals.map((v) => (v == null ? '' : fmt(v, 3))),
            ...(logScale
              ? { splits: (_u: uPlot, _i: number, min: number, max: number) => logTicks(min, max) }
              : {}),
            // wide enough for the longest tick label, so none is clipped
            size: (_u, values) => 20 + 6.6 * Math.max(2, ...(values ?? []).map((v) => String(v).length)),
          },
        ],
        series: seriesOpts,
        bands,
        hooks: {
          setCursor: [(u) => this.renderLegend(u.cursor.idx ?? null)],
          draw: [() => this.series.length && chartDrawn()],
        },
      },
      data as uPlot.AlignedData,
      this.plotEl,
    );
    const totalHidden = hidden.reduce((a, b) => a + b, 0);
    this.noteEl.textContent =
      logScale && totalHidden
        ? `${totalHidden} value${totalHidden === 1 ? '' : 's'} ≤ 0 not drawn on the log scale (see the legend)`
        : '';
    this.renderLegend(null);
  }

  private xText(x: number | undefined): string {
    if (x === undefined) return '';
    if (this.opts.xAxis === 'relative') return duration(x);
    if (this.opts.xAxis === 'wall') return new Date(x * 1000).toLocaleTimeString();
    return String(x);
  }

  /** At the cursor: each series' value; elsewhere: each series' last value. */
  private renderLegend(idx: number | null): void {
    const { xs, ys, lo, hi, hidden } = this.prepared;
    const grouped = this.series.some((s) => s.members.length > 1);
    const smoothing = this.opts.smoothing > 0;
    const head = h(
      'div.legend-row.legend-head',
      { role: 'row' },
      h('span', { role: 'columnheader' }, ''),
      h('span', { role: 'columnheader' }, grouped ? 'run / configuration' : 'run'),
      h('span.num', { role: 'columnheader' }, grouped ? 'mean' : smoothing ? 'smoothed' : 'value'),
      h('span.num', { role: 'columnheader' }, grouped ? 'min – max' : smoothing ? 'raw' : ''),
      h('span.num', { role: 'columnheader' }, this.opts.xAxis === 'step' ? 'step' : 'time'),
    );
    const rows = this.series.map((s, i) => {
      let j = idx;
      if (j === null) {
        j = ys[i].length - 1;
        while (j > 0 && ys[i][j] === null) j--;
      }
      const raw = ys[i][j];
      const isGroup = s.members.length > 1;
      const value = raw === null && this.log && hidden[i] ? '≤ 0 (log)' : fmt(this.smoothed[i][j]);
      const second = isGroup
        ? raw === null
          ? '—'
          : `${fmt(lo[i][j])} – ${fmt(hi[i][j])}`
        : smoothing
          ? fmt(raw)
          : '';
      return h(
        'div.legend-row',
        { role: 'row', 'data-series': s.key },
        h('span.swatch', { style: `background:${s.color}` }),
        h(
          'span.legend-run',
          { title: s.label },
          isGroup ? `${s.label} (${s.members.length} seeds)` : s.label,
        ),
        h('span.legend-val.num', {}, value),
        h('span.legend-raw.num', {}, second),
        h('span.legend-step.num', {}, this.xText(xs[j])),
      );
    });
    this.legendEl.replaceChildren(head, ...rows);
  }

  name(): string {
    return this.opts.title ?? 'chart';
  }

  async png(): Promise<HTMLCanvasElement> {
    const canvas = this.plotEl.querySelector('canvas');
    if (!canvas) throw new Error('nothing drawn yet');
    return framed(
      canvas,
      this.opts.title ?? '',
      this.series.map((s) => ({
        color: s.color,
        label:
          s.members.length > 1 ? `${s.label} (mean of ${s.members.length} seeds, band min–max)` : s.label,
      })),
      window.devicePixelRatio || 1,
    );
  }

  /** Every recorded point: one row per series and step (raw values; groups per seed). */
  csv(): (string | number | null)[][] {
    const rows: (string | number | null)[][] = [['series', 'run', 'step', 'wall_time', 'value']];
    for (const s of this.series) {
      s.members.forEach((m, k) => {
        const run = s.runs[k] ?? s.label;
        for (const p of m) rows.push([s.label, run, p[0], p[1], p[2]]);
      });
    }
    return rows;
  }
}
