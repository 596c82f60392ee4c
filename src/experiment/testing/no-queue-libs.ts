import { register } from 'node:module';

/**
 * `node --import …/no-queue-libs.js`: a process (and the children it forks, which inherit the
 * flag) in which importing the queue's libraries (BullMQ, ioredis) fails, as on a machine
 * where only the local mode is meant to run.
 */
register('./no-queue-libs-hooks.js', import.meta.url);
