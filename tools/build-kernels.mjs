// Assemble src/engine/optim/kernels.wat into src/engine/optim/kernels-wasm.ts (the bytes, base64).
// `npm run build:kernels` after editing the .wat; a test checks that the two agree.
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';

const dir = new URL('../src/engine/optim/', import.meta.url);
const wabt = await wabtInit();
const mod = wabt.parseWat('kernels.wat', readFileSync(new URL('kernels.wat', dir), 'utf8'));
mod.validate();
const base64 = Buffer.from(mod.toBinary({}).buffer).toString('base64');
const lines = base64.match(/.{1,100}/g).map((l) => `  '${l}'`);
writeFileSync(
  new URL('kernels-wasm.ts', dir),
  `// Generated from kernels.wat by \`npm run build:kernels\` (tools/build-kernels.mjs): do not edit.\n` +
    `export const KERNELS_WASM_BASE64 =\n${lines.join(' +\n')};\n`,
);
