import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fsErrorMessage, UserError } from '../errors.js';

/** `some-flag` and `some_flag` → `someFlag`, so config files may use any of the three spellings. */
export function camelCase(key: string): string {
  return key.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Read a YAML or JSON config file into a plain object with camelCase keys. */
export function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new UserError(`--config ${path}: no such file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`--config ${fsErrorMessage(e, path, 'read')}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new UserError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${msg}`);
  }
  if (data === null || data === undefined)
    throw new UserError(`${path}: empty (expected a mapping of option names to values)`);
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path}: expected a mapping of field names to values at the top level`);
  }
  // `batch_size`, `batch-size` and `batchSize` are one field: saying it twice is ambiguous.
  const out: Record<string, unknown> = {};
  const spelled = new Map<string, string>();
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const key = camelCase(k);
    const before = spelled.get(key);
    if (before !== undefined)
      throw new UserError(`${path}: '${before}' and '${k}' are the same field (${key}); keep one`);
    spelled.set(key, k);
    out[key] = v;
  }
  return out;
}
