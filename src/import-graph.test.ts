import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The rooms of src/ (its top-level folders) must import each other one way only: data flows
 * data → model → run → engine → train → events readers → doctor | board | report (README,
 * "How the code is laid out"). This test reads the TypeScript sources (tests included), draws
 * the graph of imports between rooms and fails on any cycle, naming the imports that close it.
 */
const SRC = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** `from '…'`, `import '…'`, `import('…')`, `export … from '…'`: every relative specifier. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

/** The room of a file: its top-level folder under src/, or null for files at the root (errors.ts, index.ts). */
function roomOf(file: string): string | null {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : null;
}

export interface RoomGraph {
  /** room → room → the file-level imports behind that edge (`train/train.ts → doctor/live.ts`). */
  edges: Map<string, Map<string, string[]>>;
}

export function roomGraph(files = sourceFiles(SRC)): RoomGraph {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const from = roomOf(file);
    if (!from) continue;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      const to = roomOf(target);
      if (!to || to === from) continue;
      const out = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, out);
      const why = out.get(to) ?? [];
      out.set(to, why);
      why.push(`${relative(SRC, file)} → ${relative(SRC, target).replace(/\.js$/, '.ts')}`);
    }
  }
  return { edges };
}

/** Strongly connected components with more than one room (Tarjan): each is a cycle. */
export function cycles(g: RoomGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  const rooms = new Set([...g.edges.keys(), ...[...g.edges.values()].flatMap((m) => [...m.keys()])]);
  for (const v of [...rooms].sort()) if (!index.has(v)) visit(v);
  return found;
}

function explain(g: RoomGraph, scc: string[]): string {
  const inside = new Set(scc);
  const lines = [`cycle between ${scc.join(', ')}:`];
  for (const from of scc)
    for (const [to, why] of g.edges.get(from) ?? [])
      if (inside.has(to))
        lines.push(`  ${from} → ${to}: ${why.slice(0, 3).join('; ')}${why.length > 3 ? ' …' : ''}`);
  return lines.join('\n');
}

test('the rooms of src/ import each other one way only (no cycle between top-level folders)', () => {
  const g = roomGraph();
  assert.ok(g.edges.size >= 8, `expected the rooms of src/, found ${[...g.edges.keys()].join(', ')}`);
  const found = cycles(g);
  assert.deepEqual(found, [], found.map((c) => explain(g, c)).join('\n'));
});

test('the cycle check sees a cycle when there is one', () => {
  const g: RoomGraph = {
    edges: new Map([
      ['train', new Map([['doctor', ['train/a.ts → doctor/b.ts']]])],
      ['doctor', new Map([['model', ['doctor/b.ts → model/c.ts']]])],
      ['model', new Map([['train', ['model/c.ts → train/d.ts']]])],
      ['cli', new Map([['train', ['cli/e.ts → train/a.ts']]])],
    ]),
  };
  assert.deepEqual(cycles(g), [['doctor', 'model', 'train']]);
  assert.match(explain(g, cycles(g)[0]), /model → train: model\/c\.ts → train\/d\.ts/);
  assert.deepEqual(
    importsOf(`import a from '../x/y.js';\nexport { b } from './z.js';\nawait import('../w/v.js');`),
    ['../x/y.js', './z.js', '../w/v.js'],
  );
});
