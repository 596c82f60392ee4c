import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { TrainConfigSchema } from '../run/config.js';
import { type Axis, type GridSpec, SEED_FIELD, seedAxis } from './grid.js';

/**
 * Grid files (YAML or JSON):
 *
 *     name: story            # optional; default: the file name without extension
 *     seeds: 3               # optional; shorthand for an axis seed: [1, 2, 3]
 *     workers: 2             # optional; parallel trials
 *     base:                  # any training configuration field
 *       hidden: [256, 128, 64]
 *       lr: 1.0e-4
 *     axes:                  # any configuration field, each with a list of values
 *       init: [truncated_normal:1, glorot_uniform]
 *       dropout: [0, 0.5]
 */
export interface GridFile {
  spec: GridSpec;
  workers?: number;
}

/** Parallel trials (or a queue worker's concurrency) at most: each is a process of its own. */
export const MAX_WORKERS = 256;

const TOP_LEVEL = new Set(['name', 'seeds', 'workers', 'base', 'axes']);
const FIELDS = new Set(Object.keys(TrainConfigSchema.shape));

/** `batch_size`, `batch-size` and `batchSize` are the same field (as in run config files). */
export function fieldName(key: string): string {
  return key.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function readGridFile(path: string): GridFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${path}: cannot read grid file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  return parseGridText(text, path);
}

export function parseGridText(text: string, origin: string): GridFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const at = err.linePos ? `:${err.linePos[0].line}` : '';
    throw new UserError(`${origin}${at}: ${err.message.split('\n')[0]}`);
  }
  const where = (path: (string | number)[]): string => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const off = node?.range?.[0];
    if (off === undefined) return `${origin}: ${path.join('.')}`;
    return `${origin}:${lines.linePos(off).line}: ${path.join('.')}`;
  };
  if (!isMap(doc.contents)) throw new UserError(`${origin}: expected a mapping with 'base' and 'axes'`);
  const data = doc.toJS() as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL.has(key)) {
      const hint = FIELDS.has(key) ? ` (put configuration fields under 'base:' or 'axes:')` : '';
      throw new UserError(
        `${where([key])}: unknown key; expected one of ${[...TOP_LEVEL].join(', ')}${hint}`,
      );
    }
  }
  const base = data.base ?? {};
  if (typeof base !== 'object' || base === null || Array.isArray(base)) {
    throw new UserError(`${where(['base'])}: expected a mapping of configuration fields`);
  }
  const baseFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (!FIELDS.has(fieldName(key)))
      throw new UserError(`${where(['base', key])}: unknown configuration field`);
    baseFields[fieldName(key)] = value;
  }
  const rawAxes = data.axes ?? {};
  if (typeof rawAxes !== 'object' || rawAxes === null || Array.isArray(rawAxes)) {
    throw new UserError(`${where(['axes'])}: expected a mapping 'field: [values…]'`);
  }
  const axes: Axis[] = [];
  for (const [key, values] of Object.entries(rawAxes)) {
    if (!FIELDS.has(fieldName(key)))
      throw new UserError(`${where(['axes', key])}: unknown configuration field`);
    if (!Array.isArray(values) || values.length === 0) {
      throw new UserError(
        `${where(['axes', key])}: expected a non-empty list of values, got ${JSON.stringify(values)}`,
      );
    }
    axes.push({ field: fieldName(key), values });
  }
  if (data.seeds !== undefined) {
    if (axes.some((a) => a.field === SEED_FIELD)) {
      throw new UserError(`${where(['seeds'])}: give either 'seeds' or an axis 'seed', not both`);
    }
    axes.push(seedAxis(Number(data.seeds), where(['seeds'])));
  }
  const name = data.name === undefined ? basename(origin, extname(origin)) : String(data.name);
  checkName(name, where(['name']));
  const workers = data.workers === undefined ? undefined : Number(data.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)) {
    throw new UserError(`${where(['workers'])}: expected an integer from 1 to ${MAX_WORKERS}`);
  }
  return { spec: { name, base: baseFields, axes }, workers };
}

/** Experiment names are one directory level under the logdir. */
export function checkName(name: string, origin = '--name'): void {
  if (!/^[A-Za-z0-9._=,+-]+$/.test(name) || name === '.' || name === '..') {
    throw new UserError(
      `${origin}: experiment name '${name}' must be one directory name (letters, digits, . _ - + = ,)`,
    );
  }
}

/**
 * `--grid init=truncated_normal:1,glorot_uniform` → an axis. Values are separated by `,`,
 * or by `|` when a value itself is a list (`--grid 'hidden=256,128,64|64'`).
 */
export function parseAxisFlag(flag: string): Axis {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new UserError(`--grid '${flag}': expected FIELD=VALUE,VALUE,…`);
  const field = fieldName(flag.slice(0, eq).trim());
  if (!FIELDS.has(field)) throw new UserError(`--grid '${flag}': unknown configuration field '${field}'`);
  const rest = flag.slice(eq + 1);
  const raw = rest.includes('|') ? rest.split('|') : rest.split(',');
  const values = raw.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) throw new UserError(`--grid '${flag}': no values after '='`);
  return { field, values: values.map((v) => coerce(field, v)) };
}

/** `--set lr=1e-4` → [field, value] for the base configuration. */
export function parseSetFlag(flag: string): [string, unknown] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new UserError(`--set '${flag}': expected FIELD=VALUE`);
  const field = fieldName(flag.slice(0, eq).trim());
  if (!FIELDS.has(field)) throw new UserError(`--set '${flag}': unknown configuration field '${field}'`);
  return [field, coerce(field, flag.slice(eq + 1).trim())];
}

/**
 * A flag value as the field wants it: the number or boolean when the field accepts one, else
 * the text (`hidden=64,32` stays text, which the schema parses as a list).
 */
export function coerce(field: string, raw: string): unknown {
  const schema = TrainConfigSchema.shape[field as keyof typeof TrainConfigSchema.shape];
  const candidates: unknown[] = [];
  if (raw === 'true' || raw === 'false') candidates.push(raw === 'true');
  if (raw !== '' && Number.isFinite(Number(raw))) candidates.push(Number(raw));
  for (const c of candidates) if (schema.safeParse(c).success) return c;
  return raw;
}
