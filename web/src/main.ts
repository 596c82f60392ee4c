/**
 * The dashboard shell: header, tabs, run selector, and the hash router that mounts one panel
 * at a time. Live: polls /api/runs every 2 s and refreshes the charts of runs with new data.
 */
import './style.css';
import { type Api, HttpApi, inlinedSnapshot, SnapshotApi } from './api.js';
import { clear, h } from './dom.js';
import { PANELS } from './panels/index.js';
import type { PanelView } from './panels/types.js';
import { renderSidebar } from './sidebar.js';
import { AppState } from './state.js';

const POLL_MS = 2000;

async function start(): Promise<void> {
  const snapshot = inlinedSnapshot();
  const api: Api = snapshot ? new SnapshotApi(snapshot) : new HttpApi();
  const state = new AppState();
  const app = document.getElementById('app')!;
  const tabs = h('nav.tabs');
  const side = h('aside.side');
  const view = h('main.view');
  const status = h('span.status');
  const logdir = h('span.logdir');
  app.append(
    h('header.top', {}, h('span.brand', {}, 'trainscope'), logdir, status),
    tabs,
    h('div.layout', {}, side, view),
  );

  let current: PanelView | null = null;
  const route = () => {
    const hash = location.hash.replace(/^#\/?/, '');
    const [id, query] = hash.split('?');
    const panel = PANELS.find((p) => p.id === id) ?? PANELS[0];
    current?.destroy();
    clear(view);
    clear(tabs);
    for (const p of PANELS)
      tabs.append(h('a.tab', { href: `#/${p.id}`, class: p === panel ? 'active' : '' }, p.title));
    view.dataset.panel = panel.id;
    current = panel.mount(view, {
      api,
      state,
      params: new URLSearchParams(query ?? ''),
      navigate: (v, params) => {
        location.hash = `#/${v}${params ? `?${new URLSearchParams(params)}` : ''}`;
      },
    });
  };

  const load = async () => {
    const runs = await api.runs();
    const changed = state.update(runs);
    logdir.textContent = snapshot ? `report · ${snapshot.title} · ${snapshot.createdAt}` : runs.logdir;
    return changed;
  };
  state.onChange(() => renderSidebar(side, state));
  await load();
  renderSidebar(side, state);
  window.addEventListener('hashchange', route);
  route();

  if (!api.live) return;
  status.textContent = 'live';
  const poll = async () => {
    try {
      const changed = await load();
      status.textContent = 'live';
      status.classList.remove('offline');
      if (changed.size) {
        api.invalidate(changed);
        renderSidebar(side, state);
        current?.refresh(changed);
      }
    } catch {
      status.textContent = 'server unreachable';
      status.classList.add('offline');
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

start().catch((e) => {
  document.body.append(h('pre.fatal', {}, `The board could not start: ${e?.message ?? e}`));
});
