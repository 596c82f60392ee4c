/** How a log was read, in a few terminal lines and as JSON: conventions, layers, unknown tags, notes. */
import { formatRole } from './roles.js';
import type { LogReading } from './understand.js';

export interface ReadingSummary {
  conventions: string[];
  /** Every tag with the role it was read as (`weights:fc1`, `val-loss`, `ignore`, …), or null when unknown. */
  roles: Record<string, string | null>;
  unknown: string[];
  layers: {
    name: string;
    canonical: string | null;
    kind: string;
    fanIn: number | null;
    fanOut: number | null;
    fansFrom: string | null;
  }[];
  initial: { usable: boolean; reason: string };
  notes: string[];
}

export function readingSummary(r: LogReading): ReadingSummary {
  return {
    conventions: r.conventions,
    roles: Object.fromEntries(r.tags.map((t) => [t.name, t.role ? formatRole(t.role) : null])),
    unknown: r.unknown,
    layers: r.layers.map((l) => ({
      name: l.name,
      canonical: l.canonical ?? null,
      kind: l.kind,
      fanIn: l.fanIn ?? null,
      fanOut: l.fanOut ?? null,
      fansFrom: l.fansFrom ?? null,
    })),
    initial: r.initial,
    notes: r.notes,
  };
}

/** A short block for the top of a doctor/inspect report on a foreign log. */
export function formatReading(r: LogReading): string {
  const understood = r.tags.filter((t) => t.role && t.role.kind !== 'ignored').length;
  const ignored = r.tags.filter((t) => t.role?.kind === 'ignored').length;
  const lines = [
    `read as ${r.conventions.join(' + ') || 'no known convention'}: ${understood} tag(s) understood, ${ignored} ignored, ${r.unknown.length} unknown`,
  ];
  const dense = r.layers.filter((l) => l.canonical);
  if (dense.length)
    lines.push(
      `layers: ${dense.map((l) => `${l.name}${l.fanIn !== undefined ? ` (${l.fanIn}→${l.fanOut})` : ''}`).join(' → ')}`,
    );
  lines.push(`first record as initialisation: ${r.initial.usable ? 'yes' : 'no'} — ${r.initial.reason}`);
  if (r.unknown.length)
    lines.push(
      `unknown tags (not used; name them with --map TAG=ROLE): ${r.unknown.slice(0, 12).join(', ')}${r.unknown.length > 12 ? `, … ${r.unknown.length - 12} more` : ''}`,
    );
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
