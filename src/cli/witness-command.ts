import type { Command } from 'commander';
import {
  initWitness,
  listLogStates,
  loadWitnessConfig,
  readWitnessSettings,
  startWitnessServer,
  trustLog,
  unlockWitnessKey,
  witnessLayout,
} from '../witness/index.js';
import { obtainSecret, PassphraseUnavailableError } from './passphrase.js';
import { printJson } from './session.js';
import { parsePort } from './serve-command.js';

const PASSPHRASE_ENV = 'VIGIL_WITNESS_PASSPHRASE';

/** The witness key's passphrase: --passphrase-file, VIGIL_WITNESS_PASSPHRASE, or a hidden prompt. */
async function witnessPassphrase(options: { passphraseFile?: string }, confirm: boolean): Promise<string> {
  if (!options.passphraseFile && !process.env[PASSPHRASE_ENV] && !process.stdin.isTTY) {
    throw new PassphraseUnavailableError(`the witness key's passphrase is needed: run in a terminal, set ${PASSPHRASE_ENV}, or use --passphrase-file FILE`);
  }
  return obtainSecret({ file: options.passphraseFile, env: PASSPHRASE_ENV, prompt: confirm ? 'New witness passphrase: ' : 'Witness passphrase: ', confirm });
}

export function registerWitness(program: Command): void {
  const witness = program
    .command('witness')
    .description("run a witness (c2sp.org/tlog-witness) that cosigns other logs' checkpoints, in VIGIL_WITNESS_HOME (default ./vigil-witness)");

  witness
    .command('init')
    .description('create a witness: its key (under a passphrase) and an empty memory; prints the verifier key to give to logs')
    .requiredOption('--name <name>', "the witness's name, a URL without scheme, e.g. witness.example.org/vigil")
    .option('--passphrase-file <file>', 'read the new passphrase from a file instead of the terminal')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; passphraseFile?: string; json?: boolean }) => {
      const config = loadWitnessConfig();
      const passphrase = await witnessPassphrase(options, true);
      const settings = await initWitness(witnessLayout(config.dir), { name: options.name, passphrase, scryptLogN: config.scryptLogN });
      if (options.json) return printJson({ dir: config.dir, name: settings.name, verifierKey: settings.verifierKey });
      process.stdout.write(
        `Created the witness ${settings.name} in ${config.dir}.\n` +
          `  verifier key: ${settings.verifierKey}\n` +
          `A log that submits to this witness lists "URL ${settings.verifierKey}" in VIGIL_WITNESSES.\n` +
          `Next: vigil witness trust ORIGIN LOG_VERIFIER_KEY, then vigil witness serve.\n`,
      );
    });

  witness
    .command('trust')
    .description('witness a log: its origin (the first line of its checkpoints) and its verifier key (what `vigil keys custody` prints)')
    .argument('<origin>', "the log's origin")
    .argument('<log-verifier-key>', "the log's note verifier key")
    .action(async (origin: string, logVerifierKey: string) => {
      const layout = witnessLayout(loadWitnessConfig().dir);
      readWitnessSettings(layout);
      const state = await trustLog(layout, origin, logVerifierKey);
      const since = state.size > 0 ? `; it last cosigned size ${state.size}` : '; its first checkpoint will be cosigned as it comes';
      process.stdout.write(`This witness trusts the log ${state.origin} (key ${state.logVerifierKey})${since}.\n`);
    });

  witness
    .command('list')
    .description("the witness's key and the logs it witnesses, with the latest size it cosigned for each")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const layout = witnessLayout(loadWitnessConfig().dir);
      const settings = readWitnessSettings(layout);
      const logs = await listLogStates(layout);
      if (options.json) {
        const rows = logs.map(({ origin, logVerifierKey, size, rootHash, cosignedAt }) => ({ origin, logVerifierKey, size, rootHash, cosignedAt }));
        return printJson({ name: settings.name, verifierKey: settings.verifierKey, logs: rows });
      }
      process.stdout.write(`witness ${settings.name}\n  verifier key: ${settings.verifierKey}\n`);
      if (logs.length === 0) process.stdout.write('no logs yet: add one with `vigil witness trust ORIGIN LOG_VERIFIER_KEY`\n');
      for (const log of logs) {
        const when =
          log.cosignedAt === null
            ? 'nothing cosigned yet'
            : `size ${log.size}, root ${log.rootHash}, cosigned ${new Date(log.cosignedAt * 1000).toISOString()}`;
        process.stdout.write(`${log.origin}\n  key: ${log.logVerifierKey}\n  ${when}\n`);
      }
    });

  witness
    .command('serve')
    .description("answer POST /add-checkpoint (c2sp.org/tlog-witness) until Ctrl-C; asks for the witness key's passphrase")
    .option('--host <address>', 'address to listen on; keep 127.0.0.1 behind a TLS reverse proxy', '127.0.0.1')
    .option('--port <port>', 'TCP port', '7380')
    .option('--passphrase-file <file>', `read the passphrase from a file (or set ${PASSPHRASE_ENV}; otherwise it is asked)`)
    .action(async (options: { host: string; port: string; passphraseFile?: string }) => {
      const port = parsePort(options.port);
      const layout = witnessLayout(loadWitnessConfig().dir);
      const settings = readWitnessSettings(layout);
      const signerKey = await unlockWitnessKey(layout, await witnessPassphrase(options, false));
      const server = await startWitnessServer({ dir: layout.root, signerKey, host: options.host, port });
      const logs = (await listLogStates(layout)).length;
      process.stdout.write(`Witness ${settings.name} is serving ${server.url}/add-checkpoint for ${logs} log${logs === 1 ? '' : 's'}. Ctrl-C stops it.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}
