import { type ColumnOptions, droppedColumns, featureOrder } from './columns.js';
import type { Dataset } from './dataset.js';
import { dataError } from './fail.js';
import { F_NUM, F_NUM_LABEL, F_SKIP, type FusedRows, fusedDense } from './fused-row.js';
import { parseLabelSpec, resolveLabelSpec } from './labels.js';
import { fillMissing, presentMeans } from './moments.js';
import { RowsBuilder } from './rows-builder.js';
import { DQ, QUESTION } from './text/bytes.js';
import { eachCsvRecord, Fields, fieldText, isByte } from './text/fields.js';
import { headerNames, isHeaderRow, positionalNames } from './text/header.js';
import { type ChunkParser, parseBytes, parseFile } from './text/input.js';
import { Cursor } from './text/number.js';
import { fused } from './text/plain-field.js';
import { show } from './text/show.js';
import { featureError, featureValue, labelError, labelValue, missingError } from './text/values.js';

/**
 * CSV data (RFC 4180: comma-separated, "quoted" fields with "" for a quote, line ends inside
 * quotes allowed; LF, CRLF or CR line ends; blank lines skipped). Whether the first row is a
 * header follows one rule (text/header.ts); without one, columns are named col1, col2, ….
 * Label columns come from `labels` (`first:N`, `last:N`, `name,name,…`), which is required: a CSV
 * has no other way to say which columns are labels (`none`: features only, for prediction).
 * Every other column is a numeric feature (`ignore` drops columns first). An empty field or `?` is
 * missing: an error naming the line, unless impute is 'mean' (this file's column mean) or 'keep'
 * (NaN, for the caller to fill). Labels must be 0 or 1 and are never imputed.
 * Read streaming into sparse or dense storage, whichever is smaller (rows-builder.ts).
 */
export interface CsvOptions extends ColumnOptions {
  impute?: 'none' | 'mean' | 'keep';
  header?: boolean | 'auto';
}

export function parseCsv(text: string | Uint8Array, file: string, opts: CsvOptions = {}): Dataset {
  const p = new CsvParser(file, opts);
  parseBytes(typeof text === 'string' ? Buffer.from(text) : text, file, p);
  return p.result();
}

export async function readCsv(path: string, opts: CsvOptions = {}): Promise<Dataset> {
  const p = new CsvParser(path, opts);
  await parseFile(path, p);
  return p.result();
}

const SKIP = -(2 ** 30);

class CsvParser implements ChunkParser {
  private readonly f = new Fields();
  line = 1;
  private nCols = -1;
  /** role[c] >= 0: feature index (in the model's order); SKIP: dropped; else label -(k+1). */
  private role = new Int32Array(0);
  private columns: string[] = [];
  private featureNames: string[] = [];
  private labelNames: string[] = [];
  private rows: RowsBuilder | null = null;
  private sawMissing = false;
  private readonly impute: boolean;

  constructor(
    readonly file: string,
    private readonly opts: CsvOptions,
  ) {
    this.impute = opts.impute === 'mean' || opts.impute === 'keep';
  }

  private expectBytes = 0;

  expect(bytes: number): void {
    this.expectBytes = bytes;
  }

  /** The fused path's view of the columns (fused-row.ts), once the header is read. */
  private fast: FusedRows | null = null;
  /** Records left to the general path after the fused path gave one up (see feed). */
  private cooldown = 0;

  /** Bytes of the file read before the current buffer (for RowsBuilder.progress). */
  private consumed = 0;

  feed(b: Uint8Array, end: number, final: boolean): number {
    const used = this.feedRows(b, end, final);
    this.consumed += used;
    this.rows?.progress(this.consumed);
    return used;
  }

  private feedRows(b: Uint8Array, end: number, final: boolean): number {
    const onRecord = () => {
      if (this.nCols < 0) this.start(b);
      else this.row(b);
    };
    let pos = 0;
    while (pos < end) {
      // plain rows take the fused path; anything else (the header, quotes with more in them,
      // blank lines, missing or bad values, a row cut by the buffer's end) the general one, and
      // after a miss the next few rows too, so a file the fused path cannot read costs little
      if (this.fast !== null && fused.on) {
        if (this.cooldown > 0) this.cooldown--;
        else {
          const next = fusedDense(this.fast, b, pos, end, final);
          if (next >= 0) {
            this.line++;
            pos = next;
            continue;
          }
          this.cooldown = 8;
        }
      }
      const used = eachCsvRecord(b, end, final, this.f, this, onRecord, pos, true);
      if (used === pos) return pos;
      pos = used;
    }
    return pos;
  }

  /** The first non-blank record: the header, or the first data row. */
  private start(b: Uint8Array): void {
    const f = this.f;
    if (/^\s*@relation\b/i.test(fieldText(b, f, 0, 'csv'))) {
      throw dataError(this.file, this.line, 'this is an ARFF file (@relation), not CSV: name it .arff');
    }
    const header = isHeaderRow(b, f, this.file, this.line, this.opts.header ?? 'auto');
    this.nCols = f.n;
    this.columns = header ? headerNames(b, f, this.file, this.line) : positionalNames(f.n);
    this.plan(header);
    if (!header) this.row(b);
  }

  private plan(header: boolean): void {
    const { file, opts, columns } = this;
    const dropped = droppedColumns(columns, opts, file);
    const kept = columns.filter((_, c) => !dropped.has(c));
    if (opts.labels === undefined) {
      throw dataError(file, undefined, 'no label columns: give --labels first:N | last:N | name,name,…');
    }
    const labelCols = new Set(
      opts.labels === 'none' ? [] : resolveLabelSpec(parseLabelSpec(opts.labels), kept, file),
    );
    this.role = new Int32Array(columns.length);
    const featureCols: number[] = [];
    let k = 0;
    columns.forEach((name, c) => {
      if (dropped.has(c)) this.role[c] = SKIP;
      else if (labelCols.has(k++)) {
        this.labelNames.push(name);
        this.role[c] = -this.labelNames.length;
      } else {
        featureCols.push(c);
        this.featureNames.push(name);
      }
    });
    const order = featureOrder(this.featureNames, opts.features, file, header);
    featureCols.forEach((c, j) => {
      this.role[c] = order === null ? j : order[j];
    });
    if (opts.features !== undefined) this.featureNames = [...opts.features];
    this.rows = new RowsBuilder(this.featureNames.length, this.labelNames.length);
    this.rows.reserve(this.expectBytes);
    const role = this.role;
    this.fast = {
      kind: Uint8Array.from(role, (r) => (r === SKIP ? F_SKIP : r < 0 ? F_NUM_LABEL : F_NUM)),
      col: Int32Array.from(role, (r) => (r === SKIP ? -1 : r < 0 ? -r - 1 : r)),
      rows: this.rows,
      quote: DQ,
      at: new Cursor(),
      impute: this.impute,
      missing: false,
    };
  }

  private row(b: Uint8Array): void {
    const { f, role } = this;
    const rows = this.rows!;
    if (f.n !== this.nCols) {
      throw dataError(
        this.file,
        this.line,
        `${f.n} fields, expected ${this.nCols} like the first row${f.n < this.nCols ? ' (a missing value or a line break?)' : ''}`,
      );
    }
    for (let c = 0; c < f.n; c++) {
      const r = role[c];
      if (r === SKIP) continue;
      const s = f.start[c];
      const e = f.end[c];
      if (r < 0) {
        const v = labelValue(b, s, e);
        if (v < 0) throw labelError(this, `label ${show(this.columns[c])}`, b, s, e);
        rows.label(-r - 1, v as 0 | 1);
        continue;
      }
      if (e === s || isByte(b, f, c, QUESTION)) {
        if (!this.impute) throw missingError(this, `column ${show(this.columns[c])}`);
        this.sawMissing = true;
        rows.add(r, Number.NaN);
        continue;
      }
      // a one-byte "0" is the commonest value of sparse data: no parse
      if (e - s === 1 && b[s] === 48) continue;
      const v = featureValue(b, s, e);
      if (Number.isNaN(v)) throw featureError(this, `column ${show(this.columns[c])}`, b, s, e);
      rows.add(r, v);
    }
    rows.endRow();
  }

  result(): Dataset {
    if (this.nCols < 0) throw dataError(this.file, undefined, 'empty file: only blank lines');
    const built = this.rows!.finish();
    if (built.nRows === 0) throw dataError(this.file, undefined, 'no data rows after the header');
    const ds: Dataset = {
      store: built.store,
      rows: null,
      transform: null,
      y: built.y,
      nRows: built.nRows,
      nFeatures: this.featureNames.length,
      nLabels: this.labelNames.length,
      featureNames: this.featureNames,
      labelNames: this.labelNames,
      source: this.file,
    };
    if ((this.sawMissing || this.fast?.missing) && this.opts.impute === 'mean')
      fillMissing(ds, presentMeans(ds));
    return ds;
  }
}
