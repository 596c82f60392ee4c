/**
 * What the user has chosen (ticked runs, the run filter, seeds grouped or not) and what the
 * server last said (runs), with change listeners. Charts draw the *shown* runs: ticked and
 * matching the filter. Colours come from the server, so the report and the board agree.
 */
import type { RunSummary, RunsResponse } from '../../src/board/api-types.js';
import { runFilter } from './filter.js';
import type { SortOrder } from './seeds.js';

/** Seeds of one configuration, drawn as one mean line with a band. */
export interface RunGroup {
  key: string;
  label: string;
  color: string;
  runs: RunSummary[];
}

export class AppState {
  runs: RunSummary[] = [];
  differing: string[] = [];
  logdir = '';
  selected = new Set<string>();
  filter = '';
  groupSeeds = false;
  /** Parents whose counterfactual runs (or configurations whose seeds) the sidebar lists. */
  expanded = new Set<string>();
  /** The runs table's order; the sidebar's grouped list follows it. */
  sort: SortOrder = { column: 'run', dir: 1 };
  private sortListeners = new Set<() => void>();
  private byName = new Map<string, RunSummary>();
  private listeners = new Set<() => void>();
  private initialised = false;

  /** Apply a fresh runs response; returns the runs whose data changed (new runs included). */
  update(r: RunsResponse): Set<string> {
    const before = new Map(this.runs.map((x) => [x.name, x.version]));
    const changed = new Set<string>();
    for (const run of r.runs) {
      if (before.get(run.name) !== run.version) changed.add(run.name);
      // new runs start ticked, as in TensorBoard; the doctor's counterfactual runs start
      // unticked (they are shown with the run they explain)
      if (!before.has(run.name) && run.parent === undefined) this.selected.add(run.name);
    }
    const gone = [...before.keys()].some((n) => !r.runs.some((x) => x.name === n));
    const added = r.runs.some((x) => !before.has(x.name));
    const stateChanged = r.runs.some((x) => {
      const old = this.byName.get(x.name);
      return old && (old.state !== x.state || old.finished !== x.finished || old.cause !== x.cause);
    });
    this.runs = r.runs;
    this.byName = new Map(r.runs.map((x) => [x.name, x]));
    this.differing = r.differing;
    this.logdir = r.logdir;
    for (const n of [...this.selected]) if (!this.byName.has(n)) this.selected.delete(n);
    // membership (and health) changes re-render views; new data alone only refreshes charts
    if (added || gone || stateChanged || !this.initialised) this.emit();
    this.initialised = true;
    return changed;
  }

  get(name: string): RunSummary | undefined {
    return this.byName.get(name);
  }

  /** How a run is named in legends: a counterfactual run by its change (`explain · init → he_uniform`). */
  label(run: string): string {
    const r = this.byName.get(run);
    return r?.parent !== undefined ? `explain · ${r.counterfactual ?? run.slice(r.parent.length + 1)}` : run;
  }

  color(run: string): string {
    return this.byName.get(run)?.color ?? '#888';
  }

  topLevel(): RunSummary[] {
    return this.runs.filter((r) => r.parent === undefined);
  }

  children(parent: string): RunSummary[] {
    return this.runs.filter((r) => r.parent === parent);
  }

  matches(r: RunSummary): boolean {
    return runFilter(this.filter)(r);
  }

  /** Top-level runs that match the filter (a parent also matches when one of its children does). */
  visibleTop(): RunSummary[] {
    const keep = runFilter(this.filter);
    return this.topLevel().filter((r) => keep(r) || this.children(r.name).some(keep));
  }

  /** What charts draw: ticked runs that match the filter, parents before their children. */
  shownRuns(): RunSummary[] {
    const keep = runFilter(this.filter);
    return this.runs.filter((r) => this.selected.has(r.name) && keep(r));
  }

  /** The shown runs as groups: seeds of one configuration together when grouping is on, else one run each. */
  shownGroups(): RunGroup[] {
    const shown = this.shownRuns();
    if (!this.groupSeeds)
      return shown.map((r) => ({ key: r.name, label: r.name, color: r.color, runs: [r] }));
    const groups = new Map<string, RunGroup>();
    for (const r of shown) {
      const key = r.parent === undefined && r.group ? `group:${r.group}` : r.name;
      const g = groups.get(key) ?? {
        key,
        label: r.parent === undefined && r.group ? r.group : this.label(r.name),
        color: r.parent === undefined && r.group ? this.groupColor(r.group) : r.color,
        runs: [],
      };
      g.runs.push(r);
      groups.set(key, g);
    }
    return [...groups.values()];
  }

  /**
   * A configuration's colour: its first run's in the list, whichever seeds are ticked, so the
   * charts, the run list and the runs table agree.
   */
  groupColor(group: string): string {
    return this.topLevel().find((r) => r.group === group)?.color ?? '#888';
  }

  /** True when some configuration has several seeds among the runs. */
  hasSeedGroups(): boolean {
    const seen = new Set<string>();
    for (const r of this.topLevel()) {
      if (!r.group) continue;
      if (seen.has(r.group)) return true;
      seen.add(r.group);
    }
    return false;
  }

  setSelected(run: string, on: boolean): void {
    if (on) this.selected.add(run);
    else this.selected.delete(run);
    this.emit();
  }

  /** Tick or untick every run that matches the filter (top-level ones; counterfactual runs stay as they are). */
  setAll(on: boolean): void {
    for (const r of this.visibleTop()) {
      if (on) this.selected.add(r.name);
      else this.selected.delete(r.name);
    }
    this.emit();
  }

  /** Tick or untick several runs at once (the seeds of one configuration). */
  setSelectedMany(runs: string[], on: boolean): void {
    for (const r of runs) {
      if (on) this.selected.add(r);
      else this.selected.delete(r);
    }
    this.emit();
  }

  /** Only the run list and the runs table follow the order: no chart re-renders. */
  setSort(sort: SortOrder): void {
    this.sort = sort;
    for (const fn of this.sortListeners) fn();
  }

  onSort(fn: () => void): () => void {
    this.sortListeners.add(fn);
    return () => this.sortListeners.delete(fn);
  }

  setFilter(q: string): void {
    this.filter = q;
    this.emit();
  }

  setGroupSeeds(on: boolean): void {
    this.groupSeeds = on;
    this.emit();
  }

  /** Only the run list shows this: no views re-render. */
  toggleExpanded(parent: string): void {
    if (this.expanded.has(parent)) this.expanded.delete(parent);
    else this.expanded.add(parent);
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
