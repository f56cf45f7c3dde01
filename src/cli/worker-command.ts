import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { openWorkerRole } from '../app/index.js';
import { obtainPassphrase } from './passphrase.js';

/** Works the home's job queue until SIGTERM or Ctrl-C; the job in hand finishes or goes back to the queue. */
export async function work(options: { passphraseFile?: string }): Promise<void> {
  const config = loadConfig();
  const role = await openWorkerRole(config, () => obtainPassphrase(config, options));
  try {
    process.stdout.write(
      `Vigil worker ${role.worker.workerId} is working the ${role.engine === 'pg-boss' ? 'pg-boss' : 'embedded'} job queue. Ctrl-C stops it.\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stdout.write('stopping: the job in hand finishes or goes back to the queue…\n');
  } finally {
    await role.stop();
  }
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('work the job queue (imports, retention sweeps, custody checkpoints); run as many as you like on PostgreSQL')
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set VIGIL_PASSPHRASE; otherwise it is asked)')
    .action(async (options: { passphraseFile?: string }) => work(options));
}
