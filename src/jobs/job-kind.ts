import type { Static, TSchema } from 'typebox';
import { JobPayloadError } from './job-errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the job is parked. */
  attempts: number;
  /** Delay before the first retry; each later retry waits twice as long as the one before. */
  delaySeconds: number;
  maxDelaySeconds: number;
}

/** A kind of job: its name, the schema of its payload, how it is retried, and whether it recurs. */
export interface JobKind<S extends TSchema = TSchema> {
  name: string;
  payload: S;
  retry: RetryPolicy;
  /** One job per subject: while a job with this key is queued or running, sending another returns it. */
  singletonKey?: (payload: Static<S>) => string;
  /** A recurring job, sent (with an empty payload) every so many minutes by whichever worker sees it due. */
  everyMinutes?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, delaySeconds: 30, maxDelaySeconds: 3600 };

const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export function jobKind<S extends TSchema>(kind: Omit<JobKind<S>, 'retry'> & { retry?: Partial<RetryPolicy> }): JobKind<S> {
  if (!NAME.test(kind.name)) throw new Error(`job name "${kind.name}" must be lower-case words joined by dots or dashes`);
  const retry = { ...DEFAULT_RETRY, ...kind.retry };
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) throw new Error(`job ${kind.name}: retry.attempts must be a whole number of at least 1`);
  return { ...kind, retry };
}

/** Seconds to wait before retry number `retry` (1 for the first retry): doubling, capped. */
export function backoffSeconds(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxDelaySeconds, policy.delaySeconds * 2 ** Math.max(0, retry - 1));
}

/**
 * Refuses, before anything is queued, a payload its kind's schema refuses: a bad job found only when a worker
 * takes it would be parked, far from the code that sent it. (Workers check again: a queue on PostgreSQL may be
 * fed by another version of Vigil.)
 */
export async function checkPayload(kind: JobKind, payload: unknown): Promise<void> {
  const problems = await payloadProblems(kind, payload);
  if (problems !== null) throw new JobPayloadError(`a ${kind.name} job's payload does not match its schema: ${problems}`);
}

/**
 * What is wrong with a payload, or null: told by the schema's paths, never the payload's own keys or values
 * (a payload may carry what a source sent, and the message goes to logs and `vigil jobs`).
 */
export async function payloadProblems(kind: JobKind, payload: unknown): Promise<string | null> {
  const { Value } = await import('typebox/value'); // 300 files: loaded by a process that runs or sends jobs, not by every command
  if (Value.Check(kind.payload, payload)) return null;
  return [...Value.Errors(kind.payload, payload)]
    .slice(0, 3)
    .map((e) => `${e.schemaPath} ${e.message}`)
    .join('; ');
}
