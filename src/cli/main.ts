import { asFsUserError, fsErrorCode, isUserError } from '../errors.js';
import { textTable } from '../text-table.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands.js';

/** Entry point of the `trainscope` command: find the command, run it, turn user errors into one line. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedOutput();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printUsage();
    return name ? 0 : 1;
  }
  if (name === '--version') {
    console.log(`trainscope ${VERSION}`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(
      `trainscope: unknown command '${showArg(name)}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (caught) {
    const e = fsUserError(caught);
    if (isUserError(e)) {
      console.error(`trainscope ${showArg(name)}: ${forTerminal((e as Error).message)}`);
      return (e as { exitCode?: number }).exitCode ?? 2;
    }
    throw e;
  }
}

/**
 * An error line as a terminal may show it: control characters escaped (a file name with an
 * escape sequence must not recolour or retitle the terminal), and any one run of more than 160
 * characters without a space (a 2 MB number, a pasted blob) shortened in the middle.
 */
export function forTerminal(line: string): string {
  return (
    line
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
        c === '\n' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
      .replace(/\S{161,}/g, (w) => `${w.slice(0, 100)}…(${w.length - 140} more)…${w.slice(-40)}`)
  );
}

const showArg = (a: string) => forTerminal(a).slice(0, 60);

/** What each file-system call was doing, as the message says it. */
const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create folder',
  rename: 'write',
  scandir: 'list folder',
  stat: 'read',
  lstat: 'read',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  copyfile: 'copy',
  link: 'create',
  fsync: 'write',
};

/**
 * A file-system error that reached the top (a path that is a file, a folder, missing,
 * read-only, a full disk) is the user's or the machine's to fix, not a bug: one line with the
 * path. Errors without a path (a socket, a child process) stay what they are.
 */
function fsUserError(e: unknown): unknown {
  const path = (e as { path?: unknown } | null)?.path;
  if (!fsErrorCode(e) || typeof path !== 'string') return e;
  const syscall = String((e as { syscall?: unknown }).syscall ?? '');
  return asFsUserError(e, path, ACTIONS[syscall] ?? syscall ?? 'use');
}

let closedOutputHandled = false;

/**
 * `trainscope predict … | head -1`: the reader went away. Writing more is pointless, and Node
 * would die of an unhandled EPIPE; end quietly, as Unix tools do.
 */
function endQuietlyOnClosedOutput(): void {
  if (closedOutputHandled) return;
  closedOutputHandled = true;
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
}

function printUsage(): void {
  console.log('Usage: trainscope <command> [options]   (trainscope <command> --help for its options)\n');
  for (const line of textTable(
    COMMANDS.map((c) => [c.name, c.summary]),
    { indent: '  ' },
  ))
    console.log(line);
}
