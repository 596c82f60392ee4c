import type { RunData } from '../events/types.js';
import { diagnose } from './diagnose.js';
import type { DoctorReport, Finding, LiveDoctor, RunContext } from './types.js';

/** What makes a finding "the same" across probes: rule, place and severity (an escalation is news). */
export function findingKey(f: Finding): string {
  return `${f.id}|${f.where.layer ?? ''}|${f.where.label ?? ''}|${f.severity}`;
}

/**
 * The doctor during training: after each probe it re-runs the rules over the history so far
 * and hands back what changed — each finding once when it first holds, and once more when it
 * clears (a warning that no longer holds is history, and the user who saw it should hear so).
 */
export function createLiveDoctor(ctx: RunContext): LiveDoctor {
  const reported = new Set<string>();
  const clearedSaid = new Set<string>();
  let latest: DoctorReport = { findings: [], checked: [], not_checked: [] };
  return {
    update(run: RunData): Finding[] {
      latest = diagnose(run, ctx);
      const changes: Finding[] = [];
      for (const f of latest.findings) {
        const key = findingKey(f);
        if (!reported.has(key)) {
          reported.add(key);
          if (f.status === 'current') changes.push(f);
          else clearedSaid.add(key); // held and cleared between two looks: history, not news
        } else if (f.status === 'cleared' && !clearedSaid.has(key)) {
          clearedSaid.add(key);
          changes.push(f);
        } else if (f.status === 'current') clearedSaid.delete(key);
      }
      return changes;
    },
    report: () => latest,
  };
}
