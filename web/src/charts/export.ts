/**
 * Download any chart: its picture as PNG (with its title and legend drawn in) and its data as
 * CSV. Each chart says how to export itself (an `Exportable`); the card puts the two buttons up.
 */

export interface Exportable {
  /** File name without extension. */
  name(): string;
  /** The chart drawn on a canvas (white background, title and legend included). */
  png(): Promise<HTMLCanvasElement>;
  /** Header row first. */
  csv(): (string | number | null)[][];
}

function slug(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._=-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 120) || 'chart'
  );
}

function download(blob: Blob, file: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = file;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** RFC 4180: quote fields with commas, quotes or line breaks. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    if (v === null || v === undefined) return '';
    const s =
      typeof v === 'number'
        ? Number.isFinite(v)
          ? String(v)
          : v > 0
            ? 'Infinity'
            : v < 0
              ? '-Infinity'
              : 'NaN'
        : v;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

export async function downloadPng(e: Exportable): Promise<void> {
  const canvas = await e.png();
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (blob) download(blob, `${slug(e.name())}.png`);
}

export function downloadCsv(e: Exportable): void {
  download(new Blob([toCsv(e.csv())], { type: 'text/csv' }), `${slug(e.name())}.csv`);
}

export interface LegendItem {
  color: string;
  label: string;
  dashed?: boolean;
}

/** A canvas with a title above and a legend below the given picture, on white (what the PNG holds). */
export function framed(
  source: CanvasImageSource & { width: number; height: number },
  title: string,
  legend: LegendItem[],
  scale = 1,
): HTMLCanvasElement {
  const pad = 12 * scale;
  const line = 16 * scale;
  const w = source.width;
  const legendRows = legend.length;
  const out = document.createElement('canvas');
  out.width = w + 2 * pad;
  out.height = source.height + 2 * pad + line * (1 + legendRows) + 6 * scale;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1f2328';
  ctx.font = `600 ${12 * scale}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.fillText(title, pad, pad);
  ctx.drawImage(source, pad, pad + line + 4 * scale);
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  let y = pad + line + 4 * scale + source.height + 6 * scale;
  for (const item of legend) {
    ctx.strokeStyle = item.color;
    ctx.lineWidth = 2 * scale;
    ctx.setLineDash(item.dashed ? [4 * scale, 3 * scale] : []);
    ctx.beginPath();
    ctx.moveTo(pad, y + 6 * scale);
    ctx.lineTo(pad + 18 * scale, y + 6 * scale);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#1f2328';
    ctx.fillText(item.label, pad + 24 * scale, y);
    y += line;
  }
  return out;
}

/** Render an SVG element to a canvas (for charts drawn in SVG). */
export async function svgToCanvas(svg: SVGSVGElement, scale = 2): Promise<HTMLCanvasElement> {
  const box = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('could not draw the chart as an image'));
    img.src = url;
  });
  const c = document.createElement('canvas');
  c.width = Math.round(box.width * scale);
  c.height = Math.round(box.height * scale);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return c;
}
