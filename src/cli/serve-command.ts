import type { Command } from 'commander';
import { openVigil } from '../app/open-vigil.js';
import { loadConfig } from '../config/config.js';
import { openStaff } from '../app/open-staff.js';
import { obtainPassphrase } from './passphrase.js';

export interface ServeOptions {
  port: string;
  host: string;
  passphraseFile?: string;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a number from 1 to 65535 (got "${value}")`);
  return port;
}

/**
 * Starts the staff API on the home named by the environment, until Ctrl-C. The passphrase unlocks the
 * identity once, at start; it then lives in this process's memory only, for the evidence player.
 */
export async function serve(options: ServeOptions, banner = '', passphrase?: string): Promise<void> {
  const port = parsePort(options.port);
  const config = loadConfig();
  const vigil = await openVigil(config);
  try {
    const keys = await vigil.keyring.unlock(passphrase ?? (await obtainPassphrase(config, { passphraseFile: options.passphraseFile })));
    vigil.unlockEvidence(keys.identity);
  } catch (error) {
    await vigil.close();
    throw error;
  }
  const cases = await openStaff(vigil);
  // Imported here: the server's modules are not loaded for the other commands.
  const { buildServer } = await import('../server/app.js');
  const app = await buildServer({ cases, organisation: vigil.settings.organisation, logLevel: 'error' });
  app.get('/', { config: { access: 'public' } }, async (_request, reply) => reply.redirect('/app/'));
  try {
    await app.listen({ port, host: options.host });
  } catch (error) {
    await vigil.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} is in use: choose another with --port`);
    throw error;
  }
  // The search index loads in the background: the first searches wait for it, nothing else does.
  cases.search.warm().then(
    (seconds) => seconds > 2 && process.stdout.write(`search index loaded in ${seconds.toFixed(0)} s\n`),
    (error: unknown) => process.stderr.write(`vigil: the search index did not load: ${(error as Error).message}\n`),
  );
  process.stdout.write(`${banner}Vigil (${vigil.settings.organisation}) is serving http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}/app/  (API documentation at /api/docs). Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await vigil.close();
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the staff API (and, soon, the staff web app)')
    .option('--port <port>', 'TCP port', '8080')
    .option('--host <address>', 'address to listen on; keep 127.0.0.1 behind a TLS reverse proxy', '127.0.0.1')
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set VIGIL_PASSPHRASE; otherwise it is asked)')
    .action(async (options: ServeOptions) => serve(options));
}
