import { dataError } from '../fail.js';
import { notANumber, parseNumber } from './number.js';
import { showBytes } from './show.js';

/** Where a value sits, for messages: file, 1-based line and the column's description. */
export interface At {
  file: string;
  line: number;
}

/** A label value from bytes: the number 0 or 1 of the grammar (`1`, `1.0`, `1e0`), else -1. */
export function labelValue(b: Uint8Array, s: number, e: number): number {
  if (e - s === 1) {
    if (b[s] === 49) return 1;
    if (b[s] === 48) return 0;
  }
  const v = parseNumber(b, s, e);
  return v === 0 || v === 1 ? v : -1;
}

/** A feature value: finite in float32 (what it is stored as), else NaN (see featureError). */
export function featureValue(b: Uint8Array, s: number, e: number): number {
  const v = parseNumber(b, s, e);
  const f = Math.fround(v);
  return f - f === 0 ? v : Number.NaN;
}

export function featureError(at: At, column: string, b: Uint8Array, s: number, e: number): Error {
  const why = notANumber(b, s, e);
  if (why === '') {
    return dataError(
      at.file,
      at.line,
      `${column}: ${showBytes(b, s, e)} is too large for float32 (largest about 3.4e38)`,
    );
  }
  if (why === 'empty value') return missingError(at, column);
  return dataError(
    at.file,
    at.line,
    `${column}: ${showBytes(b, s, e)} is ${why}${why === 'not finite' ? ' (features must be finite)' : ''}`,
  );
}

export function labelError(at: At, column: string, b: Uint8Array, s: number, e: number): Error {
  if (e === s || (e - s === 1 && b[s] === 63)) {
    return dataError(at.file, at.line, `${column}: missing value (labels cannot be imputed)`);
  }
  return dataError(
    at.file,
    at.line,
    `${column}: ${showBytes(b, s, e)} is not 0 or 1 (labels must be 0 or 1)`,
  );
}

export function missingError(at: At, column: string): Error {
  return dataError(
    at.file,
    at.line,
    `${column}: missing value (use --impute mean to fill missing features with the column mean)`,
  );
}
