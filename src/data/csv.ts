import { type Dataset, denseDataset } from './dataset.js';
import { dataError } from './fail.js';
import { parseLabelSpec, resolveLabelSpec } from './labels.js';
import { fillMissing, presentMeans } from './moments.js';
import { missingError, parseLabel, parseNumber, type Where } from './values.js';

/**
 * CSV with a header row (RFC 4180: comma-separated, "quoted" fields with "" for a quote, newlines
 * allowed inside quotes). Label columns come from `labels` (`first:N`, `last:N`, `name,name,…`),
 * which is required: a CSV has no other way to say which columns are labels (`none` reads
 * features only, for prediction). Every other column
 * is a numeric feature. An empty field or `?` is missing: an error naming the line, unless
 * impute is 'mean'. Labels must be 0 or 1 and are never imputed.
 */
export function parseCsv(
  text: string,
  file: string,
  opts: { labels?: string; impute?: 'none' | 'mean' | 'keep' } = {},
): Dataset {
  const records = csvRecords(text, file);
  const first = records.next();
  if (first.done) throw dataError(file, undefined, 'empty file: expected a header row and data rows');
  const [header, headerLine] = first.value;
  const columns = header.map((h) => h.trim());
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c === '') throw dataError(file, headerLine, `header column ${i + 1} has no name`);
    if (seen.has(c)) throw dataError(file, headerLine, `column '${c}' appears twice in the header`);
    seen.add(c);
  });
  if (opts.labels === undefined) {
    throw dataError(file, undefined, 'no label columns: give --labels first:N | last:N | name,name,…');
  }
  // 'none': a features-only file, as `predict` reads (the model knows its labels).
  const labelCols = new Set(
    opts.labels === 'none' ? [] : resolveLabelSpec(parseLabelSpec(opts.labels), columns, file),
  );
  const nCols = columns.length;
  const nL = labelCols.size;
  const nF = nCols - nL;
  // role[c] >= 0: feature column; < 0: label -(k+1)
  const role = new Int32Array(nCols);
  const featureNames: string[] = [];
  const labelNames: string[] = [];
  for (let c = 0; c < nCols; c++) {
    if (labelCols.has(c)) {
      labelNames.push(columns[c]);
      role[c] = -labelNames.length;
    } else {
      role[c] = featureNames.length;
      featureNames.push(columns[c]);
    }
  }

  let capacity = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) capacity++;
  let x = new Float32Array(capacity * nF);
  let y = new Uint8Array(capacity * nL);
  let rows = 0;
  let sawMissing = false;
  const impute = opts.impute === 'mean' || opts.impute === 'keep';
  const where: Where = { file, line: 0, column: '' };
  for (const [fields, line] of records) {
    where.line = line;
    if (fields.length !== nCols)
      throw dataError(file, line, `expected ${nCols} fields, found ${fields.length}`);
    const xo = rows * nF;
    const yo = rows * nL;
    for (let c = 0; c < nCols; c++) {
      const tok = fields[c].trim();
      const r = role[c];
      if (r < 0) {
        where.column = columns[c];
        y[yo - r - 1] = parseLabel(tok === '' ? '?' : tok, where);
      } else if (tok === '' || tok === '?') {
        where.column = columns[c];
        if (!impute) throw missingError(where);
        sawMissing = true;
        x[xo + r] = Number.NaN;
      } else {
        const v = Number(tok);
        if (Number.isFinite(Math.fround(v))) x[xo + r] = v;
        else {
          where.column = columns[c];
          parseNumber(tok, where);
        }
      }
    }
    rows++;
  }
  if (rows === 0) throw dataError(file, undefined, 'no data rows after the header');
  x = x.slice(0, rows * nF);
  y = y.slice(0, rows * nL);
  const ds = denseDataset(x, y, { nRows: rows, featureNames, labelNames, source: file });
  if (sawMissing && opts.impute === 'mean') fillMissing(ds, presentMeans(ds));
  return ds;
}

/** Records with the 1-based line each starts on; blank lines are skipped. */
function* csvRecords(text: string, file: string): Generator<[string[], number]> {
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let rec = text.slice(pos, end);
    if (!rec.includes('"')) {
      if (rec.endsWith('\r')) rec = rec.slice(0, -1);
      if (rec.trim() !== '') yield [rec.split(','), line];
      pos = end + 1;
      line++;
      continue;
    }
    // Slow path: a quoted field, which may span lines.
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let quoted = false;
    for (; i < n; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n') break;
      else if (c !== '\r') field += c;
    }
    if (quoted) throw dataError(file, startLine, 'unterminated quoted field');
    fields.push(field);
    yield [fields, startLine];
    pos = i + 1;
    line++;
  }
}
