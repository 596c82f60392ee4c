/**
 * Errors that are the user's to fix (bad input, bad config, missing file). The CLI prints
 * their message as one line and exits non-zero; anything else is a bug and prints a stack.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function isUserError(e: unknown): e is Error {
  return (
    e instanceof Error &&
    (e instanceof UserError ||
      (e as { userFacing?: boolean }).userFacing === true ||
      e.name === 'DataError' ||
      e.name === 'SpecError' ||
      e.name === 'EventFileError')
  );
}
