import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import { MAX_WORKERS } from '../experiment/grid-file.js';
import { DEFAULT_LOCK_SECONDS } from '../experiment/queue/jobs.js';
import { PASSWORD_ENV, parseQueueUrl } from '../experiment/queue/url.js';
import { startQueueWorker } from '../experiment/queue/worker.js';
import { flagNumber, parseCount, printHelp, userArgs } from './args.js';
import type { Command } from './command.js';

const HELP = `Usage: trainscope worker --queue URL [--logdir DIR] [--concurrency N] [options]

Train trials queued by \`trainscope experiment GRID --queue URL\`, on this machine, until stopped
(Ctrl-C or SIGTERM: running trials go back to the queue and resume elsewhere from their last
checkpoint). Start one worker per machine that sees the experiment's log directory (a shared
disk); each trial is an ordinary run in LOGDIR/<experiment>/<trial>, trained in its own process.
A worker that dies (killed, machine gone) is noticed by the others after --lock-seconds, and its
trials are resumed by another worker. A trial that fails (bad data, bad configuration) fails
once, with its message, in the experiment's table.

Options:
  --queue URL            the queue: redis://[:password@]host[:port][/db], or rediss://… for TLS
                         (the password may also come from ${PASSWORD_ENV}; a private CA
                         from NODE_EXTRA_CA_CERTS=ca.pem)
  --logdir DIR           where this machine sees the shared log directory (default: runs)
  --concurrency N        trials trained at once (default: 1)
  --threads N            engine threads per trial (default: cores / concurrency, ${availableParallelism()} cores here)
  --lock-seconds S       how long a trial's lock lives without renewal: a lost worker's trials
                         move on after S to 2×S seconds (default: ${DEFAULT_LOCK_SECONDS})

Example (two machines sharing /mnt/runs, Redis on host q):
  trainscope worker --queue redis://:secret@q:6379 --logdir /mnt/runs --concurrency 2`;

const positiveInt = (flag: string, text: string | undefined, fallback: number) =>
  parseCount(flag, text, fallback, 1, MAX_WORKERS);

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const { values: v, positionals } = userArgs('worker', () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          queue: { type: 'string' },
          logdir: { type: 'string' },
          concurrency: { type: 'string' },
          threads: { type: 'string' },
          'lock-seconds': { type: 'string' },
        },
      }),
    );
    if (positionals.length)
      throw new UserError(`unexpected argument '${positionals[0]}' (see trainscope worker --help)`);
    if (v.queue === undefined) throw new UserError('--queue URL is required (see trainscope worker --help)');
    const target = parseQueueUrl(v.queue);
    const concurrency = positiveInt('--concurrency', v.concurrency, 1);
    const threads = positiveInt(
      '--threads',
      v.threads,
      Math.max(1, Math.floor(availableParallelism() / concurrency)),
    );
    const lockSeconds =
      v['lock-seconds'] === undefined ? DEFAULT_LOCK_SECONDS : flagNumber(v['lock-seconds']);
    if (!(lockSeconds >= 0.5 && lockSeconds <= 3600)) {
      throw new UserError(
        `--lock-seconds: expected a number of seconds from 0.5 to 3600, got '${v['lock-seconds']}'`,
      );
    }
    const logdir = v.logdir ?? 'runs';
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const worker = await startQueueWorker({ target, logdir, concurrency, threads, lockSeconds, log });
    log(
      `worker ${worker.name}: taking trials from ${target.shown} into ${logdir} (${concurrency} at a time, ${threads} engine thread(s) each); Ctrl-C to stop`,
    );
    let signals = 0;
    let code = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      if (++signals > 1) process.exit(130);
      // Ctrl-C is an interruption (130); SIGTERM is how a service manager stops a worker (0).
      code = sig === 'SIGINT' ? 130 : 0;
      log(`${sig}: stopping; running trials go back to the queue (again to quit at once)`);
      void worker.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const { error } = await worker.stopped;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (error) throw error;
    return code;
  },
};
