/** A share as the board prints it: `14%`, `0.4%`, `0%` (health cards, and the tests that read them). */
export function percent(x: number): string {
  const p = x * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}
