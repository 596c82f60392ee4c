/** A problem with the user's event files or run directories: the CLI prints it as one line. */
export class EventFileError extends Error {
  override name = 'EventFileError';
  readonly userFacing = true;
}
