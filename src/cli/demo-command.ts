import type { Command } from 'commander';
import { runDemo } from '../app/demo.js';
import { loadConfig } from '../config/config.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create a demo vault with fictional files in VIGIL_HOME (default ./vigil-data) and show what to try')
    .action(async () => {
      const result = await runDemo(loadConfig());
      const env = result.home === `${process.cwd()}/vigil-data` ? '' : `VIGIL_HOME=${result.home} `;
      process.stdout.write(
        (result.created
          ? `Created a demo vault in ${result.home}: ${result.items} items, custody log checkpointed at size ${result.checkpointSize}.\nDemo passphrase: ${result.passphrase}\n`
          : `The vault in ${result.home} already exists (${result.items} items).\n`) +
          `\nTry:\n` +
          `  ${env}npx vigil vault list\n` +
          `  ${env}npx vigil verify\n` +
          `  ${env}npx vigil custody prove ITEM_ID --json > proof.json && npx vigil custody check-proof proof.json\n` +
          `  ${env}npx vigil ingest SOME/FOLDER\n`,
      );
    });
}
