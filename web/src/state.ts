/** What the user has chosen (selected runs) and what the server last said (runs), with change listeners. */
import type { RunSummary, RunsResponse } from '../../src/board/api-types.js';
import { colorAt } from './colors.js';

export class AppState {
  runs: RunSummary[] = [];
  differing: string[] = [];
  logdir = '';
  selected = new Set<string>();
  private colors = new Map<string, string>();
  private listeners = new Set<() => void>();
  private initialised = false;

  /** Apply a fresh runs response; returns the runs whose data changed (new runs included). */
  update(r: RunsResponse): Set<string> {
    const before = new Map(this.runs.map((x) => [x.name, x.version]));
    const changed = new Set<string>();
    for (const run of r.runs) {
      if (before.get(run.name) !== run.version) changed.add(run.name);
      if (!this.colors.has(run.name)) this.colors.set(run.name, colorAt(this.colors.size));
      // new runs start selected while few are shown, as TensorBoard does; the doctor's short
      // counterfactual runs (`<run>/explain/…`) start unselected, so they do not crowd the charts
      const counterfactual = /(^|\/)explain\//.test(run.name);
      const room = !this.initialised ? r.runs.indexOf(run) < 8 : this.selected.size < 8;
      if (!before.has(run.name) && !counterfactual && room) {
        this.selected.add(run.name);
      }
    }
    this.initialised = true;
    const gone = [...before.keys()].some((n) => !r.runs.some((x) => x.name === n));
    const added = r.runs.some((x) => !before.has(x.name));
    this.runs = r.runs;
    this.differing = r.differing;
    this.logdir = r.logdir;
    // membership changes re-render views; new data alone only refreshes charts (see main.ts)
    if (added || gone) this.emit();
    return changed;
  }

  color(run: string): string {
    return this.colors.get(run) ?? '#888';
  }

  selectedRuns(): RunSummary[] {
    return this.runs.filter((r) => this.selected.has(r.name));
  }

  setSelected(run: string, on: boolean): void {
    if (on) this.selected.add(run);
    else this.selected.delete(run);
    this.emit();
  }

  setAll(on: boolean): void {
    this.selected = on ? new Set(this.runs.map((r) => r.name)) : new Set();
    this.emit();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
