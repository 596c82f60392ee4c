import { DataError } from './dataset.js';
import { listSome } from './fail.js';

/**
 * Which columns are labels, as the user writes it in `--labels`:
 * `first:6`, `last:14`, or a comma-separated list of column names.
 */
export type LabelSpec =
  | { kind: 'first'; n: number }
  | { kind: 'last'; n: number }
  | { kind: 'names'; names: string[] };

export function parseLabelSpec(text: string): LabelSpec {
  const m = /^\s*(first|last)\s*:\s*(\S*)\s*$/i.exec(text);
  if (m) {
    const n = Number(m[2]);
    if (!Number.isInteger(n) || n < 1) {
      throw new DataError(`--labels ${text}: expected ${m[1]}:N with a whole number N ≥ 1`);
    }
    return { kind: m[1].toLowerCase() as 'first' | 'last', n };
  }
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) {
    throw new DataError(`--labels '${text}': expected first:N, last:N or a list of column names`);
  }
  return { kind: 'names', names };
}

/**
 * Column indices of the labels, in ascending column order (the file's order, whatever order
 * the spec names them in: a label set is a set). `file` and `how` name the source in errors.
 */
export function resolveLabelSpec(
  spec: LabelSpec,
  columns: readonly string[],
  file: string,
  how = '--labels',
): number[] {
  const n = columns.length;
  let idx: number[];
  if (spec.kind === 'first' || spec.kind === 'last') {
    if (spec.n >= n) {
      throw new DataError(
        `${file}: ${how} ${spec.kind}:${spec.n} leaves no feature columns (the file has ${n} columns)`,
      );
    }
    const start = spec.kind === 'first' ? 0 : n - spec.n;
    idx = Array.from({ length: spec.n }, (_, i) => start + i);
  } else {
    const byName = new Map<string, number>();
    columns.forEach((c, i) => {
      byName.set(c, i);
    });
    const seen = new Set<number>();
    for (const name of spec.names) {
      const i = byName.get(name);
      if (i === undefined) {
        throw new DataError(
          `${file}: unknown label '${name}' in ${how}: no such column (columns: ${listSome(columns)})`,
        );
      }
      if (seen.has(i)) throw new DataError(`${file}: label '${name}' is named twice in ${how}`);
      seen.add(i);
    }
    idx = [...seen].sort((a, b) => a - b);
    if (idx.length >= n) throw new DataError(`${file}: ${how} names every column: no feature columns left`);
  }
  return idx;
}
