/**
 * TensorBoard's distribution chart (uPlot): the values at nine basis points of each step's
 * histogram drawn as nested bands — min–max, ±1.5σ, ±1σ, ±0.5σ equivalents — around the median.
 */
import uPlot from 'uplot';
import { withAlpha } from '../colors.js';
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';
import { type Exportable, framed } from './export.js';

const LABELS = ['min', '-1.5σ', '-1σ', '-0.5σ', 'median', '+0.5σ', '+1σ', '+1.5σ', 'max'];

export class BandsChart implements Exportable {
  private plot: uPlot | null = null;
  private rows: number[][] = [];
  private readonly resize = new ResizeObserver(() => this.plot?.setSize(this.size()));

  constructor(
    readonly el: HTMLElement,
    private readonly color: string,
    private readonly title: string,
    private readonly yLabel = 'value',
    private readonly height = 200,
  ) {
    this.resize.observe(el);
  }

  private size() {
    return { width: Math.max(200, this.el.clientWidth - 2), height: this.height };
  }

  /** rows: [step, v0..v8] as the API sends them. */
  setData(rows: number[][]): void {
    this.plot?.destroy();
    this.rows = rows;
    const data: uPlot.AlignedData = [
      rows.map((r) => r[0]),
      ...Array.from({ length: 9 }, (_, i) => rows.map((r) => r[i + 1])),
    ];
    const series: uPlot.Series[] = [{ label: 'step' }];
    for (let i = 0; i < 9; i++) {
      series.push({
        label: LABELS[i],
        stroke: i === 4 ? this.color : withAlpha(this.color, 0.35),
        width: i === 4 ? 1.6 : 0.5,
        points: { show: false },
      });
    }
    // series index = basis point index + 1; outer bands first (lighter)
    const bands: uPlot.Band[] = [0, 1, 2, 3].map((k) => ({
      series: [9 - k, k + 1] as [number, number],
      fill: withAlpha(this.color, 0.12 + 0.06 * k),
    }));
    this.plot = new uPlot(
      {
        ...this.size(),
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [
          { stroke: '#555', grid: { stroke: '#eee' }, size: 30, label: 'step', labelSize: 16 },
          {
            stroke: '#555',
            grid: { stroke: '#eee' },
            label: this.yLabel,
            labelSize: 16,
            values: (_u, vals) => vals.map((v) => fmt(v, 3)),
            size: (_u, values) => 20 + 6.6 * Math.max(2, ...(values ?? []).map((v) => String(v).length)),
          },
        ],
        series,
        bands,
        hooks: { draw: [() => rows.length && chartDrawn()] },
      },
      data,
      this.el,
    );
  }

  name(): string {
    return this.title;
  }

  async png(): Promise<HTMLCanvasElement> {
    const canvas = this.el.querySelector('canvas');
    if (!canvas) throw new Error('nothing drawn yet');
    return framed(
      canvas,
      this.title,
      [{ color: this.color, label: 'median; bands: min–max, ±1.5σ, ±1σ, ±0.5σ' }],
      window.devicePixelRatio || 1,
    );
  }

  csv(): (string | number | null)[][] {
    return [['step', ...LABELS], ...this.rows];
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
  }
}
