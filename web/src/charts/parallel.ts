/**
 * Parallel coordinates in SVG (TensorBoard's HParams, W&B's sweep view): one vertical axis per
 * hyperparameter and one for the final metric, one line per run (or configuration), coloured
 * by the metric. Drag along an axis to keep only the lines that cross it there; hover a line to
 * read its run. Categorical axes space their values evenly; numeric ones spanning more than two
 * decades are logarithmic.
 */
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';
import { type Exportable, framed, svgToCanvas } from './export.js';
import { settingScale } from './scale.js';
import { svgEl as el } from './svg.js';

export interface PCRow {
  key: string;
  label: string;
  values: Record<string, string | number | null>;
  metric: number | null;
}

interface Axis {
  name: string;
  numeric: boolean;
  log: boolean;
  categories: string[];
  lo: number;
  hi: number;
  /** value → 0 (bottom) .. 1 (top) */
  pos(v: string | number | null): number | null;
  ticks(): { v: number; text: string }[];
}

const PAD = { left: 40, right: 70, top: 28, bottom: 30 };

/** Blue (high) to orange-red (low): readable on white, and tells good from bad at a glance. */
export function metricColor(t: number): string {
  const stops = [
    [215, 48, 39],
    [252, 141, 89],
    [200, 200, 120],
    [145, 191, 219],
    [69, 117, 180],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function makeAxis(name: string, values: (string | number | null)[]): Axis {
  const scale = settingScale(values);
  if (!scale.numeric) {
    const { categories } = scale;
    const at = (i: number) => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
    return {
      name,
      numeric: false,
      log: false,
      categories,
      lo: 0,
      hi: Math.max(1, categories.length - 1),
      pos: (v) => {
        const i = categories.indexOf(String(v));
        return i < 0 ? null : at(i);
      },
      ticks: () => categories.map((c, i) => ({ v: at(i), text: c })),
    };
  }
  const { lo, hi, log, values: vals, unit } = scale;
  return {
    name,
    numeric: true,
    log,
    categories: [],
    lo,
    hi,
    pos: unit,
    ticks: () => {
      const shown =
        vals.length <= 6 ? vals : [lo, ...vals.filter((_, i) => i % Math.ceil(vals.length / 5) === 0), hi];
      return [...new Set(shown)].map((v) => ({ v: unit(v)!, text: fmt(v, 3) }));
    },
  };
}

export class ParallelChart implements Exportable {
  readonly svg = el('svg', { class: 'parallel', role: 'img' });
  private rows: PCRow[] = [];
  private brushes = new Map<string, [number, number]>();
  private tooltip: HTMLElement;
  private readonly resize = new ResizeObserver(() => this.draw());

  constructor(
    readonly host: HTMLElement,
    private params: string[],
    private metricName: string,
    private readonly onPick: (key: string) => void,
    private readonly height = 340,
  ) {
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'pc-tooltip';
    this.tooltip.hidden = true;
    host.append(this.svg, this.tooltip);
    this.resize.observe(host);
  }

  setData(rows: PCRow[], params = this.params, metricName = this.metricName): void {
    this.rows = rows;
    this.params = params;
    this.metricName = metricName;
    this.brushes.clear();
    this.draw();
  }

  /** Keys of the rows that pass every brush. */
  kept(): string[] {
    return this.rows.filter((r) => this.passes(r)).map((r) => r.key);
  }

  private axes(): Axis[] {
    return [
      ...this.params.map((p) =>
        makeAxis(
          p,
          this.rows.map((r) => r.values[p] ?? null),
        ),
      ),
      makeAxis(
        this.metricName,
        this.rows.map((r) => r.metric),
      ),
    ];
  }

  private passes(r: PCRow, axes = this.axes()): boolean {
    for (const a of axes) {
      const b = this.brushes.get(a.name);
      if (!b) continue;
      const p = a.pos(a.name === this.metricName ? r.metric : (r.values[a.name] ?? null));
      if (p === null || p < b[0] - 1e-9 || p > b[1] + 1e-9) return false;
    }
    return true;
  }

  draw(): void {
    const width = Math.max(360, this.host.clientWidth);
    const H = this.height;
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(H));
    this.svg.setAttribute('viewBox', `0 0 ${width} ${H}`);
    this.svg.replaceChildren();
    const axes = this.axes();
    if (!axes.length || !this.rows.length) return;
    const plotH = H - PAD.top - PAD.bottom;
    const xAt = (i: number) =>
      PAD.left + (axes.length === 1 ? 0 : (i * (width - PAD.left - PAD.right)) / (axes.length - 1));
    const yAt = (p: number) => PAD.top + (1 - p) * plotH;
    const metrics = this.rows.map((r) => r.metric).filter((m): m is number => m !== null);
    const mLo = Math.min(...metrics);
    const mHi = Math.max(...metrics);
    const lines = el('g', { class: 'pc-lines' });
    this.svg.append(lines);
    for (const r of this.rows) {
      const pts: string[] = [];
      axes.forEach((a, i) => {
        const p = a.pos(i === axes.length - 1 ? r.metric : (r.values[a.name] ?? null));
        if (p !== null) pts.push(`${xAt(i).toFixed(1)},${yAt(p).toFixed(1)}`);
      });
      const t = r.metric === null || mHi === mLo ? 0.5 : (r.metric - mLo) / (mHi - mLo);
      const kept = this.passes(r, axes);
      const line = el('polyline', {
        points: pts.join(' '),
        fill: 'none',
        stroke: r.metric === null ? '#999' : metricColor(t),
        'stroke-width': 1.6,
        opacity: kept ? 0.85 : 0.08,
        class: kept ? 'pc-line' : 'pc-line dimmed',
        'data-key': r.key,
      });
      const title = el('title', {});
      title.textContent = `${r.label}: ${this.metricName} ${r.metric === null ? '—' : fmt(r.metric, 4)}`;
      line.append(title);
      line.addEventListener('mouseenter', (e) => this.hover(r, e as MouseEvent, line));
      line.addEventListener('mouseleave', () => {
        this.tooltip.hidden = true;
        line.setAttribute('stroke-width', '1.6');
      });
      line.addEventListener('click', () => this.onPick(r.key));
      lines.append(line);
    }
    axes.forEach((a, i) => {
      const x = xAt(i);
      const g = el('g', { class: 'pc-axis', 'data-axis': a.name });
      g.append(el('line', { x1: x, x2: x, y1: PAD.top, y2: PAD.top + plotH, stroke: '#555' }));
      const name = el('text', {
        x,
        y: PAD.top - 12,
        'text-anchor': 'middle',
        'font-size': 12,
        'font-weight': 600,
        fill: '#1f2328',
      });
      name.textContent = a.name + (a.log ? ' (log)' : '');
      g.append(name);
      for (const t of a.ticks()) {
        const label = el('text', {
          x: x + 5,
          y: yAt(t.v) + 4,
          'font-size': 11,
          fill: '#333',
          stroke: '#fff',
          'stroke-width': 3,
          'paint-order': 'stroke',
        });
        label.textContent = t.text;
        g.append(el('line', { x1: x - 3, x2: x + 3, y1: yAt(t.v), y2: yAt(t.v), stroke: '#555' }), label);
      }
      const b = this.brushes.get(a.name);
      if (b)
        g.append(
          el('rect', {
            x: x - 7,
            width: 14,
            y: yAt(b[1]),
            height: Math.max(2, yAt(b[0]) - yAt(b[1])),
            fill: 'rgba(9,105,218,0.18)',
            stroke: '#0969da',
          }),
        );
      // a wide transparent strip to drag a brush on
      const hit = el('rect', {
        x: x - 12,
        width: 24,
        y: PAD.top,
        height: plotH,
        fill: 'transparent',
        class: 'pc-brush',
        cursor: 'ns-resize',
      });
      hit.addEventListener('pointerdown', (e) => this.brush(a.name, e as PointerEvent, hit, yAt));
      g.append(hit);
      this.svg.append(g);
    });
    chartDrawn();
  }

  private hover(r: PCRow, e: MouseEvent, line: SVGPolylineElement): void {
    line.setAttribute('stroke-width', '3.5');
    lineToFront(line);
    const parts = [
      ...this.params.map((p) => `${p}=${r.values[p] ?? '—'}`),
      `${this.metricName} ${r.metric === null ? '—' : fmt(r.metric, 4)}`,
    ];
    this.tooltip.textContent = `${r.label} · ${parts.join(' · ')}`;
    const box = this.host.getBoundingClientRect();
    this.tooltip.style.left = `${e.clientX - box.left + 12}px`;
    this.tooltip.style.top = `${e.clientY - box.top + 12}px`;
    this.tooltip.hidden = false;
  }

  private brush(axis: string, down: PointerEvent, hit: SVGRectElement, yAt: (p: number) => number): void {
    const box = this.svg.getBoundingClientRect();
    const top = yAt(1);
    const bottom = yAt(0);
    const toPos = (clientY: number) =>
      Math.min(1, Math.max(0, (bottom - (clientY - box.top)) / (bottom - top)));
    const start = toPos(down.clientY);
    hit.setPointerCapture(down.pointerId);
    const move = (e: PointerEvent) => {
      const now = toPos(e.clientY);
      this.brushes.set(axis, [Math.min(start, now), Math.max(start, now)]);
    };
    const up = (e: PointerEvent) => {
      hit.removeEventListener('pointermove', move);
      hit.removeEventListener('pointerup', up);
      const now = toPos(e.clientY);
      // a click without a drag clears the axis' brush
      if (Math.abs(now - start) < 0.02) this.brushes.delete(axis);
      else this.brushes.set(axis, [Math.min(start, now), Math.max(start, now)]);
      this.draw();
      this.host.dispatchEvent(new CustomEvent('brush', { detail: this.kept() }));
    };
    hit.addEventListener('pointermove', move);
    hit.addEventListener('pointerup', up);
  }

  destroy(): void {
    this.resize.disconnect();
  }

  name(): string {
    return `hparams-${this.metricName}`;
  }

  async png(): Promise<HTMLCanvasElement> {
    return framed(
      await svgToCanvas(this.svg, window.devicePixelRatio || 1),
      `hyperparameters vs ${this.metricName}`,
      [],
      window.devicePixelRatio || 1,
    );
  }

  csv(): (string | number | null)[][] {
    return [
      ['run', ...this.params, this.metricName],
      ...this.rows.map((r) => [r.label, ...this.params.map((p) => r.values[p] ?? null), r.metric]),
    ];
  }
}

function lineToFront(line: SVGElement): void {
  line.parentNode?.appendChild(line);
}
