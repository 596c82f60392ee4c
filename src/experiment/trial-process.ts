import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrainConfigInput } from '../run/config.js';
import type { FromChild, ToChild, TrialProgress, TrialResult } from './protocol.js';

/** How a trial's child process ended: it answered with a result or an error, or it died. */
export type ChildOutcome = { seconds: number } & (
  | { status: 'result'; result: TrialResult }
  | { status: 'failed'; error: string }
  | { status: 'died'; how: string }
);

export interface TrialProcess {
  pid: number;
  /** Settles once the child has exited (never rejects). */
  outcome: Promise<ChildOutcome>;
  kill(signal?: NodeJS.Signals): void;
}

const CHILD = fileURLToPath(new URL('./trial-child.js', import.meta.url));
export const DEFAULT_RUNNER = new URL('./train-runner.js', import.meta.url).href;

/**
 * Run one trial in a fresh child process: `runner` is the module that trains it (default:
 * train()); `claim` asks the child to claim the run first (protocol.ts). Progress arrives through
 * `onProgress`; the outcome says what the child answered, or how it died (exit code or signal,
 * with the tail of its stderr).
 */
export function startTrial(
  trial: string,
  config: TrainConfigInput,
  onProgress: (p: TrialProgress) => void,
  runner: string = DEFAULT_RUNNER,
  claim?: ToChild['claim'],
): TrialProcess {
  const started = Date.now();
  const child = fork(CHILD, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  let answer: FromChild | undefined;
  child.on('message', (raw) => {
    const msg = raw as FromChild;
    if (msg.type === 'progress') onProgress({ epoch: msg.epoch, epochs: msg.epochs });
    else answer = msg;
  });
  const outcome = new Promise<ChildOutcome>((resolve) => {
    let settled = false;
    const settle = (code: number | null, sig: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      const seconds = (Date.now() - started) / 1000;
      if (answer?.type === 'result') return resolve({ status: 'result', result: answer.result, seconds });
      if (answer?.type === 'failed') return resolve({ status: 'failed', error: answer.error, seconds });
      const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      resolve({ status: 'died', how: `${how}${tail ? `: ${tail}` : ''}`, seconds });
    };
    child.on('exit', settle);
    child.on('error', (e) => {
      stderr += `\n${e.message}`;
      settle(null, null);
    });
  });
  const msg: ToChild = { type: 'run', trial, config, runner, ...(claim ? { claim } : {}) };
  child.send(msg);
  return {
    pid: child.pid ?? -1,
    outcome,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
