/**
 * `npm run bench`: every benchmark, each printing its numbers against a reference measured in
 * the same run. `npm run bench -- engine probes` runs a subset.
 */
const BENCHES: Record<string, () => Promise<void>> = {
  engine: async () => (await import('./engine.js')).benchEngine(),
  probes: async () => (await import('./probes.js')).benchProbes(),
  events: async () => (await import('./events.js')).benchEvents(),
  metrics: async () => (await import('./metrics.js')).benchMetrics(),
  grid: async () => (await import('./grid.js')).benchGrid(),
  scale: async () => (await import('./scale.js')).benchScale(),
  roofline: async () => (await import('./roofline.js')).benchRoofline(),
  readers: async () => (await import('./readers.js')).benchReaders(),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
