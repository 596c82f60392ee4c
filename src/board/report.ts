/**
 * The static report: one HTML file with the front-end bundle and a snapshot of every API
 * response the views ask for, inlined. It opens from disk (file://) with no server: the front
 * end sees the snapshot and answers from it (web/src/api.ts, SnapshotApi).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { API, type ApiQuery } from './api.js';
import { type ApiKind, encodeJson, type RunsResponse, type Snapshot, snapshotKey } from './api-types.js';
import { NotFoundError } from './errors.js';
import type { DataProvider } from './provider.js';

export interface ReportOptions {
  title: string;
  /** Built front end (web/dist). */
  staticDir: string;
  /** Points per scalar tag (default 500) and steps per histogram tag (default 60): the file stays small. */
  scalarSamples?: number;
  histogramSamples?: number;
}

/** What the report holds, in a line: `2 runs, and 6 counterfactual runs nested under theirs`. */
export function reportContents(runs: RunsResponse): string {
  const top = runs.runs.filter((r) => r.parent === undefined).length;
  const nested = runs.runs.length - top;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return nested
    ? `${plural(top, 'run')}, and ${plural(nested, 'counterfactual run')} of \`doctor --explain\` nested under ${top === 1 ? 'it' : 'theirs'}`
    : plural(top, 'run');
}

/** Every response the views can request for these runs, keyed as the front end asks for them. */
export async function snapshot(p: DataProvider, opts: ReportOptions): Promise<Snapshot> {
  const responses: Record<string, unknown> = {};
  const put = async (kind: ApiKind, q: ApiQuery) => {
    responses[snapshotKey(kind, q.run || undefined, q.tag || undefined)] = await API[kind].impl(p, q);
  };
  const runs = (await API.runs.impl(p, { run: '', tag: '' })) as RunsResponse;
  responses[snapshotKey('runs')] = runs;
  for (const { name: run } of runs.runs) {
    for (const kind of ['tags', 'run', 'findings', 'health'] as const) await put(kind, { run, tag: '' });
    const tags = responses[snapshotKey('tags', run)] as { scalars: string[]; histograms: string[] };
    for (const tag of tags.scalars) await put('scalars', { run, tag, samples: opts.scalarSamples ?? 500 });
    const k = opts.histogramSamples ?? 60;
    for (const tag of tags.histograms) {
      await put('histograms', { run, tag, samples: k });
      await put('distributions', { run, tag, samples: Math.max(k, 200) });
    }
  }
  return {
    createdAt: new Date().toISOString().slice(0, 16).replace('T', ' '),
    title: opts.title,
    contents: reportContents(runs),
    responses,
  };
}

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return encodeJson(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The built index.html with its script and stylesheet inlined and the snapshot embedded. */
export async function renderReport(snap: Snapshot, staticDir: string): Promise<string> {
  let html: string;
  try {
    html = await readFile(path.join(staticDir, 'index.html'), 'utf8');
  } catch {
    throw new NotFoundError(
      `front end not built: ${staticDir}/index.html is missing (run npm run build:web)`,
    );
  }
  const asset = (href: string) => readFile(path.join(staticDir, href.replace(/^\.\//, '')), 'utf8');
  const scriptRe = /<script type="module" crossorigin src="([^"]+)"><\/script>/;
  const styleRe = /<link rel="stylesheet" crossorigin href="([^"]+)">/;
  const js = scriptRe.exec(html)?.[1];
  const css = styleRe.exec(html)?.[1];
  if (!js) throw new Error(`${staticDir}/index.html: no module script to inline`);
  // A function replacement: `$&` and friends in the bundle must stay as they are.
  const code = (await asset(js)).replace(/<\/(script)/gi, '<\\/$1');
  html = html.replace(scriptRe, () => `<script type="module">${code}</script>`);
  if (css) {
    const style = await asset(css);
    html = html.replace(styleRe, () => `<style>${style}</style>`);
  }
  const data = `<script type="application/json" id="trainscope-data">${scriptJson(snap)}</script>`;
  return html
    .replace('<!--trainscope-data-->', () => data)
    .replace(
      '<title>trainscope board</title>',
      () => `<title>trainscope report · ${escapeHtml(snap.title)}</title>`,
    );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export async function buildReport(p: DataProvider, opts: ReportOptions): Promise<string> {
  return renderReport(await snapshot(p, opts), opts.staticDir);
}
