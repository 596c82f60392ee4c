/**
 * Run names and setting values in the order a person expects: text as text, numbers by value,
 * decimals and exponents included. `localeCompare`'s `numeric` option reads only digit runs, so
 * `lr=0.0001`, `lr=0.001` and `lr=0.01` would all compare as "1" and interleave with the
 * other settings of the name.
 */
const NUMBER = /\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

function chunks(s: string): (string | number)[] {
  const out: (string | number)[] = [];
  let at = 0;
  for (const m of s.matchAll(NUMBER)) {
    if (m.index > at) out.push(s.slice(at, m.index));
    out.push(Number(m[0]));
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}

export function naturalCompare(a: string, b: string): number {
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (typeof p === 'number' && typeof q === 'number') {
      if (p !== q) return p - q;
    } else {
      const c = String(p).localeCompare(String(q));
      if (c) return c;
    }
  }
  return x.length - y.length || a.localeCompare(b);
}
