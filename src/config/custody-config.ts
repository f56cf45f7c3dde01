import path from 'node:path';

/** Where the custody log is anchored outside its database. */
export interface CustodyConfig {
  /** The append-only checkpoint file (default `$VIGIL_HOME/custody/checkpoints.jsonl`). */
  checkpointFile: string;
  /**
   * The witnesses every new checkpoint is submitted to (C2SP tlog-witness), as "URL VERIFIER_KEY"
   * entries; the witness module checks each when the home is opened.
   */
  witnesses: string[];
}

export function loadCustodyConfig(env: NodeJS.ProcessEnv, home: string): CustodyConfig {
  const file = env.VIGIL_CHECKPOINT_FILE?.trim();
  return {
    checkpointFile: file ? path.resolve(home, file) : path.join(home, 'custody', 'checkpoints.jsonl'),
    witnesses: (env.VIGIL_WITNESSES ?? '')
      .split(/[;\n]/)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  };
}
