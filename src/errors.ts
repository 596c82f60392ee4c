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

/** What the user can do about each file-system error (the message names the path first). */
const FS_ADVICE: Record<string, (action: string) => string> = {
  ENOENT: (a) =>
    a === 'write' || a === 'create'
      ? 'its folder does not exist; create it first or choose another path'
      : 'no such file or directory',
  ENOTDIR: () => 'a part of the path is a file, not a folder; choose another path',
  EISDIR: (a) => (a === 'read' ? 'is a directory, expected a file' : 'is a directory; give a file name'),
  EROFS: () => 'the file system is read-only; choose a writable location',
  EACCES: () => 'permission denied; choose a location you may write to or fix its permissions',
  EPERM: () => 'operation not permitted; check the permissions of the location',
  ENOSPC: () => 'no space left on the device; free some space and try again',
  EDQUOT: () => 'disk quota exceeded; free some space and try again',
  EFBIG: () => 'file too large for this file system or the process limit',
  EEXIST: () => 'already exists',
  EMFILE: () => 'too many open files; close other programs or raise the limit (ulimit -n)',
  ENAMETOOLONG: () => 'the name is too long',
  ELOOP: () => 'too many symbolic links in the path',
};

/** Node's code of a file-system error (ENOENT, EACCES, …), or undefined for anything else. */
export function fsErrorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * A file-system error as one line for the user: the path, what failed and what to do.
 * `action` is what trainscope was doing ('read', 'write', 'create', 'rename', …).
 */
export function fsErrorMessage(e: unknown, path: string, action: string): string {
  const code = fsErrorCode(e);
  const advice = code ? FS_ADVICE[code]?.(action) : undefined;
  if (advice) return `${path}: cannot ${action}: ${advice} (${code})`;
  const msg = (e as Error)?.message?.split('\n')[0] ?? String(e);
  return `${path}: cannot ${action}: ${msg}`;
}

/** Turn a file-system error into a UserError (anything else passes through unchanged). */
export function asFsUserError(e: unknown, path: string, action: string): unknown {
  if (fsErrorCode(e) && !isUserError(e)) {
    const err = new UserError(fsErrorMessage(e, path, action));
    (err as { code?: string }).code = fsErrorCode(e);
    return err;
  }
  return e;
}
