/** Module resolution hooks (see no-queue-libs.ts): the queue's libraries cannot be imported. */
const DENIED = ['bullmq', 'ioredis'];

type Next = (specifier: string, context: unknown) => Promise<unknown>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<unknown> {
  if (DENIED.some((d) => specifier === d || specifier.startsWith(`${d}/`)))
    throw new Error(`${specifier} was imported, but this process must not need the queue's libraries`);
  return next(specifier, context);
}
