/** Rates and tables of the doctor benchmark, from one row per run. */
import { RULES } from '../../src/doctor/rules/index.js';
import type { Cause } from '../../src/doctor/types.js';
import type { Part } from './corpus.js';

export interface FindingRow {
  id: string;
  severity: string;
  status: string;
  step: number;
  cause?: string;
  where: string;
}

export interface Row {
  name: string;
  set: string;
  part: Part;
  config: string;
  kind: 'healthy' | 'fault';
  expect: Cause | null;
  stepsPerEpoch: number;
  epochsRun: number;
  testAucMicro: number | null;
  testAucMacro: number | null;
  /** Per label on the test rows: ROC AUC and its standard error under chance (to check label claims). */
  testLabels: Record<string, { auc: number | null; se: number | null }>;
  findings: FindingRow[];
  /** The report's verdict at the end of the run (current findings only). */
  diagnosis: string | null;
  /** First step at which a warning-or-worse finding blaming the expected cause held. */
  detectedStep: number | null;
  error?: string;
}

const serious = (f: FindingRow) => f.severity === 'warning' || f.severity === 'fatal';
export const currentSerious = (r: Row) => r.findings.filter((f) => serious(f) && f.status === 'current');
export const everSerious = (r: Row) => r.findings.filter(serious);
/** A healthy run with a warning or worse at the end. */
export const flagged = (r: Row) => r.kind === 'healthy' && currentSerious(r).length > 0;
/**
 * Detected with the right cause: a warning or worse blaming the injected cause was raised during
 * the run (the live doctor prints it then), and at the end no other cause is blamed (the verdict
 * is the injected cause, or nothing when that finding has since cleared).
 */
export const rightCause = (r: Row) =>
  r.kind === 'fault' && r.detectedStep !== null && (r.diagnosis === r.expect || r.diagnosis === null);
/** … and still named by the verdict at the end of the run. */
export const rightCauseAtEnd = (r: Row) =>
  r.kind === 'fault' && r.detectedStep !== null && r.diagnosis === r.expect;
export const epochsToDetect = (r: Row) =>
  r.detectedStep === null ? null : Math.ceil(r.detectedStep / Math.max(1, r.stepsPerEpoch));

const pct = (k: number, n: number) => (n ? `${((100 * k) / n).toFixed(1)}%` : 'n/a');
const frac = (k: number, n: number) => `${k} of ${n} (${pct(k, n)})`;

function table(rows: string[][]): string {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `| ${r.map((cell, c) => cell.padEnd(w[c])).join(' | ')} |`).join('\n');
}

/** Per rule: share of healthy runs where it holds a warning or worse at the end (and at any time). */
export function ruleTable(rows: Row[]): string {
  const healthy = rows.filter((r) => r.kind === 'healthy' && !r.error);
  const parts: Part[] = ['calibration', 'held-out'];
  const head = ['rule', ...parts.map((p) => `healthy ${p}`), 'healthy all', 'ever during the run (all)'];
  const body = RULES.map((rule) => {
    const fires = (r: Row) => currentSerious(r).some((f) => f.id === rule.id);
    const ever = (r: Row) => everSerious(r).some((f) => f.id === rule.id);
    const ofPart = (p: Part) => healthy.filter((r) => r.part === p);
    return [
      rule.id,
      ...parts.map((p) => frac(ofPart(p).filter(fires).length, ofPart(p).length)),
      frac(healthy.filter(fires).length, healthy.length),
      frac(healthy.filter(ever).length, healthy.length),
    ];
  });
  return table([head, head.map(() => '---'), ...body]);
}

/** Per fault: detected with the right cause on how many sets, epochs to detection, what was blamed. */
export function faultTable(rows: Row[]): string {
  const faults = rows.filter((r) => r.kind === 'fault');
  const names = [...new Set(faults.map((r) => r.config))];
  const head = [
    'fault',
    'expected cause',
    'detected, right cause',
    'still the verdict at the end',
    'epochs to detection (median, max)',
    'blamed instead',
  ];
  const body = names.map((name) => {
    const rs = faults.filter((r) => r.config === name);
    const right = rs.filter(rightCause);
    const epochs = right
      .map(epochsToDetect)
      .filter((e): e is number => e !== null)
      .sort((a, b) => a - b);
    const wrong = rs
      .filter((r) => !rightCause(r))
      .map(
        (r) =>
          `${r.set}: ${r.error ? 'error' : r.detectedStep === null ? `missed${r.diagnosis ? ` (${r.diagnosis})` : ''}` : `blamed ${r.diagnosis}`}`,
      );
    return [
      name,
      String(rs[0].expect),
      frac(right.length, rs.length),
      frac(rs.filter(rightCauseAtEnd).length, rs.length),
      epochs.length ? `${epochs[Math.floor((epochs.length - 1) / 2)]}, ${epochs[epochs.length - 1]}` : '-',
      wrong.join('; ') || '-',
    ];
  });
  return table([head, head.map(() => '---'), ...body]);
}

/** The headline numbers, per part and overall. */
export function summary(rows: Row[]): string {
  const lines: string[] = [];
  for (const p of ['calibration', 'held-out', undefined] as const) {
    const rs = rows.filter((r) => !p || r.part === p);
    const healthy = rs.filter((r) => r.kind === 'healthy');
    const faults = rs.filter((r) => r.kind === 'fault');
    const flags = healthy.filter(flagged);
    const alarms = flags.filter((r) => !verified(r, rows).ok).length;
    const transient = healthy.filter(
      (r) => everSerious(r).length > 0 && !(flagged(r) && verified(r, rows).ok),
    ).length;
    const story = faults.filter((r) => r.config === 'story');
    lines.push(
      `${(p ?? 'all').padEnd(11)}  story caught before the first update (step 0) on ${frac(story.filter((r) => r.detectedStep === 0 && rightCause(r)).length, story.length)} sets; false alarms at the end ${frac(alarms, healthy.length)} (flagged ${flags.length}, ${flags.length - alarms} shown true on the test rows), at any time during the run ${frac(transient, healthy.length)}; faults detected with the right cause ${frac(faults.filter(rightCause).length, faults.length)} (still the verdict at the end: ${frac(faults.filter(rightCauseAtEnd).length, faults.length)})`,
    );
  }
  return lines.join('\n');
}

/**
 * A healthy run with a warning is excused only when the warning is shown true on the test rows,
 * which the doctor never saw: a label said to be at chance has a test ROC AUC within z standard
 * errors of 0.5; any other warning needs the run's test ROC AUC clearly below the healthy runs
 * on the same set (median − 3 robust standard deviations of their spread), micro or macro (on
 * sets with hundreds of rare labels a model that learned only the label frequencies keeps a
 * high micro AUC while its macro AUC sits at chance).
 */
export function verified(r: Row, rows: Row[]): { ok: boolean; why: string } {
  const claims = currentSerious(r);
  const { micro, macro, fails: runFails } = belowHealthy(r, rows);
  const why: string[] = [];
  let ok = true;
  for (const f of claims) {
    if (f.id === 'label-at-chance') {
      const label = f.where.slice(1);
      const t = r.testLabels[label];
      const atChance = t?.auc !== null && t?.auc !== undefined && t.se !== null && t.auc - 0.5 <= Z * t.se;
      why.push(
        `${label}: test ROC AUC ${t?.auc?.toFixed(3) ?? 'n/a'} (chance 0.5 ± ${t?.se?.toFixed(3) ?? '?'})${atChance ? ' — true' : ' — NOT at chance'}`,
      );
      ok &&= atChance;
    } else {
      ok &&= runFails;
    }
  }
  const say = (name: string, b: typeof micro) =>
    `test ROC AUC ${name} ${b.own?.toFixed(3) ?? 'n/a'} (healthy median on ${r.set} ${b.med?.toFixed(3) ?? 'n/a'}, failing below ${b.floor?.toFixed(3) ?? 'n/a'})`;
  why.push(say('micro', micro), say('macro', macro));
  return { ok, why: why.join('; ') };
}

const Z = 3;

/**
 * The run's test ROC AUC (micro, macro) against the healthy runs on the same set: below their
 * median − 3 robust standard deviations is a run shown worse on rows the doctor never saw.
 */
export function belowHealthy(r: Row, rows: Row[]) {
  const ref = rows.filter((x) => x.kind === 'healthy' && x.set === r.set);
  const band = (key: 'testAucMicro' | 'testAucMacro') => {
    const aucs = ref.map((x) => x[key]).filter((v): v is number => v !== null);
    const med = median(aucs);
    const mad = median(aucs.map((v) => Math.abs(v - (med ?? 0)))) ?? 0;
    const floor = med === null ? null : med - 3 * 1.4826 * mad;
    const own = r[key];
    return { med, floor, own, fails: own !== null && floor !== null && own < floor };
  };
  const micro = band('testAucMicro');
  const macro = band('testAucMacro');
  return { micro, macro, fails: micro.fails || macro.fails };
}

/**
 * Injected faults whose claim is "this run is worse" (initialisation, learning rate, inputs, bias
 * initialisation; not a frozen layer, one label or the loss weighting, which are claims of
 * another kind) split by what they did: those that left the run worse on its test rows
 * (belowHealthy) must be found; those that did not (Adam at 10× its rate learns as well on most
 * sets) are not faults of that run, and a warning on them at the end is a claim the test rows do
 * not bear out.
 */
const RUN_QUALITY: readonly string[] = [
  'initialisation',
  'learning_rate_high',
  'inputs',
  'bias_initialisation',
];

export function harmSummary(rows: Row[]): string {
  const faults = rows.filter((r) => r.kind === 'fault' && !r.error && RUN_QUALITY.includes(r.expect ?? ''));
  const worse = new Set(faults.filter((r) => belowHealthy(r, rows).fails));
  const harmed = faults.filter((r) => worse.has(r));
  const harmless = faults.filter((r) => !worse.has(r));
  const claimed = harmless.filter((r) => currentSerious(r).length > 0);
  const per = (rs: Row[]) =>
    [...new Set(rs.map((r) => r.config))]
      .map((c) => `${c} ${rs.filter((r) => r.config === c).length}`)
      .join(', ');
  return [
    `run-quality faults (${RUN_QUALITY.join(', ')}) that left the run worse on its test rows (below the healthy band of its set): detected with the right cause ${frac(harmed.filter(rightCause).length, harmed.length)}, still the verdict at the end ${frac(harmed.filter(rightCauseAtEnd).length, harmed.length)}`,
    `faults that did not (test ROC AUC within the healthy band): ${harmless.length} (${per(harmless)}); a warning or worse at the end on ${frac(claimed.length, harmless.length)} (${per(claimed) || 'none'})`,
  ].join('\n');
}

export function flaggedHealthy(rows: Row[]): string[] {
  return rows.filter(flagged).map((r) => {
    const v = verified(r, rows);
    return `${r.name}: ${currentSerious(r)
      .map((f) => `${f.severity} ${f.id}${f.where}`)
      .join(', ')} — ${v.ok ? 'shown true on the test rows' : 'FALSE ALARM'}: ${v.why}`;
  });
}

export function median(v: number[]): number | null {
  if (!v.length) return null;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
