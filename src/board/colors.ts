/**
 * Run colours, assigned once on the server so the board and the static report agree. Each run
 * prefers a slot of a 20-colour qualitative palette chosen by a hash of its name, so a run keeps
 * its colour in a report of a subset of the runs; runs that find their slot taken take the next
 * free one. Past 20 runs, colours come from a golden-angle walk around the hue circle at three
 * lightnesses, so any number of runs get distinct colours.
 */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#17becf',
  '#393b79',
  '#e7298a',
  '#637939',
  '#d95f02',
  '#7570b3',
  '#843c39',
  '#1b9e77',
  '#bcbd22',
  '#a6761d',
  '#b3446c',
];

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** The n-th colour past the palette: hues 137.5° apart, lightness cycling so neighbours differ twice. */
export function extraColor(n: number): string {
  const hue = (n * 137.508) % 360;
  const light = [0.42, 0.58, 0.32][n % 3];
  return hslToHex(hue, 0.62, light);
}

/** Colours for runs, given in the order they should claim slots (top-level runs before their children). */
export function assignColors(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  let extra = 0;
  for (const name of names) {
    if (out.has(name)) continue;
    if (taken.size >= PALETTE.length) {
      out.set(name, extraColor(extra++));
      continue;
    }
    let slot = hash(name) % PALETTE.length;
    while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    out.set(name, PALETTE[slot]);
  }
  return out;
}
