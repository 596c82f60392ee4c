import { UserError } from '../errors.js';

/** `--help` / `-h` anywhere: print the command's help and say so. */
export function printHelp(argv: string[], help: string): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  console.log(help);
  return true;
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
  const t = Number(text);
  if (!(t > 0 && t < 1)) throw new UserError(`--threshold: expected a number between 0 and 1, got '${text}'`);
  return t;
}
