import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { obtainPassphrase } from './passphrase.js';

export interface ServeOptions {
  port: string;
  host: string;
  passphraseFile?: string;
  role?: string;
  /** false with --no-worker: this process serves only, and separate `vigil worker` processes work the queue. */
  worker?: boolean;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a number from 1 to 65535 (got "${value}")`);
  return port;
}

export type ServeRole = 'all' | 'staff' | 'intake';

const SWEEP_MS = 6 * 60 * 60 * 1000;

/**
 * Starts the server on the home named by the environment, until Ctrl-C. With the staff role the passphrase
 * unlocks the identity once, at start; it then lives in this process's memory only. The intake role alone
 * needs no passphrase: it holds only the organisation's public recipients.
 */
export async function serve(options: ServeOptions, banner = '', passphrase?: string): Promise<void> {
  const port = parsePort(options.port);
  const role = parseRole(options.role ?? 'all');
  const config = loadConfig();
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    let intake: import('../intake/index.js').Intake | undefined;
    let server: import('../server/index.js').App;
    let search: { warm(): Promise<number> } | null = null;
    let organisation = 'intake';
    if (role === 'intake') {
      intake = await (await import('../app/open-intake-role.js')).openIntakeRole(config);
      closers.push(() => intake!.close());
      // Only the intake's modules are loaded: the public server carries nothing of the staff side.
      server = await (await import('../server/intake-server.js')).buildIntakeServer({ intake, logLevel: 'error' });
    } else {
      const { openVigil } = await import('../app/open-vigil.js');
      const { openStaff } = await import('../app/open-staff.js');
      const { buildServer } = await import('../server/app.js');
      const vigil = await openVigil(config);
      closers.push(() => vigil.close());
      organisation = vigil.settings.organisation;
      const keys = await vigil.keyring.unlock(passphrase ?? (await obtainPassphrase(config, { passphraseFile: options.passphraseFile })));
      vigil.unlockEvidence(keys.identity);
      const cases = await openStaff(vigil);
      search = cases.search;
      const { openIntake } = await import('../intake/open-intake.js');
      const { openIntakeStaff } = await import('../inbox/open-inbox.js');
      intake = await openIntake(config.intake, vigil.keyring.recipients);
      closers.push(() => intake!.close());
      const { openJobs, startWorker } = await import('../app/open-jobs.js');
      const working = options.worker !== false;
      const queue = await openJobs(vigil, { schedules: working });
      closers.push(() => queue.close());
      const intakeStaff = openIntakeStaff(intake, vigil.ingest, vigil.custody, vigil.evidenceIdentity, queue, vigil.database.db);
      if (working) {
        // Imports, retention sweeps and custody checkpoints run here too, unless separate workers do them.
        const worker = startWorker(queue, { vigil, intakeStaff, custodySignerKey: keys.custodySignerKey });
        closers.push(() => worker.stop());
      }
      const { openMediaTriage } = await import('../media/index.js');
      const media = openMediaTriage(vigil.database.db, vigil.media, cases.vaultItems, cases.audit);
      const { openHome } = await import('../app/open-home.js');
      const home = openHome(vigil, cases, intakeStaff, queue);
      server = await buildServer({ cases, intakeStaff, media, home, intake: role === 'all' ? { intake } : undefined, organisation, logLevel: 'error' });
      server.get('/', async (_request, reply) => reply.redirect('/app/'));
    }
    try {
      await server.listen({ port, host: options.host });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new Error(`port ${port} is in use: choose another with --port`, { cause: error });
      throw error;
    }
    closers.push(() => server.close());
    // The public intake alone holds no job queue (it opens no staff database): it sweeps on a timer of its own.
    let sweeper: NodeJS.Timeout | undefined;
    if (role === 'intake') {
      const sweep = () =>
        intake!.retention.sweep().catch((error: unknown) => process.stderr.write(`vigil: the intake retention sweep failed: ${(error as Error).message}\n`));
      void sweep();
      sweeper = setInterval(sweep, SWEEP_MS);
      sweeper.unref();
    }
    // The search index loads in the background: the first searches wait for it, nothing else does.
    search?.warm().then(
      (seconds) => seconds > 2 && process.stdout.write(`search index loaded in ${seconds.toFixed(0)} s\n`),
      (error: unknown) => process.stderr.write(`vigil: the search index did not load: ${(error as Error).message}\n`),
    );
    const host = options.host === '0.0.0.0' ? 'localhost' : options.host;
    const where =
      role === 'intake'
        ? `the intake at http://${host}:${port}/submit/`
        : `http://${host}:${port}/app/  (API documentation at /api/docs${role === 'all' ? `; source intake at /submit/` : ''})`;
    process.stdout.write(`${banner}Vigil (${organisation}) is serving ${where}. Ctrl-C stops it.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    clearInterval(sweeper);
  } finally {
    await closeAll();
  }
}

function parseRole(value: string): ServeRole {
  if (value === 'all' || value === 'staff' || value === 'intake') return value;
  throw new Error(`--role must be all, staff or intake (got "${value}")`);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server: the staff app and API, and the source intake under /submit/')
    .option('--role <role>', 'all (both in one process), staff, or intake (the public side alone, no passphrase)', 'all')
    .option('--port <port>', 'TCP port', '8080')
    .option('--host <address>', 'address to listen on; keep 127.0.0.1 behind a TLS reverse proxy', '127.0.0.1')
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set VIGIL_PASSPHRASE; otherwise it is asked)')
    .option('--no-worker', 'do not work the job queue here (run `vigil worker` processes instead)')
    .action(async (options: ServeOptions) => serve(options));
}
