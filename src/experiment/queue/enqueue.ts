import type { Queue } from 'bullmq';
import { UserError } from '../../errors.js';
import { VERSION } from '../../version.js';
import type { Trial } from '../grid.js';
import { firstDifference } from '../status.js';
import { foreignJob, JOB_NAME, JOB_OPTIONS, jobId, PROTOCOL, QUEUE_NAME, type TrialJob } from './jobs.js';

export interface ExperimentRef {
  id: string;
  name: string;
  /** Host and logdir the experiment runs from (for workers' messages). */
  from: string;
}

/**
 * Refuse to share a queue with unfinished jobs of another trainscope version (or that are not
 * trainscope trials at all): workers of one version must never train the other's trials.
 */
export async function checkQueueVersions(queue: Queue, shown: string): Promise<void> {
  const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized'], 0, 999);
  const foreign = new Map<string, number>();
  for (const job of jobs) {
    const why = job && foreignJob(job.data);
    if (why) foreign.set(why, (foreign.get(why) ?? 0) + 1);
  }
  const [first] = foreign;
  if (first) {
    throw new UserError(
      `the queue '${QUEUE_NAME}' at ${shown} holds ${first[1]} unfinished job(s) that this trainscope cannot share: ${first[0]}; let workers of that version finish them, or use another Redis database (…/1)`,
    );
  }
}

export function trialJob(trial: Trial, exp: ExperimentRef): TrialJob {
  const { logdir: _logdir, name: _name, ...config } = trial.config;
  return {
    trainscope: VERSION,
    protocol: PROTOCOL,
    experiment: exp.name,
    experimentId: exp.id,
    trial: trial.name,
    config,
    from: exp.from,
  };
}

/**
 * Put every given trial on the queue once. A trial whose job is still waiting, delayed or
 * running (an earlier `experiment` was interrupted, its workers carried on) keeps that job; a
 * finished job record of an unfinished trial (failed, or its run deleted) is replaced.
 */
export async function enqueueTrials(
  queue: Queue,
  trials: Trial[],
  exp: ExperimentRef,
): Promise<{ added: Trial[]; already: Trial[] }> {
  const added: Trial[] = [];
  const already: Trial[] = [];
  const jobs = [];
  for (const trial of trials) {
    const id = jobId(exp.id, trial.name);
    const data = trialJob(trial, exp);
    const job = await queue.getJob(id);
    if (job) {
      const state = await job.getState();
      const before = (job.data as Partial<TrialJob>).config ?? {};
      const diff = firstDifference(before as Record<string, unknown>, data.config as Record<string, unknown>);
      const finished = state === 'completed' || state === 'failed' || state === 'unknown';
      if (!finished && !diff) {
        already.push(trial);
        continue;
      }
      if (state === 'active' && diff) {
        throw new UserError(
          `trial ${trial.name} is being trained by a worker with ${diff}; wait for it to finish, or use another --name`,
        );
      }
      await job.remove();
    }
    jobs.push({ name: JOB_NAME, data, opts: { ...JOB_OPTIONS, jobId: id } });
    added.push(trial);
  }
  if (jobs.length) await queue.addBulk(jobs);
  return { added, already };
}
