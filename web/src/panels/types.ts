import type { Api } from '../api.js';
import type { AppState } from '../state.js';

export interface PanelContext {
  api: Api;
  state: AppState;
  /** Query of the hash route (#/view?tag=…&run=…). */
  params: URLSearchParams;
  navigate(view: string, params?: Record<string, string>): void;
}

export interface PanelView {
  /** New data arrived for these runs (live updates). */
  refresh(changed: Set<string>): void;
  destroy(): void;
}

/** A dashboard view: registered once in panels/index.ts, mounted when its tab is opened. */
export interface Panel {
  id: string;
  title: string;
  mount(el: HTMLElement, ctx: PanelContext): PanelView;
}
