import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SaxesParser } from 'saxes';
import { dataError } from './fail.js';
import { fsError } from './text/input.js';
import { show } from './text/show.js';

/**
 * MULAN's label file: `<labels><label name="Beach"></label>…</labels>`, possibly nested
 * (hierarchies). We only need the set of names; labels are matched to ARFF attributes by
 * name, never by position (yeast.xml lists them in another order than yeast.arff). The file must
 * be well-formed XML (a strict parser, saxes, checks it): a cut-off file would otherwise lose its
 * last labels silently, and an unlisted label would be read as an input feature (a label leak).
 */
export function parseMulanXml(text: string, file: string): string[] {
  const names: string[] = [];
  const parser = new SaxesParser({ xmlns: false, position: true });
  let depth = 0;
  let root = '';
  parser.on('opentag', (tag) => {
    if (depth++ === 0) root = tag.name;
    if (tag.name !== 'label' && !tag.name.endsWith(':label')) return;
    const name = tag.attributes.name;
    if (typeof name !== 'string' || name === '') {
      throw dataError(file, parser.line, '<label> without a name="…" attribute');
    }
    names.push(name);
  });
  parser.on('closetag', () => {
    depth--;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if ((e as Error).name === 'DataError') throw e;
    // saxes: "file:line:col: message"
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec((e as Error).message);
    const why = (m ? m[3] : (e as Error).message).split('\n')[0];
    throw dataError(file, m ? Number(m[1]) : undefined, `not well-formed XML: ${show(why, 80).slice(1, -1)}`);
  }
  if (root !== '' && root !== 'labels' && !root.endsWith(':labels')) {
    throw dataError(
      file,
      undefined,
      `root element <${show(root).slice(1, -1)}>, expected <labels>: not a MULAN label file`,
    );
  }
  if (names.length === 0)
    throw dataError(file, undefined, 'no <label name="…"> elements: not a MULAN label file');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw dataError(file, undefined, `label ${show(n)} is listed twice`);
    seen.add(n);
  }
  return names;
}

export async function readMulanXml(file: string): Promise<string[]> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw fsError(file, e);
  }
  if (buf.length === 0) throw dataError(file, undefined, 'empty file: not a MULAN label file');
  if (buf.indexOf(0) >= 0)
    throw dataError(file, undefined, 'binary data (a NUL byte): not a MULAN label file');
  return parseMulanXml(buf.toString('utf8'), file);
}

/**
 * The XML beside an ARFF, MULAN's naming: `x.arff` → `x.xml`; `x-train.arff` and
 * `x-test.arff` → `x.xml` (tmc2007-500-train.arff → tmc2007-500.xml). undefined if none exists.
 */
export function findMulanXml(arffPath: string): string | undefined {
  const dir = dirname(arffPath);
  const stem = basename(arffPath).replace(/\.arff(\.gz|\.bz2)?$/i, '');
  const candidates = [stem, stem.replace(/[-_](train|test)$/i, '')];
  for (const c of candidates) {
    const p = join(dir, `${c}.xml`);
    if (existsSync(p)) return p;
  }
  return undefined;
}
