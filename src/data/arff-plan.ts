import type { ArffOptions } from './arff.js';
import { type ArffAttribute, type ArffHeader, unusableType } from './arff-header.js';
import { droppedColumns, featureOrder } from './columns.js';
import { dataError } from './fail.js';
import { parseLabelSpec, resolveLabelSpec } from './labels.js';
import { show } from './text/show.js';

/** What each attribute becomes. */
export const NUM = 0;
export const BIN = 1;
export const ONEHOT = 2;
export const LABEL = 3;
export const SKIP = 4;

export interface AttrPlan {
  kind: number;
  /** NUM, BIN: the feature column; LABEL: the label index. */
  col: number;
  /** ONEHOT: the feature column of each declared value. */
  cols: Int32Array;
  attr: ArffAttribute;
  /** Nominal values as UTF-8 bytes, and by text (matching without a string per value). */
  bytes: Uint8Array[];
  index: Map<string, number>;
}

/** A non-zero value (or label 1) that a sparse row implies for an attribute it leaves out. */
export interface SparseDefault {
  attr: number;
  col: number;
  v: number;
  label: boolean;
}

export function planArff(header: ArffHeader, file: string, opts: ArffOptions) {
  const attrs = header.attributes;
  const dropped = droppedColumns(
    attrs.map((a) => a.name),
    opts,
    file,
  );
  const kept = attrs.filter((_, a) => !dropped.has(a));
  const labelSet = new Set(
    chooseLabels(header.relation, kept, file, opts).map((k) => attrs.indexOf(kept[k])),
  );
  const plans: AttrPlan[] = [];
  const fileFeatures: string[] = [];
  const labelNames: string[] = [];
  attrs.forEach((attr, a) => {
    const bytes = attr.type === 'nominal' ? attr.values.map((v) => Buffer.from(v)) : [];
    const index = new Map(attr.type === 'nominal' ? attr.values.map((v, i) => [v, i]) : []);
    const plan = (kind: number, col: number, cols = new Int32Array(0)): AttrPlan => ({
      kind,
      col,
      cols,
      attr,
      bytes,
      index,
    });
    if (dropped.has(a)) plans.push(plan(SKIP, -1));
    else if (attr.type === 'other') throw unusableType(attr, file);
    else if (labelSet.has(a)) {
      plans.push(plan(LABEL, labelNames.length));
      labelNames.push(attr.name);
    } else if (attr.type === 'numeric' || isBinary01(attr.values)) {
      plans.push(plan(attr.type === 'numeric' ? NUM : BIN, fileFeatures.length));
      fileFeatures.push(attr.name);
    } else {
      plans.push(
        plan(
          ONEHOT,
          -1,
          Int32Array.from(attr.values, (_, k) => fileFeatures.length + k),
        ),
      );
      for (const v of attr.values) fileFeatures.push(`${attr.name}=${v}`);
    }
  });
  const order = featureOrder(fileFeatures, opts.features, file, true);
  if (order !== null) {
    for (const p of plans) {
      if (p.kind === NUM || p.kind === BIN) p.col = order[p.col];
      else if (p.kind === ONEHOT) p.cols = p.cols.map((c) => order[c]);
    }
  }
  const featureNames = opts.features !== undefined ? [...opts.features] : fileFeatures;
  return { plans, featureNames, labelNames, defaults: sparseDefaults(plans, file) };
}

/** Indices into `kept` of the labels (see the rules in arff.ts). */
function chooseLabels(relation: string, kept: ArffAttribute[], file: string, opts: ArffOptions): number[] {
  const names = kept.map((a) => a.name);
  if (opts.labels === 'none') return [];
  if (opts.labels !== undefined) return resolveLabelSpec(parseLabelSpec(opts.labels), names, file);
  if (opts.xmlLabels !== undefined) {
    const have = new Set(names);
    for (const l of opts.xmlLabels) {
      if (!have.has(l)) {
        throw dataError(
          opts.xmlFile ?? file,
          undefined,
          `unknown label ${show(l)}: no attribute of that name in ${file}`,
        );
      }
    }
    return resolveLabelSpec(
      { kind: 'names', names: [...opts.xmlLabels] },
      names,
      file,
      opts.xmlFile ?? 'XML',
    );
  }
  const meka = /(?:^|\s)-C\s+(-?\d+)/.exec(relation);
  if (meka) {
    const n = Number(meka[1]);
    if (n === 0)
      throw dataError(file, undefined, `MEKA relation ${show(relation)} says -C 0: no label columns`);
    return resolveLabelSpec({ kind: n > 0 ? 'first' : 'last', n: Math.abs(n) }, names, file, `MEKA -C ${n}`);
  }
  throw dataError(
    file,
    undefined,
    'no label columns: give --labels first:N | last:N | name,…, put a MULAN <name>.xml beside the file, or use a MEKA relation name with -C N',
  );
}

function isBinary01(values: string[]): boolean {
  return values.length === 2 && values.includes('0') && values.includes('1');
}

/** What a sparse row means by leaving an attribute out: 0, or the first declared value. */
function sparseDefaults(plans: AttrPlan[], file: string): SparseDefault[] {
  const out: SparseDefault[] = [];
  plans.forEach((p, attr) => {
    const first = p.attr.values[0];
    if (p.kind === BIN && first === '1') out.push({ attr, col: p.col, v: 1, label: false });
    else if (p.kind === ONEHOT) out.push({ attr, col: p.cols[0], v: 1, label: false });
    else if (p.kind === LABEL && p.attr.type === 'nominal') {
      if (first !== '0' && first !== '1') {
        throw dataError(
          file,
          p.attr.line,
          `label ${show(p.attr.name)} has first value ${show(first)}, which sparse rows imply when omitted: labels must be 0 or 1`,
        );
      }
      if (first === '1') out.push({ attr, col: p.col, v: 1, label: true });
    }
  });
  return out;
}
