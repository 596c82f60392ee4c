import type { z } from 'zod';

/**
 * Validation problems as one line for people: the field's path, what is wrong and the value
 * received, shortened and escaped. Pure (no Node APIs): the web build type-checks it too.
 */
type Issue = z.core.$ZodIssue;

/**
 * A union's failure as the user needs it: the branch that got past the type check says what
 * is wrong (`hidden: '8,,4'` fails in the string branch, not in "expected array"); when every
 * branch failed on type, the expected types are listed.
 */
function unionIssue(issue: Issue & { errors?: Issue[][] }): { path: PropertyKey[]; message: string } {
  const branches = issue.errors ?? [];
  const deeper = branches.find(
    (b) => b.length > 0 && b.every((i) => i.code !== 'invalid_type' || i.path.length > 0),
  );
  if (deeper) {
    const inner = deeper[0] as Issue & { errors?: Issue[][] };
    const sub =
      inner.code === 'invalid_union' ? unionIssue(inner) : { path: inner.path, message: inner.message };
    return { path: [...issue.path, ...sub.path], message: sub.message };
  }
  const expected = branches.flatMap((b) =>
    b.map((i) => (i as { expected?: string }).expected).filter(Boolean),
  );
  return {
    path: issue.path,
    message: expected.length ? `expected ${[...new Set(expected)].join(' or ')}` : issue.message,
  };
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path)
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** A value as a message shows it: JSON, at most 80 characters, control characters escaped. */
export function showValue(v: unknown): string {
  let text: string;
  try {
    text = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return shorten(text);
}

/**
 * `field 'config.hidden': expected comma-separated numbers, got '8,,4'` — the first problem, by
 * its path, with the value received when `input` is given.
 */
export function describeIssue(issue: Issue, input?: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const at = issue.path.length ? ` in '${issue.path.join('.')}'` : '';
    return `unknown field(s)${at} ${issue.keys.map((k) => `'${shorten(k, 40)}'`).join(', ')}`;
  }
  const { path, message } = issue.code === 'invalid_union' ? unionIssue(issue) : issue;
  const field = path.map(String).join('.');
  const got = input === undefined ? undefined : valueAt(input, path);
  const received = got === undefined || /, got '/.test(message) ? '' : ` (got ${showValue(got)})`;
  return field ? `field '${field}': ${message}${received}` : `${message}${received}`;
}

/** Values from files can be huge or binary: show at most `max` characters, control characters escaped. */
export function shorten(text: string, max = 80): string {
  let out = '';
  for (const c of text.slice(0, max)) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code < 0xa0) ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return text.length > max ? `${out}… (${text.length} characters)` : out;
}
