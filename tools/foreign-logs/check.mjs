// The doctor on the logs make_logs.py wrote: one row per run (what it is, its measured AUC, what
// the doctor said), and a mismatch count as the exit code. Needs `npm run build` first.
//   node tools/foreign-logs/check.mjs OUT
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITY_RANK } from '../../dist/src/doctor/diagnose.js';
import { examine } from '../../dist/src/doctor/examine.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: node tools/foreign-logs/check.mjs OUT (the directory make_logs.py wrote)');
  process.exit(2);
}
const expect = JSON.parse(readFileSync(join(out, 'expect.json'), 'utf8'));
let bad = 0;
const rows = [['run', 'style', 'val AUC', 'expected', 'doctor said', 'findings ≥ warning', 'unknown tags', 'ok']];
for (const [name, e] of Object.entries(expect)) {
  const { report, reading } = await examine(join(out, name));
  const serious = report.findings.filter((f) => SEVERITY_RANK[f.severity] >= 1);
  const said = report.diagnosis?.cause ?? (serious.length ? 'warnings, no cause' : 'healthy');
  let ok = e.expect === 'healthy' ? serious.length === 0 : report.diagnosis?.cause === e.expect;
  if (e.frozen_layer) {
    const frozen = report.findings.filter((f) => f.id === 'frozen-layer').map((f) => f.where.layer);
    ok &&= frozen.length === 1 && frozen[0] === e.frozen_layer;
  }
  // an info the run must get beside its verdict (an overfitting run whose ranking did not suffer)
  if (e.info) ok &&= report.findings.some((f) => f.id === e.info && f.severity === 'info');
  if (!report.coverage?.sufficient) ok = false;
  if (!ok) bad++;
  rows.push([
    name,
    e.style,
    String(e.val_auc_macro_last),
    e.expect + (e.frozen_layer ? ` (${e.frozen_layer})` : '') + (e.info ? ` + info ${e.info}` : ''),
    said,
    serious.map((f) => `${f.id}${f.where.layer ? ` ${f.where.layer}` : ''}`).join(', ') || '—',
    reading.unknown.length ? reading.unknown.join(' ') : '—',
    ok ? 'yes' : 'NO',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
console.log(`\n${rows.length - 1 - bad} of ${rows.length - 1} as expected`);
process.exit(bad ? 1 : 0);
