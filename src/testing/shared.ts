import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test inputs that live in ../shared beside the repository (scikit-learn's metric outputs, the
 * larger MULAN sets, other frameworks' logs): there in this workplace and in CI, absent on a
 * stranger's clone. The data sets users can name ship in datasets/ and need none of this.
 */
export const SHARED_DIR = fileURLToPath(new URL('../../../../shared/', import.meta.url));

/**
 * A file under ../shared and the `skip` option for the tests that read it: outside CI a missing
 * file skips them with the reason printed; in CI (CI=true) they never skip, so a missing file
 * fails them instead of passing silently.
 */
export function sharedFile(relative: string): { path: string; skip: string | false } {
  const path = join(SHARED_DIR, relative);
  const missing = !existsSync(path);
  return {
    path,
    skip: missing && !process.env.CI ? `needs ../shared/${relative} (not beside this clone)` : false,
  };
}
