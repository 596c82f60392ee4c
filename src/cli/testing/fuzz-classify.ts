import type { Expect } from './fuzz-corpus.js';

/**
 * What a fuzz case's outcome was:
 * - `clean-error`: non-zero exit, exactly one line on stderr, short, no stack, no raw control characters;
 * - `ok` / `warned`: a control succeeded / an incomplete run was used and said so;
 * - `crash`: a stack trace, an error that was not the user's (exit 70), or an unhandled rejection;
 * - `silent`: exit 0 on input that must be refused (or on an incomplete run without a word);
 * - `messy-error`: refused, but not in one clean line (several lines, none, 2 MB of echo, escapes);
 * - `hang`: no answer within the time limit; `failed-control`: a valid invocation failed.
 */
export type Outcome =
  | 'clean-error'
  | 'ok'
  | 'warned'
  | 'crash'
  | 'silent'
  | 'messy-error'
  | 'hang'
  | 'failed-control';

export const BAD_OUTCOMES: readonly Outcome[] = ['crash', 'silent', 'messy-error', 'hang', 'failed-control'];

export interface Observed {
  code: number | null;
  threw?: unknown;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const STACK = /\n\s+at .+(:\d+:\d+\)?|\(node:)/;
// Terminal control characters other than tab (an escape sequence echoed raw could retitle or recolour the terminal).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what the check looks for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const SAYS_INCOMPLETE = /unfinished|incomplete|truncated|not finished|cut short|stopped during|no DONE/i;

export function classify(expect: Expect, o: Observed): Outcome {
  if (o.timedOut) return 'hang';
  if (o.threw !== undefined || o.code === 70 || STACK.test(o.stderr) || STACK.test(o.stdout)) return 'crash';
  if (expect === 'ok') return o.code === 0 ? 'ok' : 'failed-control';
  if (o.code === 0)
    return expect === 'warn' && SAYS_INCOMPLETE.test(o.stdout + o.stderr) ? 'warned' : 'silent';
  if (expect === 'warn' && o.code !== 0 && SAYS_INCOMPLETE.test(o.stdout + o.stderr) && !o.stderr.trim())
    return 'warned';
  const lines = o.stderr.replace(/\r?\n$/, '').split('\n');
  const clean =
    o.stderr.trim() !== '' && lines.length === 1 && lines[0].length <= 600 && !CONTROL.test(lines[0]);
  return clean ? 'clean-error' : 'messy-error';
}
