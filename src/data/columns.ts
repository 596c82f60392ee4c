import { dataError, listSome } from './fail.js';
import { show } from './text/show.js';

/** How a reader picks its columns (shared by ARFF and CSV). */
export interface ColumnOptions {
  /** `first:N`, `last:N`, `name,name,…`, or 'none' for a features-only file. */
  labels?: string;
  /** Columns (attributes) to drop before anything else (IDs, free text); each must exist. */
  ignore?: readonly string[];
  /** Columns dropped when present (a model's label columns in a file given to predict). */
  dropIfPresent?: readonly string[];
  /**
   * The features a model expects, in its order: the file's features are matched to them by name
   * (any column order) or, in a file without a header, by position; anything missing or extra is
   * refused.
   */
  features?: readonly string[];
}

/** Indices of the columns to drop: --ignore names (which must exist) and dropIfPresent ones. */
export function droppedColumns(names: readonly string[], opts: ColumnOptions, file: string): Set<number> {
  const index = new Map(names.map((n, i) => [n, i]));
  const out = new Set<number>();
  for (const n of opts.ignore ?? []) {
    const i = index.get(n);
    if (i === undefined) {
      throw dataError(file, undefined, `--ignore ${show(n)}: no such column (columns: ${listSome(names)})`);
    }
    out.add(i);
  }
  for (const n of opts.dropIfPresent ?? []) {
    const i = index.get(n);
    if (i !== undefined) out.add(i);
  }
  if (out.size === names.length)
    throw dataError(file, undefined, 'every column is ignored: nothing left to read');
  return out;
}

/**
 * Where each of the file's features goes in the model's order (null: the same order), or a
 * DataError saying what is missing or extra.
 */
export function featureOrder(
  have: readonly string[],
  want: readonly string[] | undefined,
  file: string,
  byName: boolean,
): Int32Array | null {
  if (want === undefined) return null;
  if (!byName) {
    if (have.length !== want.length) {
      throw dataError(
        file,
        undefined,
        `${have.length} feature columns, but the model expects ${want.length} (a file without a header is read by position)`,
      );
    }
    return null;
  }
  const index = new Map(want.map((n, i) => [n, i]));
  const map = new Int32Array(have.length);
  const extra: string[] = [];
  let same = have.length === want.length;
  have.forEach((n, j) => {
    const i = index.get(n);
    if (i === undefined) extra.push(n);
    else {
      map[j] = i;
      if (i !== j) same = false;
    }
  });
  if (extra.length > 0) {
    throw dataError(
      file,
      undefined,
      `column(s) ${listSome(extra)} are not features of the model: remove them`,
    );
  }
  const present = new Set(have);
  const missing = want.filter((n) => !present.has(n));
  if (missing.length > 0) {
    throw dataError(
      file,
      undefined,
      `missing feature column(s) ${listSome(missing)} that the model was trained on`,
    );
  }
  return same ? null : map;
}
