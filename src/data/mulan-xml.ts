import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dataError } from './fail.js';

/**
 * MULAN's label file: `<labels><label name="Beach"></label>…</labels>`, possibly nested
 * (hierarchies). We only need the set of names; labels are matched to ARFF attributes by
 * name, never by position (yeast.xml lists them in another order than yeast.arff).
 */
export function parseMulanXml(text: string, file: string): string[] {
  const names: string[] = [];
  const re = /<label\b[^>]*?\bname\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    names.push(decodeEntities(m[1] ?? m[2]));
  }
  if (names.length === 0)
    throw dataError(file, undefined, 'no <label name="…"> elements: not a MULAN label file');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw dataError(file, undefined, `label '${n}' is listed twice`);
    seen.add(n);
  }
  return names;
}

export async function readMulanXml(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw dataError(file, undefined, 'cannot read the MULAN label file');
  }
  return parseMulanXml(text, file);
}

/**
 * The XML beside an ARFF, MULAN's naming: `x.arff` → `x.xml`; `x-train.arff` and
 * `x-test.arff` → `x.xml` (tmc2007-500-train.arff → tmc2007-500.xml). undefined if none exists.
 */
export function findMulanXml(arffPath: string): string | undefined {
  const dir = dirname(arffPath);
  const stem = basename(arffPath).replace(/\.arff(\.gz)?$/i, '');
  const candidates = [stem, stem.replace(/[-_](train|test)$/i, '')];
  for (const c of candidates) {
    const p = join(dir, `${c}.xml`);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    return String.fromCodePoint(k.startsWith('#x') ? Number.parseInt(k.slice(2), 16) : Number(k.slice(1)));
  });
}
