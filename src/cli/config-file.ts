import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';

/** `some-flag` and `some_flag` → `someFlag`, so config files may use any of the three spellings. */
export function camelCase(key: string): string {
  return key.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Read a YAML or JSON config file into a plain object with camelCase keys. */
export function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new UserError(`--config ${path}: no such file`);
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new UserError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${msg}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path}: expected a mapping of field names to values at the top level`);
  }
  return Object.fromEntries(
    Object.entries(data as Record<string, unknown>).map(([k, v]) => [camelCase(k), v]),
  );
}
