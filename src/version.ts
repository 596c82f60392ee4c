import { createRequire } from 'node:module';

/** The package's version, read once from package.json (the one place it is written). */
export const VERSION: string = createRequire(import.meta.url)('../../package.json').version;
