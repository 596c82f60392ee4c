/** A CLI command: parse its own arguments, do the work through the library, return an exit code. */
export interface Command {
  run(argv: string[]): Promise<number>;
}
