/**
 * The charts the doctor points at for the shown runs: the tags of their current findings and of
 * their health numbers (weights moved, outputs, last hidden layer dead, AUC). The chart views
 * put these first, in an open group, so the story's signals are not hidden in collapsed ones.
 */
import type { HealthResponse } from '../../../src/board/api-types.js';
import type { PanelContext } from './types.js';

export interface Evidence {
  /** Tags in the order to show them: findings first (fatal first), then the health numbers. */
  tags: string[];
  /** Why each tag is there (rule ids / number labels), for the group's note. */
  why: Map<string, string[]>;
}

export async function evidenceFor(ctx: PanelContext, runs: string[]): Promise<Evidence> {
  const order = { collapsed: 0, fatal: 1, warning: 2, unchecked: 3, ok: 4 } as const;
  const healths = (await Promise.all(runs.map((r) => ctx.api.health(r).catch(() => null))))
    .filter((x): x is HealthResponse => x !== null)
    .sort((a, b) => order[a.state] - order[b.state]);
  // fatal findings first, then the flagged numbers, then warnings, then the other numbers
  const entries: { tag: string; reason: string; rank: number; order: number }[] = [];
  const add = (tag: string | undefined, reason: string, rank: number) => {
    if (tag) entries.push({ tag, reason, rank, order: entries.length });
  };
  for (const hl of healths) {
    for (const g of hl.groups) {
      if (g.severity === 'info') continue;
      for (const f of g.findings) add(f.tag ?? g.tag, g.id, g.severity === 'fatal' ? 0 : 2);
    }
    for (const n of hl.numbers) add(n.tag, n.label, n.flagged ? 1 : 3);
  }
  entries.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const why = new Map<string, string[]>();
  for (const e of entries) {
    const list = why.get(e.tag) ?? [];
    if (!list.includes(e.reason)) list.push(e.reason);
    why.set(e.tag, list);
  }
  return { tags: [...why.keys()], why };
}
