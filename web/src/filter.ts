/**
 * The run filter: whitespace-separated terms, all of which must match.
 *   `glorot`        the name or any setting's value contains it (case-insensitive)
 *   `lr=0.001`      setting equals (numbers compare as numbers: lr=1e-3 matches 0.001)
 *   `init~normal`   setting contains
 *   `lr<0.01`, `lr>=1e-3`, `epochs<=20`   numeric comparisons
 *   `-dropout=0`    a leading minus negates a term
 * Keys match the configuration's keys (`lr`, `init`, `dropout`, …) and `state` (collapsed,
 * fatal, warning, ok, unchecked) and `cause`.
 */
import type { RunSummary } from '../../src/board/api-types.js';

type Pred = (r: RunSummary) => boolean;

const OPS = ['<=', '>=', '!=', '=', '~', '<', '>'] as const;

function settingOf(r: RunSummary, key: string): string | number | boolean | null | undefined {
  if (key === 'state') return r.state;
  if (key === 'cause') return r.cause;
  if (key === 'name') return r.name;
  if (key in r.config) return r.config[key];
  // case-insensitive key match (batchsize=128)
  const k = Object.keys(r.config).find((c) => c.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : r.config[k];
}

function term(t: string): Pred {
  const negate = t.startsWith('-') && t.length > 1;
  const body = negate ? t.slice(1) : t;
  let pred: Pred;
  const op = OPS.map((o) => ({ o, at: body.indexOf(o) }))
    .filter((x) => x.at > 0)
    .sort((a, b) => a.at - b.at || b.o.length - a.o.length)[0];
  if (!op) {
    const needle = body.toLowerCase();
    pred = (r) =>
      r.name.toLowerCase().includes(needle) ||
      (r.counterfactual ?? '').toLowerCase().includes(needle) ||
      Object.values(r.config).some((v) => String(v).toLowerCase().includes(needle));
  } else {
    const key = body.slice(0, op.at);
    const want = body.slice(op.at + op.o.length);
    const wantNum = Number(want);
    pred = (r) => {
      const v = settingOf(r, key);
      if (v === undefined || v === null) return op.o === '!=';
      const num = typeof v === 'number' ? v : Number(v);
      const numeric = want !== '' && Number.isFinite(wantNum) && Number.isFinite(num);
      switch (op.o) {
        case '=':
          return numeric ? num === wantNum : String(v).toLowerCase() === want.toLowerCase();
        case '!=':
          return numeric ? num !== wantNum : String(v).toLowerCase() !== want.toLowerCase();
        case '~':
          return String(v).toLowerCase().includes(want.toLowerCase());
        case '<':
          return numeric && num < wantNum;
        case '>':
          return numeric && num > wantNum;
        case '<=':
          return numeric && num <= wantNum;
        case '>=':
          return numeric && num >= wantNum;
      }
      return false;
    };
  }
  return negate ? (r) => !pred(r) : pred;
}

export function runFilter(query: string): Pred {
  const terms = query.trim().split(/\s+/).filter(Boolean).map(term);
  return (r) => terms.every((p) => p(r));
}
