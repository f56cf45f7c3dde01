import { loadConfig } from '../config/index.js';
import { openVigil, type Vigil } from '../app/index.js';
import type { UnlockedKeys } from '../keys/index.js';
import { obtainPassphrase } from './passphrase.js';

/** Opens the home named by the environment, runs `work`, and always closes the database. */
export async function withVigil<T>(work: (vigil: Vigil) => Promise<T>): Promise<T> {
  const vigil = await openVigil(loadConfig());
  try {
    return await work(vigil);
  } finally {
    await vigil.close();
  }
}

export async function unlock(vigil: Vigil, options: { passphraseFile?: string }): Promise<UnlockedKeys> {
  return vigil.keyring.unlock(await obtainPassphrase(vigil.config, options));
}

/** First Ctrl-C asks the work to stop cleanly (and resumably); the second one exits at once. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the files in progress… (Ctrl-C again to quit now; run the same command to resume)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
