import { Command, CommanderError } from 'commander';
import { describeError } from './describe-error.js';

const program = new Command()
  .name('vigil')
  .description('Vigil: an evidence vault with a verifiable custody log, for documenting abuse in places of detention')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

/**
 * Each command's module, loaded only when that command runs (help loads them all): the public intake
 * server, for one, then carries none of the vault's code in its memory.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  init: async () => (await import('./init-command.js')).registerInit,
  ingest: async () => (await import('./ingest-command.js')).registerIngest,
  vault: async () => (await import('./vault-command.js')).registerVault,
  keys: async () => (await import('./keys-command.js')).registerKeys,
  custody: async () => (await import('./custody-command.js')).registerCustody,
  verify: async () => (await import('./verify-command.js')).registerVerify,
  export: async () => (await import('./export-command.js')).registerExport,
  demo: async () => (await import('./demo-command.js')).registerDemo,
  serve: async () => (await import('./serve-command.js')).registerServe,
  users: async () => (await import('./users-command.js')).registerUsers,
  witness: async () => (await import('./witness-command.js')).registerWitness,
  blobs: async () => (await import('./blobs-command.js')).registerBlobs,
  worker: async () => (await import('./worker-command.js')).registerWorker,
  jobs: async () => (await import('./jobs-command.js')).registerJobs,
  media: async () => (await import('./media-command.js')).registerMedia,
  match: async () => (await import('./match-command.js')).registerMatch,
};

const named = COMMANDS[process.argv[2] ?? ''];
for (const load of named ? [named] : Object.values(COMMANDS)) (await load())(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`vigil: ${describeError(error)}\n`);
    process.exitCode = 1;
  }
}
