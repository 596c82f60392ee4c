import { dataError } from './fail.js';

/** Where a value came from, for error messages. */
export interface Where {
  file: string;
  line: number;
  column: string;
}

/** A numeric feature value; rejects empty, non-numeric and non-finite text with file:line. */
export function parseNumber(tok: string, at: Where): number {
  const v = Number(tok);
  // Finite in float32 too: 1e39 is a double but becomes Infinity in the Float32Array.
  if (Number.isFinite(Math.fround(v)) && tok !== '') return v;
  if (tok === '') throw dataError(at.file, at.line, `empty value for '${at.column}'`);
  if (Number.isNaN(v) && !/^[+-]?(nan|inf(inity)?)$/i.test(tok)) {
    throw dataError(at.file, at.line, `non-numeric value '${tok}' for '${at.column}'`);
  }
  throw dataError(at.file, at.line, `non-finite value '${tok}' for '${at.column}' (features must be finite)`);
}

/** A label value: exactly 0 or 1 ("1.0" is accepted, "2", "yes" and "?" are not). */
export function parseLabel(tok: string, at: Where): 0 | 1 {
  if (tok === '1') return 1;
  if (tok === '0') return 0;
  if (tok === '?') {
    throw dataError(
      at.file,
      at.line,
      `missing value '?' for label '${at.column}' (labels cannot be imputed)`,
    );
  }
  const v = tok === '' ? Number.NaN : Number(tok);
  if (v === 0 || v === 1) return v;
  throw dataError(at.file, at.line, `label '${at.column}' has value '${tok}': labels must be 0 or 1`);
}

export function missingError(at: Where): Error {
  return dataError(
    at.file,
    at.line,
    `missing value '?' for '${at.column}' (use --impute mean to fill missing features with the column mean)`,
  );
}
