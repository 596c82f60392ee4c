import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArff } from './arff.js';
import type { ColumnOptions } from './columns.js';
import { readCsv } from './csv.js';
import { DataError, type Dataset } from './dataset.js';
import { dataError } from './fail.js';
import { findMulanXml, readMulanXml } from './mulan-xml.js';
import { generateSynthetic, isSyntheticSource, parseSyntheticSpec } from './synthetic.js';

export interface LoadOptions extends ColumnOptions {
  /** `first:N`, `last:N` or `name,name,…` (the `--labels` flag); 'none' for features only. */
  labels?: string;
  /**
   * `mean` fills missing features with this file's column mean; `keep` leaves them as NaN for
   * the caller to fill (the trainer uses the training rows' means); default 'none' rejects them.
   */
  impute?: 'none' | 'mean' | 'keep';
  /** A MULAN label XML; by default the one beside the ARFF (x-train.arff → x.xml) if any. */
  xml?: string;
}

export type ResolvedSource = { kind: 'synthetic'; spec: string } | { kind: 'arff' | 'csv'; path: string };

/**
 * The one place that decides what a `--data` string means:
 *   - a synthetic preset (`seed-like`, `gaussian:rows=4000`, `wordcounts:…`);
 *   - a file ending in .arff or .csv, optionally compressed (.gz, .bz2; the file's first bytes
 *     decide how it is read, whatever its name says);
 *   - a bare data set name (findNamedDataset): `<dir>/<name>/<name>-train.arff` (`scene` → the
 *     standard training file), `<dir>/<base>/<name>.arff` (`scene-test`), `<dir>/<name>.arff|.csv`,
 *     the one `*-train.arff` in `<dir>/<name>/` (`tmc2007`), or the file in any subfolder
 *     (`tmc2007-500-test`); dirs from $TRAINSCOPE_DATA
 *     (colon-separated), then ./data, the sets shipped in the package (emotions, scene,
 *     yeast) and ../shared/data.
 */
export function resolveSource(source: string): ResolvedSource {
  const s = source.trim();
  if (s === '')
    throw new DataError('--data is empty: give a .arff or .csv file or a preset such as seed-like');
  if (isSyntheticSource(s)) return { kind: 'synthetic', spec: s };
  const m = /\.(arff|csv)(\.(gz|bz2))?$/i.exec(s);
  if (m) return { kind: m[1].toLowerCase() as 'arff' | 'csv', path: s };
  if (/\.(xz|zip|7z|zst)$/i.test(s)) {
    throw dataError(s, undefined, 'compressed file: decompress it first; .gz and .bz2 are read directly');
  }
  if (/^[\w.-]+$/.test(s)) {
    const found = findNamedDataset(s);
    if (found) return resolveSource(found);
  }
  throw new DataError(
    `${s}: not a data file or preset: expected a path ending in .arff or .csv, a data set name (emotions, scene, yeast ship with trainscope; others from $TRAINSCOPE_DATA, ./data or ../shared/data), or a preset (seed-like, gaussian:…, wordcounts:…)`,
  );
}

/** The data sets shipped inside the package, compressed (datasets/ beside dist/). */
export const SHIPPED_DATA = fileURLToPath(new URL('../../../datasets/', import.meta.url));

/** Where `findNamedDataset` looks, in order. */
export function dataDirs(): string[] {
  const env = process.env.TRAINSCOPE_DATA;
  return [
    ...(env ? env.split(':').filter((d) => d !== '') : []),
    'data',
    SHIPPED_DATA,
    join('..', 'shared', 'data'),
  ];
}

/**
 * Path of a named data set, if found: `scene` → its standard training file, `scene-test` → the
 * test file (so a CLI can pair `--data scene` with `${name}-test`).
 */
export function findNamedDataset(name: string, dirs = dataDirs()): string | undefined {
  const base = name.replace(/[-_](train|test)$/i, '');
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  // each candidate as it is, or compressed
  const found = (p: string) => [p, `${p}.gz`, `${p}.bz2`].find(isFile);
  const subdirs = (d: string) => {
    try {
      return readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(d, e.name))
        .sort();
    } catch {
      return [];
    }
  };
  for (const d of dirs) {
    for (const p of [
      join(d, name, `${name}-train.arff`),
      join(d, base, `${name}.arff`),
      join(d, `${name}.arff`),
      join(d, `${name}.csv`),
    ]) {
      const f = found(p);
      if (f) return f;
    }
    // a folder named after the set with one training file in it (tmc2007/tmc2007-500-train.arff)
    const folder = join(d, name);
    if (existsSync(folder) && statSync(folder).isDirectory()) {
      const trains = readdirSync(folder).filter((f) => /-train\.arff(\.gz|\.bz2)?$/i.test(f));
      if (trains.length === 1) return join(folder, trains[0]);
    }
    // the file in any one-level subfolder (tmc2007/tmc2007-500.arff)
    for (const sub of subdirs(d)) {
      for (const p of [
        join(sub, `${name}-train.arff`),
        join(sub, `${name}.arff`),
        join(sub, `${name}.csv`),
      ]) {
        const f = found(p);
        if (f) return f;
      }
    }
  }
  return undefined;
}

/** Loads a data set from a file path or a synthetic preset (see resolveSource). */
export async function loadDataset(source: string, opts: LoadOptions = {}): Promise<Dataset> {
  const r = resolveSource(source);
  if (r.kind === 'synthetic') {
    if (opts.labels !== undefined || opts.xml !== undefined || opts.ignore?.length) {
      throw new DataError(
        `${source}: --labels, --xml and --ignore apply to files, not to a synthetic preset`,
      );
    }
    return generateSynthetic(parseSyntheticSpec(r.spec));
  }
  if (r.kind === 'csv') {
    if (opts.xml !== undefined) throw dataError(r.path, undefined, '--xml applies to ARFF files, not CSV');
    return readCsv(r.path, opts);
  }
  let xmlFile = opts.xml;
  if (xmlFile === undefined && opts.labels === undefined) xmlFile = findMulanXml(r.path);
  const xmlLabels =
    xmlFile !== undefined && opts.labels === undefined ? await readMulanXml(xmlFile) : undefined;
  return readArff(r.path, { ...opts, xmlLabels, xmlFile });
}
