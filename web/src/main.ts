/**
 * The dashboard shell: skip link, header, tabs, run selector, and the hash router that mounts
 * one panel at a time. Live: polls /api/runs every 2 s and refreshes the views of runs with new
 * data. Tabs are built once, so keyboard focus stays on the tab that was chosen.
 */
import './style.css';
import { type Api, httpApi, inlinedSnapshot, snapshotApi } from './api.js';
import { clear, h } from './dom.js';
import { PANELS } from './panels/index.js';
import type { PanelView } from './panels/types.js';
import { renderSidebar } from './sidebar.js';
import { AppState } from './state.js';

const POLL_MS = 2000;

async function start(): Promise<void> {
  const snapshot = inlinedSnapshot();
  const api: Api = snapshot ? snapshotApi(snapshot) : httpApi();
  const state = new AppState();
  const app = document.getElementById('app')!;
  const side = h('aside.side', { 'aria-label': 'runs' });
  const view = h('main#content.view', { tabindex: -1 });
  const status = h('span.status', { role: 'status' });
  const logdir = h('span.logdir');
  const sideToggle = h(
    'button.side-toggle',
    {
      type: 'button',
      'aria-controls': 'runs-panel',
      onclick: () => {
        const open = document.body.classList.toggle('side-open');
        sideToggle.setAttribute('aria-expanded', String(open));
      },
    },
    'Runs',
  );
  side.id = 'runs-panel';
  const tabLinks = PANELS.map((p) => h('a.tab', { href: `#/${p.id}`, 'data-tab': p.id }, p.title));
  app.append(
    h('a.skip', { href: '#content', onclick: skipToContent }, 'Skip to content'),
    h('header.top', {}, h('span.brand', {}, 'trainscope'), logdir, sideToggle, status),
    h('nav.tabs', { 'aria-label': 'views' }, ...tabLinks),
    h('div.layout', {}, side, view),
  );

  let current: PanelView | null = null;
  const route = () => {
    const hash = location.hash.replace(/^#\/?/, '');
    const [id, query] = hash.split('?');
    if (id === 'content') return;
    const panel = PANELS.find((p) => p.id === id) ?? PANELS[0];
    current?.destroy();
    clear(view);
    for (const a of tabLinks) {
      const on = a.dataset.tab === panel.id;
      a.classList.toggle('active', on);
      if (on) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    view.dataset.panel = panel.id;
    document.title = `${panel.title} · ${snapshot ? `report · ${snapshot.title}` : 'trainscope board'}`;
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
    logdir.textContent = snapshot
      ? `report · ${snapshot.title}${snapshot.contents ? ` · ${snapshot.contents}` : ''} · ${snapshot.createdAt}`
      : runs.logdir;
    return changed;
  };
  state.onChange(() => renderSidebar(side, state));
  state.onSort(() => renderSidebar(side, state));
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

/** The skip link moves focus into the view without changing the route. */
function skipToContent(e: Event): void {
  e.preventDefault();
  document.getElementById('content')?.focus();
}

start().catch((e) => {
  document.body.append(h('pre.fatal', {}, `The board could not start: ${e?.message ?? e}`));
});
