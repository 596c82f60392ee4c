/**
 * Text tables for the terminal: rows of cells in columns two spaces apart, each cell padded to
 * its column's width. One implementation for every table trainscope prints (preflight, explain,
 * the metrics' per-label table, experiment results, the demo's evidence, the command list).
 */
export type Align = 'left' | 'right';

export interface TableOptions {
  /** Alignment of column c (default: left). */
  align?: (column: number, columns: number) => Align;
  /** Prefix of every line (e.g. two spaces). */
  indent?: string;
  /** Drop trailing spaces (the last column is padded otherwise). */
  trimEnd?: boolean;
}

/** The width of each column: its longest cell. */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  return Array.from({ length: n }, (_, c) => Math.max(0, ...rows.map((r) => (r[c] ?? '').length)));
}

/** One line per row. */
export function textTable(rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const widths = columnWidths(rows);
  const align = opts.align ?? (() => 'left');
  return rows.map((row) => {
    const line =
      (opts.indent ?? '') +
      row
        .map((cell, c) =>
          align(c, row.length) === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]),
        )
        .join('  ');
    return opts.trimEnd ? line.trimEnd() : line;
  });
}
