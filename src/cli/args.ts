import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';

/** `--help` / `-h` anywhere: print the command's help and say so. */
export function printHelp(argv: string[], help: string): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  console.log(help);
  return true;
}

export type FlagOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** A value that starts with '-' but is a number: `--epochs -1`, `--lr -.5`, `--seed -Infinity`. */
const NEGATIVE = /^-(\d|\.\d|inf|nan)/i;

/**
 * Let string flags take negative numbers as values (`--epochs -1` → `--epochs=-1`), so that the
 * value reaches validation and is refused for what it is, not as Node's "argument is ambiguous".
 */
export function joinNegativeValues(argv: string[], options: FlagOptions): string[] {
  const out: string[] = [];
  const byShort = new Map(Object.entries(options).flatMap(([k, o]) => (o.short ? [[o.short, k]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--')
      ? a.slice(2)
      : a.length === 2 && a[0] === '-'
        ? byShort.get(a[1])
        : undefined;
    const next = argv[i + 1];
    if (
      name &&
      !a.includes('=') &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      NEGATIVE.test(next)
    ) {
      out.push(`${a.startsWith('--') ? a : `--${name}`}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * node:util parseArgs with the CLI's rules: strict, negative numbers allowed as values, and its
 * errors (unknown option, missing value) as one-line user errors pointing to the command's help.
 */
export type ParsedFlags<O extends FlagOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parseFlags<const O extends FlagOptions>(
  command: string,
  argv: string[],
  options: O,
): ParsedFlags<O> {
  let parsed: ParsedFlags<O>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const first = (e as Error).message.split('\n')[0];
    throw new UserError(
      `${first.replace(/\. To specify a positional argument.*$/, '')} (see trainscope ${command} --help)`,
    );
  }
  // `--out ''` (an unset shell variable) is a mistake, not "no value": never a silent default.
  for (const [name, v] of Object.entries(parsed.values as Record<string, unknown>))
    if (typeof v === 'string' && v.trim() === '')
      throw new UserError(`--${name}: empty value (see trainscope ${command} --help)`);
  return parsed;
}

/**
 * A number as a flag may spell it: the readers' grammar (data/text/number.ts), `[+-]digits[.digits][e±digits]`.
 * No hex (`0x10`), binary, `Infinity`, `1_000` or blanks: NaN for anything else.
 */
export function flagNumber(text: string): number {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/** Refuse positional arguments beyond the `max` a command takes, naming the first extra one. */
export function noMorePositionals(command: string, positionals: string[], max: number): void {
  if (positionals.length > max)
    throw new UserError(`unexpected argument '${positionals[max]}' (see trainscope ${command} --help)`);
}

/** Run a node:util parseArgs call; its errors (unknown option, missing value) become one-line user errors. */
export function userArgs<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new UserError(`${(e as Error).message.split('\n')[0]} (see trainscope ${command} --help)`);
  }
}

/** `--threshold T`: a probability strictly between 0 and 1, or undefined when not given. */
export function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = flagNumber(text);
  if (!(t > 0 && t < 1)) throw new UserError(`--threshold: expected a number between 0 and 1, got '${text}'`);
  return t;
}

/** `--flag N`: an integer in [min, max], or `fallback` when not given. The error names the flag. */
export function parseCount(
  flag: string,
  text: string | undefined,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (text === undefined) return fallback;
  const n = flagNumber(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new UserError(`${flag}: expected ${range}, got '${text}'`);
  }
  return n;
}
