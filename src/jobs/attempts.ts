import { Job } from 'bullmq';

/** Whether a failure of this run of the job is final (no retry follows). */
export const isLastAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
