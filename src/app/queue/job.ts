import { createHash } from 'node:crypto';
import type { CheckTarget } from '../read-change.ts';

/**
 * One unit of work, as plain data: it travels through Redis (BullMQ) to any replica, which
 * authenticates as the installation itself. Jobs of one lane (a pull request, a merge group)
 * run one at a time.
 */
export interface CheckJob {
  kind: 'check' | 'apply-fixes';
  installationId: number;
  target: CheckTarget;
  /** apply-fixes: who asked (the payload's sender), checked for write access. */
  sender?: string;
  /** apply-fixes: the repository's default branch, never committed to. */
  defaultBranch?: string;
  /** Serialisation key, e.g. "owner/repo#12" or "owner/repo:merge_group:<ref>". */
  lane: string;
  /**
   * Which run this is, besides name and head SHA: "push" for the head's own run (opened,
   * synchronize), "delivery:<id>" for an explicit request (re-run, reopened, Apply fixes).
   */
  runKey: string;
  /** Work on a newly pushed head: dropped (never started) when it is no longer the pull request's head. */
  supersedes: boolean;
  deliveryId: string;
  event: string;
}

/** The job's id: one job per lane, head SHA, kind and run key, whichever replica or delivery adds it. */
export function jobId(job: Pick<CheckJob, 'kind' | 'lane' | 'runKey' | 'target'>): string {
  const digest = createHash('sha256').update(`${job.kind}\n${job.lane}\n${job.target.headSha}\n${job.runKey}`).digest('hex').slice(0, 32);
  return `${job.kind}-${digest}`;
}

export function pullLane(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`;
}

export function mergeGroupLane(owner: string, repo: string, headRef: string): string {
  return `${owner}/${repo}:merge_group:${headRef}`;
}

/** Who handles jobs in this process. */
export interface JobQueue {
  /** Add the job unless one with the same id is waiting or running. */
  add: (job: CheckJob) => Promise<'added' | 'duplicate'>;
  /** Stop taking jobs; finish or hand back the running ones within the grace period. */
  drain: (graceMs: number) => Promise<void>;
  /** Resolves when no job is waiting or running (tests, the embedded shutdown). */
  idle: () => Promise<void>;
  stats: () => Promise<QueueStats>;
  /** Jobs that exhausted their attempts, as the operator sees them. */
  deadLetters: () => Promise<DeadLetter[]>;
  /** Put dead letters whose last error was retryable back on the queue (the sweep "retries later"). */
  redrive: (maxAgeMs: number) => Promise<number>;
  close: () => Promise<void>;
}

export interface QueueStats {
  waiting: number;
  active: number;
  delayed: number;
  dead: number;
  /** Lanes (pull requests) with work. */
  busyLanes: number;
}

export interface DeadLetter {
  job: CheckJob;
  reason: string;
  retryable: boolean;
  attempts: number;
  at: string;
}
