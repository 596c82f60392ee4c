/**
 * One setting against the final metric (SVG): a point per run in its colour. Categorical
 * settings are spread evenly (with a little jitter so seeds side by side stay visible); numeric
 * ones spanning more than two decades are logarithmic. Hover a point to read its run.
 */
import { fmt } from '../format.js';
import { chartDrawn } from './drawn.js';
import { type Exportable, framed, svgToCanvas } from './export.js';
import { settingScale } from './scale.js';
import { svgEl as el } from './svg.js';

export interface ScatterPoint {
  key: string;
  label: string;
  x: string | number | null;
  y: number | null;
  color: string;
}

const PAD = { left: 56, right: 16, top: 12, bottom: 40 };

export class ScatterChart implements Exportable {
  readonly svg = el('svg', { class: 'scatter', role: 'img' });
  private points: ScatterPoint[] = [];
  private readonly resize = new ResizeObserver(() => this.draw());

  constructor(
    readonly host: HTMLElement,
    private readonly xName: string,
    private readonly yName: string,
    private readonly onPick: (key: string) => void,
    private readonly height = 260,
  ) {
    host.append(this.svg);
    this.resize.observe(host);
  }

  setData(points: ScatterPoint[]): void {
    this.points = points.filter((p) => p.x !== null && p.y !== null);
    this.draw();
  }

  draw(): void {
    const width = Math.max(320, this.host.clientWidth);
    const H = this.height;
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(H));
    this.svg.replaceChildren();
    if (!this.points.length) return;
    const scale = settingScale(this.points.map((p) => p.x));
    const cats = scale.numeric ? [] : scale.categories;
    const log = scale.log;
    const plotW = width - PAD.left - PAD.right;
    const plotH = H - PAD.top - PAD.bottom;
    const X = scale.numeric
      ? (v: number) => PAD.left + (scale.unit(v) ?? 0) * plotW
      : (i: number) => PAD.left + (cats.length === 1 ? plotW / 2 : ((i + 0.5) * plotW) / cats.length);
    const ys = this.points.map((p) => p.y as number);
    let yLo = Math.min(...ys);
    let yHi = Math.max(...ys);
    if (yHi - yLo < 1e-9) {
      yLo -= 0.05;
      yHi += 0.05;
    }
    const Y = (v: number) => PAD.top + (1 - (v - yLo) / (yHi - yLo)) * plotH;
    const axis = el('g', { class: 'sc-axes', 'font-size': 11, fill: '#555' });
    axis.append(
      el('line', {
        x1: PAD.left,
        x2: PAD.left + plotW,
        y1: PAD.top + plotH,
        y2: PAD.top + plotH,
        stroke: '#888',
      }),
    );
    axis.append(el('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: PAD.top + plotH, stroke: '#888' }));
    const xTicks = scale.numeric
      ? scale.values.map((v) => ({ at: X(v), text: fmt(v, 3) }))
      : cats.map((c, i) => ({ at: X(i), text: c }));
    for (const tk of xTicks) {
      const tx = el('text', { x: tk.at, y: PAD.top + plotH + 14, 'text-anchor': 'middle' });
      tx.textContent = tk.text;
      axis.append(tx);
    }
    for (let k = 0; k <= 4; k++) {
      const v = yLo + ((yHi - yLo) * k) / 4;
      const ty = el('text', { x: PAD.left - 6, y: Y(v) + 4, 'text-anchor': 'end' });
      ty.textContent = fmt(v, 3);
      axis.append(ty, el('line', { x1: PAD.left, x2: PAD.left + plotW, y1: Y(v), y2: Y(v), stroke: '#eee' }));
    }
    const xl = el('text', { x: PAD.left + plotW / 2, y: H - 6, 'text-anchor': 'middle', fill: '#1f2328' });
    xl.textContent = this.xName + (log ? ' (log)' : '');
    const yl = el('text', {
      x: 12,
      y: PAD.top + plotH / 2,
      'text-anchor': 'middle',
      transform: `rotate(-90 12 ${PAD.top + plotH / 2})`,
      fill: '#1f2328',
    });
    yl.textContent = this.yName;
    axis.append(xl, yl);
    this.svg.append(axis);
    const seen = new Map<string, number>();
    for (const p of this.points) {
      const base = scale.numeric ? X(Number(p.x)) : X(cats.indexOf(String(p.x)));
      // seeds of one configuration side by side rather than on top of each other
      const n = seen.get(`${p.x}`) ?? 0;
      seen.set(`${p.x}`, n + 1);
      const cx = base + (scale.numeric ? 0 : ((n % 5) - 2) * 4);
      const dot = el('circle', {
        cx,
        cy: Y(p.y as number),
        r: 5,
        fill: p.color,
        stroke: '#fff',
        'stroke-width': 1,
        class: 'sc-point',
        'data-key': p.key,
      });
      const title = el('title', {});
      title.textContent = `${p.label}: ${this.xName}=${p.x}, ${this.yName} ${fmt(p.y, 4)}`;
      dot.append(title);
      dot.addEventListener('click', () => this.onPick(p.key));
      this.svg.append(dot);
    }
    chartDrawn();
  }

  destroy(): void {
    this.resize.disconnect();
  }

  name(): string {
    return `${this.xName}-vs-${this.yName}`;
  }

  async png(): Promise<HTMLCanvasElement> {
    return framed(
      await svgToCanvas(this.svg, window.devicePixelRatio || 1),
      `${this.xName} → ${this.yName}`,
      [],
      window.devicePixelRatio || 1,
    );
  }

  csv(): (string | number | null)[][] {
    return [['run', this.xName, this.yName], ...this.points.map((p) => [p.label, p.x, p.y])];
  }
}
