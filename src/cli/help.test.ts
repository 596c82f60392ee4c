import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from './commands.js';
import { main } from './main.js';

/** Run the CLI in this process, capturing what it prints. */
async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('every command answers --help (and -h) with its usage, exit 0', async () => {
  assert.ok(COMMANDS.length >= 10);
  for (const c of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      const r = await capture([c.name, flag]);
      assert.equal(r.code, 0, `${c.name} ${flag}: ${r.err}`);
      assert.match(r.out, new RegExp(`trainscope ${c.name}`), `${c.name} ${flag}`);
      assert.match(r.out, /Usage/, `${c.name} ${flag}`);
    }
  }
  const top = await capture(['--help']);
  assert.equal(top.code, 0);
  for (const c of COMMANDS) assert.match(top.out, new RegExp(`^  ${c.name} +${c.summary.slice(0, 10)}`, 'm'));
});
