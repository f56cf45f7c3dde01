import path from 'node:path';
import { ConfigError } from './config.js';

/** Where the custody log is anchored outside its database. */
export interface CustodyConfig {
  /** The append-only checkpoint file (default `$VIGIL_HOME/custody/checkpoints.jsonl`). */
  checkpointFile: string;
  /**
   * The witnesses every new checkpoint is submitted to (C2SP tlog-witness), as "URL VERIFIER_KEY"
   * entries; the witness module checks each when the home is opened.
   */
  witnesses: string[];
  /** How many witnesses must cosign a checkpoint for it to be recorded (VIGIL_WITNESS_QUORUM). */
  quorum: number;
  /**
   * PEM file of the CA certificate(s) the RFC 3161 authority's certificate must chain to (VIGIL_TSA_CA_FILE);
   * null: a token is checked against the certificate it carries, without a chain.
   */
  tsaCaFile: string | null;
}

export function loadCustodyConfig(env: NodeJS.ProcessEnv, home: string): CustodyConfig {
  const file = env.VIGIL_CHECKPOINT_FILE?.trim();
  const witnesses = (env.VIGIL_WITNESSES ?? '')
    .split(/[;\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return {
    checkpointFile: file ? path.resolve(home, file) : path.join(home, 'custody', 'checkpoints.jsonl'),
    witnesses,
    quorum: parseQuorum(env.VIGIL_WITNESS_QUORUM?.trim() || undefined, witnesses.length),
    tsaCaFile: env.VIGIL_TSA_CA_FILE?.trim() ? path.resolve(home, env.VIGIL_TSA_CA_FILE.trim()) : null,
  };
}

/** By default one witness must cosign when any is configured: a blocked witness must not let a rolled-back log through. */
function parseQuorum(value: string | undefined, witnesses: number): number {
  if (value === undefined) return Math.min(1, witnesses);
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > witnesses) {
    throw new ConfigError(`VIGIL_WITNESS_QUORUM must be a whole number from 0 to the ${witnesses} witness(es) of VIGIL_WITNESSES (got "${value}")`);
  }
  return n;
}
