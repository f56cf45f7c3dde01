import { ConfigError } from '../config/index.js';

export interface JobSettings {
  /** Seconds without a heartbeat before another worker takes a running job (VIGIL_JOB_LEASE_SECONDS, 10 to 3600). */
  leaseSeconds: number;
  /** Milliseconds between looks at an empty queue (VIGIL_JOB_POLL_MS, 50 to 60000). */
  pollMs: number;
}

export function jobSettings(env: NodeJS.ProcessEnv = process.env): JobSettings {
  return { leaseSeconds: whole(env, 'VIGIL_JOB_LEASE_SECONDS', 60, 10, 3600), pollMs: whole(env, 'VIGIL_JOB_POLL_MS', 1000, 50, 60_000) };
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}
