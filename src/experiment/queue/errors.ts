import type { EventEmitter } from 'node:events';

/**
 * Report a BullMQ object's connection errors as one line each, at most once a minute per kind:
 * ioredis keeps reconnecting by itself, and a worker rides out a Redis restart.
 */
export function reportConnectionErrors(
  emitter: EventEmitter,
  shown: string,
  log: (line: string) => void,
): void {
  const lastSaid = new Map<string, number>();
  emitter.on('error', (e: Error) => {
    const key = (e as NodeJS.ErrnoException).code ?? e.message;
    const now = Date.now();
    if (now - (lastSaid.get(key) ?? 0) < 60_000) return;
    lastSaid.set(key, now);
    log(`  warning: Redis at ${shown}: ${e.message.split('\n')[0]} (retrying)`);
  });
}
