import type { Command } from 'commander';
import { obtainPassphrase } from './passphrase.js';
import { unlock, withVigil } from './session.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("the organisation's keys");
  keys
    .command('identity')
    .description("print the organisation's age identity (AGE-SECRET-KEY-1…) so an offline machine can open blobs with `age -d -i`")
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .action(async (options: { passphraseFile?: string }) => {
      await withVigil(async (vigil) => {
        const { identity } = await unlock(vigil, options);
        if (process.stdout.isTTY) process.stderr.write('This key opens every item in the vault. Keep it off networked machines.\n');
        process.stdout.write(`${identity}\n`);
      });
    });
  keys
    .command('recipients')
    .description("print the organisation's public age recipients")
    .action(async () => {
      await withVigil(async (vigil) => process.stdout.write(`${vigil.keyring.recipients.join('\n')}\n`));
    });
  keys
    .command('custody')
    .description("print the custody log's verifier key (public), for anyone checking checkpoints")
    .action(async () => {
      await withVigil(async (vigil) => process.stdout.write(`${vigil.keyring.custodyVerifierKey}\n`));
    });
  keys
    .command('move-signer')
    .description('move the custody signing key of a home made before version 0.2 from custody-signer.age into the passphrase-protected identity file')
    .requiredOption('--published-key <key>', 'the custody verifier key as you published it (evidence packages, witnesses), from your own records')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .action(async (options: { publishedKey: string; passphraseFile?: string }) => {
      await withVigil(async (vigil) => {
        const key = await vigil.keyring.moveLegacySigner(await obtainPassphrase(vigil.config, options), options.publishedKey);
        process.stdout.write(`The custody signing key of ${key} is now in ${vigil.layout.identityFile}, under the passphrase.\n`);
      });
    });
}
