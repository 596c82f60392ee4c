import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes dist/.inputs.json: every file the bundle was built from (web/src, the shared types
 * from src/, uplot). scripts/build.mjs hashes them to skip this build when nothing changed.
 */
function recordInputs(): Plugin {
  return {
    name: 'trainscope-record-inputs',
    apply: 'build',
    writeBundle(options) {
      const root = path.resolve(import.meta.dirname, '..');
      const files = [...this.getModuleIds()]
        .filter((id) => !id.startsWith('\0') && path.isAbsolute(id))
        .map((id) => path.relative(root, id.split('?')[0]))
        .sort();
      writeFileSync(path.join(options.dir as string, '.inputs.json'), `${JSON.stringify(files, null, 1)}\n`);
    },
  };
}

// One JS file and one CSS file with relative URLs: the board serves them from web/dist, and
// `trainscope report` inlines both into a single HTML file that opens from file://.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  plugins: [recordInputs()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
  },
});
