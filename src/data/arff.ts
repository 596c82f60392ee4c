import {
  type ArffAttribute,
  type ArffHeader,
  type At,
  parseArffHeader,
  readToken,
  splitQuoted,
} from './arff-header.js';
import { type Dataset, denseDataset } from './dataset.js';
import { dataError } from './fail.js';
import { parseLabelSpec, resolveLabelSpec } from './labels.js';
import { fillMissing, presentMeans } from './moments.js';
import { missingError, parseLabel, parseNumber, type Where } from './values.js';

/**
 * ARFF (Weka) reader for multi-label data, dense and sparse rows.
 *
 * Which attributes are labels, first rule that applies:
 *   1. `labels`: `first:N`, `last:N` or `name,name,…` (the user's `--labels`);
 *   2. `xmlLabels`: names from a MULAN XML file, matched by name, never by position;
 *   3. MEKA: `-C n` in the relation name (n > 0: first n attributes, n < 0: last |n|);
 *   otherwise there are no label columns, which is an error.
 * Labels keep the file's column order whatever order they are named in.
 *
 * Features: numeric attributes as they are; a nominal attribute declared exactly {0,1} (either
 * order) becomes ONE numeric 0/1 column (tmc2007's 500 binary word features stay 500 columns, not
 * 1000 redundant ones); any other nominal attribute is one-hot encoded, one column per declared
 * value, named `attr=value`. In sparse rows an omitted attribute takes value 0 if numeric and its
 * first declared value if nominal, as in Weka. `?` (missing) is an error naming the line unless
 * impute is 'mean' (then it becomes the column mean over this file's present values; for one-hot
 * columns, the value frequencies) or 'keep' (left as NaN: the trainer fills it with the training
 * rows' means). Labels may never be missing and must be 0 or 1.
 */
export interface ArffOptions {
  labels?: string;
  impute?: 'none' | 'mean' | 'keep';
  /** Label names from a MULAN XML file, and that file's path (for errors). */
  xmlLabels?: readonly string[];
  xmlFile?: string;
}

const NUM = 0;
const BIN = 1;
const ONEHOT = 2;
const LABEL = 3;

interface Plan {
  kind: number;
  /** First feature column (NUM, BIN, ONEHOT) or label index (LABEL). */
  col: number;
  /** BIN: value → 0/1; ONEHOT: value → offset from col. */
  map: Map<string, number> | null;
  attr: ArffAttribute;
}

export function parseArff(text: string, file: string, opts: ArffOptions = {}): Dataset {
  const lines = text.split('\n');
  const header = parseArffHeader(lines, file);
  const labelSet = new Set(chooseLabels(header, file, opts));
  const { plans, featureNames, labelNames } = planColumns(header.attributes, labelSet);
  const nF = featureNames.length;
  const nL = labelNames.length;
  const nAttr = plans.length;
  const impute = opts.impute === 'mean' || opts.impute === 'keep';

  const capacity = lines.length - header.dataStart;
  let x = new Float32Array(capacity * nF);
  let y = new Uint8Array(capacity * nL);
  let rows = 0;
  let sawMissing = false;
  let sparseX: Float32Array | null = null;
  let sparseY: Uint8Array | null = null;
  const where: Where = { file, line: 0, column: '' };

  const setValue = (p: Plan, raw: string, xo: number, yo: number, sparse: boolean): void => {
    const tok = raw.trim();
    if (tok === '?') {
      where.column = p.attr.name;
      if (p.kind === LABEL || !impute) {
        if (p.kind === LABEL) parseLabel(tok, where);
        throw missingError(where);
      }
      sawMissing = true;
      const width = p.kind === ONEHOT ? p.map!.size : 1;
      x.fill(Number.NaN, xo + p.col, xo + p.col + width);
      return;
    }
    switch (p.kind) {
      case NUM: {
        const v = Number(tok);
        if (tok !== '' && Number.isFinite(Math.fround(v))) x[xo + p.col] = v;
        else {
          where.column = p.attr.name;
          parseNumber(tok, where); // throws the right message
        }
        return;
      }
      case LABEL:
        where.column = p.attr.name;
        y[yo + p.col] = parseLabel(tok, where);
        if (p.map !== null && !p.map.has(tok)) throw unknownNominal(p.attr, tok, where.line, file);
        return;
      case BIN: {
        const v = p.map!.get(tok);
        if (v === undefined) throw unknownNominal(p.attr, tok, where.line, file);
        x[xo + p.col] = v;
        return;
      }
      default: {
        const k = p.map!.get(tok);
        if (k === undefined) throw unknownNominal(p.attr, tok, where.line, file);
        if (sparse) x.fill(0, xo + p.col, xo + p.col + p.map!.size);
        x[xo + p.col + k] = 1;
      }
    }
  };

  for (let li = header.dataStart; li < lines.length; li++) {
    const t = lines[li].trim();
    if (t === '' || t[0] === '%') continue;
    where.line = li + 1;
    const at: At = where;
    const xo = rows * nF;
    const yo = rows * nL;
    if (t[0] === '{') {
      if (sparseX === null || sparseY === null) [sparseX, sparseY] = sparseDefaults(plans, nF, nL, file);
      x.set(sparseX, xo);
      y.set(sparseY, yo);
      parseSparse(t, at, nAttr, (a, v) => setValue(plans[a], v, xo, yo, true));
    } else {
      const toks = t.includes("'") || t.includes('"') ? splitQuoted(t, at) : t.split(',');
      let n = toks.length;
      if (n === nAttr + 1 && toks[n - 1].trim().startsWith('{')) n--; // Weka instance weight
      if (n !== nAttr) throw dataError(file, where.line, `expected ${nAttr} values, found ${toks.length}`);
      for (let a = 0; a < nAttr; a++) setValue(plans[a], toks[a], xo, yo, false);
    }
    rows++;
  }
  if (rows === 0) throw dataError(file, undefined, 'no data rows after @data');
  if (rows < capacity) {
    x = x.slice(0, rows * nF);
    y = y.slice(0, rows * nL);
  }
  const ds = denseDataset(x, y, { nRows: rows, featureNames, labelNames, source: file });
  if (sawMissing && opts.impute === 'mean') fillMissing(ds, presentMeans(ds));
  return ds;
}

/** Attribute indices of the labels (see the rules in the header comment). */
function chooseLabels(header: ArffHeader, file: string, opts: ArffOptions): number[] {
  const names = header.attributes.map((a) => a.name);
  if (opts.labels !== undefined) return resolveLabelSpec(parseLabelSpec(opts.labels), names, file);
  if (opts.xmlLabels !== undefined) {
    const have = new Set(names);
    for (const l of opts.xmlLabels) {
      if (!have.has(l)) {
        throw dataError(
          opts.xmlFile ?? file,
          undefined,
          `unknown label '${l}': no attribute of that name in ${file}`,
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
  const meka = /(?:^|\s)-C\s+(-?\d+)/.exec(header.relation);
  if (meka) {
    const n = Number(meka[1]);
    if (n === 0)
      throw dataError(file, undefined, `MEKA relation '${header.relation}' says -C 0: no label columns`);
    return resolveLabelSpec({ kind: n > 0 ? 'first' : 'last', n: Math.abs(n) }, names, file, `MEKA -C ${n}`);
  }
  throw dataError(
    file,
    undefined,
    'no label columns: give --labels first:N | last:N | name,…, put a MULAN <name>.xml beside the file, or use a MEKA relation name with -C N',
  );
}

function planColumns(attributes: ArffAttribute[], labelSet: Set<number>) {
  const plans: Plan[] = [];
  const featureNames: string[] = [];
  const labelNames: string[] = [];
  attributes.forEach((attr, a) => {
    const map = attr.type === 'nominal' ? new Map(attr.values.map((v, i) => [v, i])) : null;
    if (labelSet.has(a)) {
      plans.push({ kind: LABEL, col: labelNames.length, map, attr });
      labelNames.push(attr.name);
    } else if (attr.type === 'numeric') {
      plans.push({ kind: NUM, col: featureNames.length, map, attr });
      featureNames.push(attr.name);
    } else if (isBinary01(attr.values)) {
      plans.push({
        kind: BIN,
        col: featureNames.length,
        map: new Map(attr.values.map((v) => [v, Number(v)])),
        attr,
      });
      featureNames.push(attr.name);
    } else {
      plans.push({ kind: ONEHOT, col: featureNames.length, map, attr });
      for (const v of attr.values) featureNames.push(`${attr.name}=${v}`);
    }
  });
  return { plans, featureNames, labelNames };
}

function isBinary01(values: string[]): boolean {
  return values.length === 2 && values.includes('0') && values.includes('1');
}

/** The row a sparse line starts from: 0 for numeric, the first declared value for nominal. */
function sparseDefaults(plans: Plan[], nF: number, nL: number, file: string): [Float32Array, Uint8Array] {
  const x = new Float32Array(nF);
  const y = new Uint8Array(nL);
  for (const p of plans) {
    const first = p.attr.values[0];
    if (p.kind === BIN) x[p.col] = Number(first);
    else if (p.kind === ONEHOT) x[p.col] = 1;
    else if (p.kind === LABEL && p.attr.type === 'nominal') {
      if (first !== '0' && first !== '1') {
        throw dataError(
          file,
          p.attr.line,
          `label '${p.attr.name}' has first value '${first}', which sparse rows imply when omitted: labels must be 0 or 1`,
        );
      }
      y[p.col] = Number(first);
    }
  }
  return [x, y];
}

/** `{3 1.5, 7 'a b'}` optionally followed by `, {weight}`. */
function parseSparse(t: string, at: At, nAttr: number, set: (attr: number, value: string) => void): void {
  let i = 1;
  const n = t.length;
  const skip = () => {
    while (i < n && (t[i] === ' ' || t[i] === '\t')) i++;
  };
  for (;;) {
    skip();
    if (t[i] === '}') break;
    const start = i;
    while (i < n && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
    if (i === start)
      throw dataError(
        at.file,
        at.line,
        `sparse row: expected an attribute index at '${t.slice(start, start + 20)}'`,
      );
    const a = Number(t.slice(start, i));
    if (a >= nAttr)
      throw dataError(at.file, at.line, `sparse row: attribute index ${a} out of range (0..${nAttr - 1})`);
    const [value, next] = readToken(t, i, ',}', at);
    if (value === '' && (t[next] === ',' || t[next] === '}' || next >= n)) {
      throw dataError(at.file, at.line, `sparse row: no value after attribute index ${a}`);
    }
    set(a, value);
    i = next;
    skip();
    if (t[i] === ',') i++;
    else if (t[i] !== '}')
      throw dataError(at.file, at.line, `sparse row: expected ',' or '}' after entry ${a}`);
  }
}

function unknownNominal(attr: ArffAttribute, tok: string, line: number, file: string): Error {
  const vals = attr.values.length > 12 ? `${attr.values.slice(0, 12).join(',')},…` : attr.values.join(',');
  return dataError(file, line, `unknown nominal value '${tok}' for '${attr.name}' (declared {${vals}})`);
}
