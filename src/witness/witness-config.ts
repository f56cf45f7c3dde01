import path from 'node:path';
import { WitnessError } from './witness-errors.js';

/** What `vigil witness` reads from its environment. */
export interface WitnessConfig {
  /** VIGIL_WITNESS_HOME, default ./vigil-witness: the witness's key and memory. */
  dir: string;
  /** VIGIL_SCRYPT_LOG_N, the scrypt work factor of the key file (age's default 18; tests lower it). */
  scryptLogN: number;
}

export function loadWitnessConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): WitnessConfig {
  const dir = env.VIGIL_WITNESS_HOME?.trim() || 'vigil-witness';
  return { dir: path.resolve(cwd, dir), scryptLogN: scryptLogN(env.VIGIL_SCRYPT_LOG_N?.trim() || undefined) };
}

function scryptLogN(value: string | undefined): number {
  if (value === undefined) return 18;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 22) throw new WitnessError(`VIGIL_SCRYPT_LOG_N must be an integer from 10 to 22 (got "${value}")`);
  return n;
}
