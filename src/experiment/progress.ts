import type { PoolEvent } from './pool.js';

/**
 * Counts and ETA of a running grid. The ETA counts work in epochs (every trial's `epochs`), so a
 * grid whose trials have different lengths still gets a sensible estimate; it is the remaining
 * epochs divided by the epochs-per-second achieved so far over all workers.
 */
export class ProgressTracker {
  private readonly started: number;
  private readonly epochsOf = new Map<string, number>();
  private readonly current = new Map<string, number>();
  /** Queue mode: which worker runs each running trial (host:pid). */
  private readonly workerOf = new Map<string, string>();
  private finishedEpochs = 0;
  done = 0;
  failed = 0;

  constructor(
    trials: { name: string; config: { epochs?: number } }[],
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    for (const t of trials) this.epochsOf.set(t.name, t.config.epochs ?? 10);
  }

  get total(): number {
    return this.epochsOf.size;
  }

  get running(): number {
    return this.current.size;
  }

  get queued(): number {
    return this.total - this.done - this.failed - this.running;
  }

  update(e: PoolEvent): void {
    const name = e.trial.name;
    if ((e.type === 'start' || e.type === 'progress') && e.worker) this.workerOf.set(name, e.worker);
    if (e.type === 'start') this.current.set(name, this.current.get(name) ?? 0);
    else if (e.type === 'progress') this.current.set(name, e.epoch);
    else if (e.type === 'requeued' || e.type === 'waiting') {
      this.current.delete(name);
      this.workerOf.delete(name);
    } else {
      this.current.delete(name);
      this.workerOf.delete(name);
      this.finishedEpochs += this.epochsOf.get(name) ?? 0;
      if (e.type === 'done') this.done++;
      else this.failed++;
    }
  }

  /** Seconds left, or null before any epoch has finished. */
  eta(): number | null {
    const total = [...this.epochsOf.values()].reduce((a, b) => a + b, 0);
    const progressed = this.finishedEpochs + [...this.current.values()].reduce((a, b) => a + b, 0);
    const elapsed = (this.now() - this.started) / 1000;
    if (progressed <= 0 || elapsed <= 0) return null;
    return ((total - progressed) * elapsed) / progressed;
  }

  line(): string {
    const eta = this.eta();
    const hosts = new Set(this.workerOf.values()).size;
    const on = hosts > 0 ? ` on ${hosts} worker${hosts === 1 ? '' : 's'}` : '';
    const parts = [`${this.done}/${this.total} done`, `${this.running} running${on}`];
    if (this.failed) parts.push(`${this.failed} failed`);
    if (this.queued > 0) parts.push(`${this.queued} queued`);
    return `${parts.join(', ')} · ETA ${eta === null ? '…' : formatDuration(eta)}`;
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Print progress: finished and failed trials as permanent lines; on a terminal, a status line
 * redrawn in place (done/running/failed, ETA); elsewhere (CI logs), no redraws.
 */
export function progressPrinter(
  tracker: ProgressTracker,
  out: NodeJS.WriteStream = process.stderr,
): { onEvent: (e: PoolEvent) => void; close: () => void } {
  const tty = out.isTTY === true;
  let lastDraw = 0;
  /** trial → the holder last reported for it: a trial retried while it waits is said once. */
  const waitingFor = new Map<string, string>();
  const clear = () => {
    if (tty) out.write('\r\x1b[K');
  };
  const draw = (force = false) => {
    if (!tty) return;
    const now = Date.now();
    if (!force && now - lastDraw < 250) return;
    lastDraw = now;
    const cols = out.columns || 100;
    out.write(`\r\x1b[K${tracker.line().slice(0, cols - 1)}`);
  };
  return {
    onEvent(e) {
      tracker.update(e);
      if (e.type === 'done' || e.type === 'failed') {
        clear();
        const tag = e.type === 'done' ? 'done  ' : 'FAILED';
        const note = e.type === 'done' && e.note ? `, ${e.note}` : '';
        out.write(`  ${tag} ${e.trial.name} (${formatDuration(e.seconds)}${note})\n`);
        if (e.type === 'failed') out.write(`         ${e.error.split('\n').join('\n         ')}\n`);
        if (!tty) out.write(`  ${tracker.line()}\n`);
        draw(true);
      } else if (e.type === 'requeued') {
        clear();
        out.write(`  queued ${e.trial.name} again: ${e.reason}\n`);
        draw(true);
      } else if (e.type === 'waiting') {
        if (waitingFor.get(e.trial.name) === e.holder) return;
        waitingFor.set(e.trial.name, e.holder);
        clear();
        out.write(`  waiting ${e.trial.name}: another process is training it (run locked by ${e.holder})\n`);
        draw(true);
      } else draw(e.type === 'start');
    },
    close() {
      clear();
    },
  };
}
