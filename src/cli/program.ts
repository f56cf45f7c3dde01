import { Command, CommanderError } from 'commander';
import { registerInit } from './init-command.js';
import { registerIngest } from './ingest-command.js';
import { registerVault } from './vault-command.js';
import { registerKeys } from './keys-command.js';
import { registerCustody } from './custody-command.js';
import { registerVerify } from './verify-command.js';
import { registerExport } from './export-command.js';
import { registerDemo } from './demo-command.js';
import { registerServe } from './serve-command.js';
import { registerUsers } from './users-command.js';
import { describeError } from './describe-error.js';

const program = new Command()
  .name('vigil')
  .description('Vigil: an evidence vault with a verifiable custody log, for documenting abuse in places of detention')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerInit(program);
registerIngest(program);
registerVault(program);
registerKeys(program);
registerCustody(program);
registerVerify(program);
registerExport(program);
registerDemo(program);
registerServe(program);
registerUsers(program);

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
