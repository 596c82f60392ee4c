import { isUserError } from '../errors.js';
import { textTable } from '../text-table.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands.js';

/** Entry point of the `trainscope` command: find the command, run it, turn user errors into one line. */
export async function main(argv: string[]): Promise<number> {
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
      `trainscope: unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (e) {
    if (isUserError(e)) {
      console.error(`trainscope ${name}: ${(e as Error).message}`);
      return (e as { exitCode?: number }).exitCode ?? 2;
    }
    throw e;
  }
}

function printUsage(): void {
  console.log('Usage: trainscope <command> [options]   (trainscope <command> --help for its options)\n');
  for (const line of textTable(
    COMMANDS.map((c) => [c.name, c.summary]),
    { indent: '  ' },
  ))
    console.log(line);
}
