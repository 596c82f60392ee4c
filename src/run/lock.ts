import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The run lock: one writer per run directory, across processes and machines that share the
 * logdir. The lock is a file beside the run, `<runDir>.lock` (so it can be taken before the run
 * directory exists, and survives a run being started afresh), created exclusively and holding
 * its owner:
 *
 *     { "host": "vm-3", "pid": 4242, "token": "…", "since": "2026-…Z", "beat": 17 }
 *
 * The owner rewrites it every `beatMs` with `beat + 1`. A lock is stale when its owner is on this
 * host and its pid is gone (seen at once), or when its beat has not moved for `staleMs` (another
 * host: no clock is compared, only whether the file changes). A stale lock is taken over.
 * Taking a lock the calling process already holds succeeds (nested: released by the outermost).
 */
export interface LockOwner {
  host: string;
  pid: number;
  token: string;
  since: string;
  beat: number;
}

export interface RunLock {
  path: string;
  owner: LockOwner;
  /** Remove the lock if it is still ours; stop the heartbeat. */
  release(): void;
}

export type LockAttempt = { kind: 'acquired'; lock: RunLock } | { kind: 'busy'; holder: LockOwner };

export interface LockOptions {
  /** Heartbeat period (default 2 s). */
  beatMs?: number;
  /** A beat unchanged this long means the owner is gone (default 10 s). */
  staleMs?: number;
  /** Called if another process took the lock over (this one was thought dead): stop writing. */
  onLost?: (by: LockOwner | undefined) => void;
}

export const LOCK_SUFFIX = '.lock';

export function lockPathOf(runDir: string): string {
  return `${runDir.replace(/[\\/]+$/, '')}${LOCK_SUFFIX}`;
}

/** `pid 4242 on vm-3 since 2026-…Z`, for messages. */
export function describeOwner(o: LockOwner): string {
  return `pid ${o.pid} on ${o.host} since ${o.since}`;
}

/** Locks this process holds: path → [lock, depth]. */
const held = new Map<string, { lock: RunLock; depth: number }>();

/** Take the run's lock, or say who holds it. Waits at most `staleMs` (an owner on another host). */
export async function acquireRunLock(runDir: string, opts: LockOptions = {}): Promise<LockAttempt> {
  const path = lockPathOf(runDir);
  const mine = held.get(path);
  if (mine) {
    mine.depth++;
    return { kind: 'acquired', lock: { ...mine.lock, release: () => mine.lock.release() } };
  }
  const beatMs = opts.beatMs ?? 2000;
  const staleMs = opts.staleMs ?? 10_000;
  // The lock sits beside the run directory, so a nested run name (`grid/a/b`) needs its parent first.
  mkdirSync(dirname(path), { recursive: true });
  let tookOver = false;
  for (;;) {
    const owner: LockOwner = {
      host: hostname(),
      pid: process.pid,
      token: randomUUID(),
      since: new Date().toISOString(),
      beat: 0,
    };
    if (create(path, owner)) {
      // After a takeover, several processes may have raced for the stale lock; a slow one can put
      // back a lock it moved aside. Whoever still finds their own token after a while has it.
      if (tookOver) {
        await sleep(Math.min(beatMs, 1000));
        if (readOwner(path)?.token !== owner.token) continue;
      }
      return { kind: 'acquired', lock: hold(path, owner, beatMs, opts.onLost) };
    }
    const holder = readOwner(path);
    if (!holder) continue; // released in the meantime: try again
    if (!(await isStale(path, holder, beatMs, staleMs))) return { kind: 'busy', holder };
    takeOver(path, holder);
    tookOver = true;
  }
}

function create(path: string, owner: LockOwner): boolean {
  try {
    writeFileSync(path, JSON.stringify(owner), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * The lock file's owner, or undefined when there is none. A file that is not a lock (cut by a
 * kill while being created) gets an owner on no host whose "beat" is its text: it goes stale
 * like any silent owner.
 */
export function readOwner(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    if (typeof o?.token === 'string' && typeof o.pid === 'number' && typeof o.beat === 'number') return o;
  } catch {
    // fall through: not a lock
  }
  return {
    host: '(unreadable lock file)',
    pid: 0,
    token: `unreadable:${text.slice(0, 200)}`,
    since: '',
    beat: 0,
  };
}

async function isStale(path: string, holder: LockOwner, beatMs: number, staleMs: number): Promise<boolean> {
  // Our own pid but not held by us: left by an earlier process that had the same pid.
  if (holder.host === hostname()) return holder.pid === process.pid || !processAlive(holder.pid);
  const until = Date.now() + staleMs;
  while (Date.now() < until) {
    await sleep(Math.max(20, Math.min(beatMs / 2, until - Date.now())));
    const now = readOwner(path);
    if (!now || now.token !== holder.token || now.beat !== holder.beat) return false;
  }
  return true;
}

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove a stale lock so that `create` can be tried again. The file is first renamed to a name of
 * our own, so of several processes taking over the same stale lock only one removes it; if what
 * we renamed turns out to be a fresh lock (someone took over first), it is put back.
 */
function takeOver(path: string, stale: LockOwner): void {
  const aside = `${path}.${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (readOwner(aside)?.token !== stale.token) {
    try {
      linkSync(aside, path);
    } catch {
      // another lock exists already: the one we moved lost the race; nothing to restore
    }
  }
  unlinkSync(aside);
}

function hold(path: string, owner: LockOwner, beatMs: number, onLost?: LockOptions['onLost']): RunLock {
  let released = false;
  const stillOurs = () => readOwner(path)?.token === owner.token;
  const timer = setInterval(() => {
    if (!stillOurs()) {
      clearInterval(timer);
      held.delete(path);
      process.off('exit', releaseOnExit);
      onLost?.(readOwner(path));
      return;
    }
    owner.beat++;
    const tmp = `${path}.${owner.token}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(owner));
      renameSync(tmp, path);
    } catch {
      // A full or read-only disk: the run itself will say so where it writes; a missed beat only
      // lets another host think this owner silent (on this host the pid decides).
      try {
        unlinkSync(tmp);
      } catch {}
    }
  }, beatMs);
  timer.unref();
  const release = () => {
    const entry = held.get(path);
    if (entry && --entry.depth > 0) return;
    if (released) return;
    released = true;
    clearInterval(timer);
    held.delete(path);
    process.off('exit', releaseOnExit);
    if (stillOurs()) unlinkSync(path);
  };
  // process.exit() (a parent gone, a fatal error) skips finally blocks; the lock goes anyway.
  const releaseOnExit = () => {
    try {
      release();
    } catch {
      // exiting: a lock left behind is taken over as stale
    }
  };
  process.on('exit', releaseOnExit);
  const lock: RunLock = { path, owner, release };
  held.set(path, { lock, depth: 1 });
  return lock;
}
