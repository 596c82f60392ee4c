import { defineConfig } from 'vite';

// One JS file and one CSS file with relative URLs: the board serves them from web/dist, and
// `trainscope report` inlines both into a single HTML file that opens from file://.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
  },
});
