import { readFileSync } from 'node:fs';
import { dataError } from './fail.js';

/**
 * A numeric matrix read from CSV: comma-separated, one row per line, blank lines ignored,
 * optional header row (label names; a field may be "quoted"). The header is recognised
 * (header: 'auto') when none of the first line's fields is a number, so a typo in the first data
 * row is reported as a bad value, not mistaken for names. Every error is one line:
 * `file:line: what is wrong`.
 */
export interface NumericMatrix {
  /** Row-major nRows × nCols. */
  values: Float64Array;
  nRows: number;
  nCols: number;
  header: string[] | null;
  /** 1-based line number of the first non-blank line (the header, if any). */
  firstLine: number;
  /** 1-based line number of each data row, for later error messages. */
  lines: Uint32Array;
}

export interface MatrixCsvOptions {
  header?: 'auto' | boolean;
  /** A problem with one value (e.g. "'2' is not 0 or 1"), or null if it is fine. */
  check?: (value: number, text: string) => string | null;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseMatrixCsv(text: string, file: string, opts: MatrixCsvOptions = {}): NumericMatrix {
  const rawLines = text.split(/\r?\n/);
  let header: string[] | null = null;
  let nCols = -1;
  let firstLine = 0;
  const values: number[] = [];
  const lines: number[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    if (rawLines[i].trim() === '') continue;
    const lineNo = i + 1;
    const fields = splitFields(rawLines[i], file, lineNo);
    if (nCols < 0) {
      nCols = fields.length;
      firstLine = lineNo;
      const isHeader = opts.header ?? 'auto';
      if (isHeader === true || (isHeader === 'auto' && fields.every((f) => !NUMBER.test(f)))) {
        header = fields;
        checkHeader(header, file, lineNo);
        continue;
      }
    } else if (fields.length !== nCols) {
      throw dataError(
        file,
        lineNo,
        `${fields.length} values, expected ${nCols} like line ${firstLine}${fields.length > nCols ? '' : ' (a missing value?)'}`,
      );
    }
    for (let c = 0; c < fields.length; c++) {
      const at = () => `column ${c + 1}${header ? ` ('${header[c]}')` : ''}`;
      const v = parseValue(fields[c]);
      if (typeof v === 'string') throw dataError(file, lineNo, `${at()}: ${v}`);
      const problem = opts.check?.(v, fields[c]);
      if (problem) throw dataError(file, lineNo, `${at()}: ${problem}`);
      values.push(v);
    }
    lines.push(lineNo);
  }
  if (nCols < 0) throw dataError(file, undefined, 'empty file: expected rows of comma-separated numbers');
  if (lines.length === 0) throw dataError(file, undefined, 'no data rows after the header');
  return {
    values: Float64Array.from(values),
    nRows: lines.length,
    nCols,
    header,
    firstLine,
    lines: Uint32Array.from(lines),
  };
}

export function readMatrixCsv(path: string, opts: MatrixCsvOptions = {}): NumericMatrix {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw dataError(
      path,
      undefined,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a CSV file'
          : `cannot read (${code})`,
    );
  }
  return parseMatrixCsv(text, path, opts);
}

/** A number, or the reason the text is not a usable one. */
function parseValue(text: string): number | string {
  if (NUMBER.test(text)) return Number(text);
  if (text === '') return 'empty value';
  if (/^[+-]?nan$/i.test(text)) return `value is ${text} (not a number)`;
  if (/^[+-]?inf(inity)?$/i.test(text)) return `value is ${text}: only finite numbers are accepted`;
  return `'${text}' is not a number`;
}

/** Comma-separated fields, trimmed; "quoted" fields may hold commas and "" for a quote. */
function splitFields(line: string, file: string, lineNo: number): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= line.length) throw dataError(file, lineNo, 'unterminated quoted field');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += line[i++];
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',') throw dataError(file, lineNo, 'text after a closing quote');
      out.push(s);
    } else {
      let j = line.indexOf(',', i);
      if (j < 0) j = line.length;
      out.push(line.slice(i, j).trim());
      i = j;
    }
    if (i >= line.length) return out;
    i++; // the comma
  }
}

function checkHeader(names: string[], file: string, lineNo: number): void {
  const seen = new Set<string>();
  names.forEach((n, c) => {
    if (n === '') throw dataError(file, lineNo, `header column ${c + 1} has no name`);
    if (seen.has(n)) throw dataError(file, lineNo, `column name '${n}' appears twice in the header`);
    seen.add(n);
  });
}
