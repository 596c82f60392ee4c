import type { RunData } from '../events/types.js';
import { diagnose } from './diagnose.js';
import type { DoctorReport, Finding, LiveDoctor, RunContext } from './types.js';

/** What makes a finding "the same" across probes: rule, place and severity (an escalation is news). */
export function findingKey(f: Finding): string {
  return `${f.id}|${f.where.layer ?? ''}|${f.where.label ?? ''}|${f.severity}`;
}

/**
 * The doctor during training: after each probe it re-runs the rules over the history so far
 * and hands back only what it has not reported before, so each finding is printed once.
 */
export function createLiveDoctor(ctx: RunContext): LiveDoctor {
  const reported = new Set<string>();
  let latest: DoctorReport = { findings: [], checked: [], not_checked: [] };
  return {
    update(run: RunData): Finding[] {
      latest = diagnose(run, ctx);
      const fresh: Finding[] = [];
      for (const f of latest.findings) {
        const key = findingKey(f);
        if (reported.has(key)) continue;
        reported.add(key);
        fresh.push(f);
      }
      return fresh;
    },
    report: () => latest,
  };
}
