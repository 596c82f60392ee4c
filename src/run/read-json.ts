import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { fsErrorMessage, UserError } from '../errors.js';
import { describeIssue, shorten } from './issues.js';

/**
 * The one way a run file (trainscope.json, checkpoint.json, doctor.json, report.json, …) is
 * read: a typed value, or a one-line UserError naming the file, the field and what is wrong.
 * Every command reads run files through this, so a broken file reads the same everywhere.
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, hint = ''): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(fsErrorMessage(e, path, 'read'));
  }
  return parseJsonText(text, path, schema, hint);
}

/** Parse and validate JSON text that came from `path` (for callers that already hold the text). */
export function parseJsonText<S extends z.ZodType>(
  text: string,
  path: string,
  schema: S,
  hint = '',
): z.output<S> {
  const tail = hint ? `; ${hint}` : '';
  if (text.trim() === '')
    throw new UserError(`${path}: empty file (was it cut off while being written?)${tail}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${shorten((e as Error).message)})${tail}`);
  }
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw new UserError(`${path}: ${describeIssue(r.error.issues[0], data)}${tail}`);
}
