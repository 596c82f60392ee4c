import { UserError } from '../errors.js';
import { type ConfigField, type TrainConfigInput, trainConfigFields } from '../run/config.js';
import { type FlagOptions, flagNumber, parseFlags } from './args.js';
import { camelCase, readConfigFile } from './config-file.js';

/**
 * Every TrainConfig field is a flag (`--batch-size 128` ↔ `batchSize: 128`), generated from the
 * schema (run/config.ts: its help, its default); zod validates what the flags say.
 */
const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function convert(f: ConfigField, text: string): unknown {
  const num = (s: string) => {
    const v = flagNumber(s);
    if (s.trim() === '' || !Number.isFinite(v))
      throw new UserError(`--${kebab(f.name)}: expected a number, got '${s}'`);
    return v;
  };
  switch (f.kind) {
    case 'boolean':
      return text !== 'false';
    case 'number':
      return num(text);
    case 'text':
      if (text.trim() === '') throw new UserError(`--${kebab(f.name)}: empty value`);
      return text;
    case 'list': {
      // numbers for numeric per-layer knobs (dropout), names for the others (activation, init)
      const numeric = f.default !== undefined && Number.isFinite(Number(f.default));
      const parts = text.split(',').map((s) => (numeric ? num(s) : s.trim()));
      return parts.length === 1 ? parts[0] : parts;
    }
  }
}

export interface ParsedTrainArgs {
  config: TrainConfigInput;
  /** Flags that are not training fields (command-specific), by their camelCase name. */
  extra: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The fields the user set (by flag or config file), camelCase: what --resume compares. */
  given: string[];
}

/**
 * Parse training flags (plus a command's own `extraFlags`); a `--config FILE` is read first and
 * flags override it.
 */
export function parseTrainArgs(
  argv: string[],
  extraFlags: FlagOptions = {},
  command = 'train',
): ParsedTrainArgs {
  const fields = trainConfigFields();
  const options: FlagOptions = { config: { type: 'string' }, ...extraFlags };
  for (const f of fields) {
    options[kebab(f.name)] = { type: f.kind === 'boolean' ? 'boolean' : 'string' };
    if (f.kind === 'boolean') options[`no-${kebab(f.name)}`] = { type: 'boolean' };
  }
  const parsed = parseFlags(command, argv, options);
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const fromFile = typeof values.config === 'string' ? readConfigFile(values.config) : {};
  const config: Record<string, unknown> = { ...fromFile };
  for (const f of fields) {
    const flag = kebab(f.name);
    const v = values[flag];
    if (f.kind === 'boolean') {
      if (values[`no-${flag}`] && v) throw new UserError(`--${flag} and --no-${flag} contradict each other`);
      if (values[`no-${flag}`]) config[f.name] = false;
      else if (v !== undefined) config[f.name] = v;
    } else if (typeof v === 'string') config[f.name] = convert(f, v);
  }
  const extra: Record<string, string | boolean | undefined> = {};
  for (const k of Object.keys(extraFlags)) extra[camelCase(k)] = values[k];
  return {
    config: config as TrainConfigInput,
    extra,
    positionals: parsed.positionals,
    given: Object.keys(config),
  };
}

export function trainFlagsHelp(): string {
  return trainConfigFields()
    .map((f) => {
      const flag = `  --${kebab(f.name)}${f.kind === 'boolean' ? '' : ' VALUE'}`;
      const choices = f.choices ? `: ${f.choices.join(' | ')}` : '';
      const dflt = f.default !== undefined ? ` (default ${f.default})` : '';
      return `${flag.padEnd(28)}${f.help}${choices}${dflt}`;
    })
    .join('\n');
}
