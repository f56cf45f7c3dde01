import type { Command } from 'commander';
import { homeLayout } from '../config/index.js';
import { createHome } from '../keys/index.js';
import { obtainPassphrase } from './passphrase.js';
import { loadConfig } from '../config/index.js';
import { printJson, withVigil } from './session.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a Vigil home (VIGIL_HOME, default ./vigil-data): keys, custody key, database')
    .option('--organisation <name>', 'the organisation this vault belongs to', 'Vigil organisation')
    .option('--passphrase-file <file>', 'read the new passphrase from a file instead of the terminal')
    .option('--json', 'print the result as JSON')
    .action(async (options: { organisation: string; passphraseFile?: string; json?: boolean }) => {
      const config = loadConfig();
      const passphrase = await obtainPassphrase(config, { passphraseFile: options.passphraseFile, confirm: true });
      const created = await createHome(homeLayout(config.home), { organisation: options.organisation, passphrase, scryptLogN: config.scryptLogN });
      await withVigil(async () => undefined); // creates and migrates the database
      if (options.json) {
        printJson({ home: config.home, ...created });
        return;
      }
      process.stdout.write(
        `Created ${config.home} for ${created.settings.organisation}.\n` +
          `  vault recipient:   ${created.recipient}\n` +
          `  custody log:       ${created.settings.custodyOrigin}\n` +
          `  custody verifier:  ${created.custodyVerifierKey}\n` +
          `The identity is encrypted with your passphrase; without it nothing in the vault can be read.\n` +
          `Next: vigil ingest PATH…\n`,
      );
    });
}
