import { existsSync, statSync } from 'node:fs';
import { LogdirProvider } from '../board/logdir-provider.js';
import { createBoardServer, listen } from '../board/server.js';
import { defaultStaticDir } from '../board/static.js';
import { UserError } from '../errors.js';
import { parseCount, parseFlags, printHelp } from './args.js';
import type { Command } from './command.js';

const HELP = `Usage: trainscope board [LOGDIR] [--port 6006] [--host 127.0.0.1]

Serve the dashboard over a log directory (default: runs/): each run's health first (the
verdict, its cause, the numbers that prove it, the counterfactual runs of doctor --explain
nested under their run), then runs table, scalars, histograms, distributions, per-label table,
findings, hyperparameters, run comparison. Works on any TensorBoard log directory; runs, steps
and the doctor's findings appear while they train. Read-only: to explain a run, the board shows
the command (trainscope doctor RUN --explain).

Options:
  --port N      port to listen on (default 6006; 0 picks a free one)
  --host ADDR   address to bind (default 127.0.0.1). Anything else exposes your runs to the
                network: only with an explicit --host, and a warning.`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const command: Command = {
  async run(argv) {
    if (printHelp(argv, HELP)) return 0;
    const parsed = parseFlags('board', argv, { port: { type: 'string' }, host: { type: 'string' } });
    const { values, positionals } = parsed;
    if (positionals.length > 1)
      throw new UserError('expected at most one LOGDIR (see trainscope board --help)');
    const logdir = positionals[0] ?? 'runs';
    if (!existsSync(logdir) || !statSync(logdir).isDirectory()) {
      throw new UserError(
        `${logdir}: no such log directory (train a run first, or pass the directory holding your runs)`,
      );
    }
    const port = parseCount('--port', values.port, 6006, 0, 65535);
    const host = values.host ?? '127.0.0.1';
    if (!LOOPBACK.has(host)) {
      console.error(
        `trainscope board: warning: binding ${host}: anyone who can reach this address can read the runs in ${logdir}`,
      );
    }
    const staticDir = defaultStaticDir();
    if (!existsSync(`${staticDir}/index.html`))
      throw new UserError(`the dashboard is not built (${staticDir}); run npm run build`);
    const provider = new LogdirProvider(logdir);
    await provider.refresh(true);
    const server = createBoardServer({
      provider,
      staticDir,
      allowedHosts: LOOPBACK.has(host) ? ['127.0.0.1', 'localhost', '::1'] : [],
    });
    let url: string;
    try {
      url = await listen(server, port, host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new UserError(`port ${port} is in use (another board?); try --port ${port + 1}`);
      if (code === 'EADDRNOTAVAIL') throw new UserError(`--host ${host}: not an address of this machine`);
      throw e;
    }
    const runs = await provider.listRuns();
    console.log(`trainscope board: ${runs.length} run(s) in ${logdir} at ${url}/ (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
